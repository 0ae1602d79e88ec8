import type { ClassifyOutput } from "@/client";
import { Badge } from "@/components/ui/badge";
import { formatProbability } from "@/lib/format";
import { cn } from "@/lib/utils";

import { AttentionText } from "./attention-text";
import { ProbabilityBars } from "./probability-bars";

interface ClassifierResultsProps extends React.ComponentProps<"ol"> {
  texts: string[];
  output: ClassifyOutput;
}

/** Per text: the label chosen and how sure, every label's probability, and what it looked at. */
export function ClassifierResults({ texts, output, className, ...props }: ClassifierResultsProps) {
  return (
    <ol aria-label="Results" className={cn("space-y-4", className)} {...props}>
      {output.predictions.map((prediction, index) => {
        const text = texts[index] ?? "";
        const attention = output.attention?.[index];
        const sure = prediction.probabilities[prediction.label] ?? 0;
        return (
          <li key={index} aria-label={`Text ${index + 1}: ${prediction.label}`} className="space-y-4 rounded-lg border p-4">
            <div className="flex flex-wrap items-center gap-2">
              <Badge className="text-sm">{prediction.label}</Badge>
              <span className="text-sm text-muted-foreground">{formatProbability(sure)} sure</span>
            </div>
            {!attention && <p className="text-sm break-words">{text}</p>}
            <div className="grid gap-5 lg:grid-cols-2">
              <section aria-label="Probability of each label" className="space-y-2">
                <h5 className="text-xs font-medium text-muted-foreground uppercase">Probability of each label</h5>
                <ProbabilityBars probabilities={prediction.probabilities} chosen={prediction.label} />
              </section>
              {attention && (
                <section aria-label="What it looked at" className="space-y-2">
                  <h5 className="text-xs font-medium text-muted-foreground uppercase">What it looked at</h5>
                  <AttentionText attention={attention} />
                </section>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
