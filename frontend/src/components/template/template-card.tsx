import { ArrowRight, CheckCircle2 } from "lucide-react";

import type { Template } from "@/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { formatInt } from "@/lib/format";
import { taskLabels } from "@/lib/labels";
import { cn } from "@/lib/utils";

import { TrainingEstimate } from "./training-estimate";

interface TemplateCardProps extends React.ComponentProps<typeof Card> {
  template: Template;
  selected: boolean;
  onChoose: (template: Template) => void;
}

/** One template: what it does, what data it wants (with examples), and a button to choose it. */
export function TemplateCard({ template, selected, onChoose, className, ...props }: TemplateCardProps) {
  const headingId = `template-${template.id}`;
  return (
    <Card
      aria-labelledby={headingId}
      className={cn("h-full", selected && "border-primary ring-2 ring-primary/20", className)}
      {...props}
    >
      <CardHeader>
        <div className="flex flex-wrap items-center gap-2">
          <Badge variant="tip">{taskLabels[template.task]}</Badge>
          {selected && (
            <Badge variant="outline" className="border-primary/40 text-primary">
              <CheckCircle2 aria-hidden="true" /> Selected
            </Badge>
          )}
        </div>
        <CardTitle id={headingId} className="pt-2 text-lg">
          {template.name}
        </CardTitle>
        <CardDescription className="leading-relaxed">{template.description}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-1 flex-col gap-3 text-sm">
        <div>
          <p className="font-medium">Your data</p>
          <p className="text-muted-foreground">{template.data_shape}</p>
        </div>
        <p className="text-muted-foreground">
          At least {formatInt(template.min_examples)} examples, ideally{" "}
          {formatInt(template.recommended_examples)}+.
        </p>
        <TrainingEstimate templateId={template.id} fallbackModel={template.default_model} />
        <details className="group rounded-md border bg-muted/40 px-3 py-2">
          <summary className="cursor-pointer rounded-sm text-sm font-medium outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
            Example rows
          </summary>
          <ul className="mt-2 space-y-2">
            {template.example_rows.map((row, index) => (
              <li key={index} className="rounded bg-card p-2 font-mono text-xs break-words">
                {Object.entries(row).map(([key, value]) => (
                  <div key={key} className="line-clamp-3">
                    <span className="text-muted-foreground">{key}: </span>
                    {typeof value === "string" ? value : JSON.stringify(value)}
                  </div>
                ))}
              </li>
            ))}
          </ul>
        </details>
      </CardContent>
      <CardFooter className="mt-auto">
        <Button
          onClick={() => onChoose(template)}
          variant={selected ? "default" : "outline"}
          aria-describedby={headingId}
          className="w-full"
        >
          {selected ? "Continue" : "Use this template"}
          <ArrowRight aria-hidden="true" />
        </Button>
      </CardFooter>
    </Card>
  );
}
