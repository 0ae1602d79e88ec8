import { Trophy } from "lucide-react";

import { LineChart } from "@/components/common/line-chart";
import { TermHelp } from "@/components/common/term-help";
import { labelOf, modelFamilyLabels } from "@/lib/labels";
import { formatMetric } from "@/lib/metrics";
import { cn } from "@/lib/utils";

interface Candidate {
  step: number;
  model: string;
  score: number;
  best: string;
  bestScore: number;
  metric: string;
}

/** The tabular search's step events: one per candidate model scored. */
function readCandidates(steps: Record<string, unknown>[]): Candidate[] {
  return steps.flatMap((p) =>
    typeof p.candidate === "string" && typeof p.cv_score === "number"
      ? [
          {
            step: typeof p.step === "number" ? p.step : 0,
            model: p.candidate,
            score: p.cv_score,
            best: typeof p.best_candidate === "string" ? p.best_candidate : p.candidate,
            bestScore: typeof p.best_score === "number" ? p.best_score : p.cv_score,
            metric: typeof p.metric === "string" ? p.metric : "score",
          },
        ]
      : [],
  );
}

const SHOWN = 6;

interface CandidateSearchProps extends React.ComponentProps<"div"> {
  steps: Record<string, unknown>[];
}

/** The model search of a table run: every candidate's cross-validated score and the best so far. */
export function CandidateSearch({ steps, className, ...props }: CandidateSearchProps) {
  const candidates = readCandidates(steps);
  const last = candidates[candidates.length - 1];
  const format = (value: number) => formatMetric(last?.metric ?? "", value);

  return (
    <div className={cn("space-y-5", className)} {...props}>
      <p className="flex flex-wrap items-center gap-x-2 text-sm" aria-live="polite">
        <Trophy aria-hidden="true" className="size-4 text-primary" />
        {last ? (
          <>
            Best so far: <span className="font-medium">{labelOf(modelFamilyLabels, last.best)}</span>
            <span className="text-muted-foreground">
              · {format(last.bestScore)} cross-validated
              <TermHelp term="cross_validation" />
            </span>
          </>
        ) : (
          "Scoring the first candidate model…"
        )}
      </p>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <LineChart
          label="Cross-validated score by candidate"
          xLabel="candidate"
          formatY={format}
          series={[
            { id: "score", label: "Candidate score", points: candidates.map((c) => ({ x: c.step, y: c.score })), color: "var(--primary)", dotsOnly: true },
            { id: "best", label: "Best so far", points: candidates.map((c) => ({ x: c.step, y: c.bestScore })), color: "oklch(0.6 0.13 163)" },
          ]}
          empty="The chart fills in as each candidate model is scored."
        />
        <section aria-label="Models tried" className="space-y-2">
          <h3 className="text-sm font-medium">Models tried ({candidates.length})</h3>
          <ol className="divide-y rounded-lg border text-sm">
            {candidates
              .slice(-SHOWN)
              .reverse()
              .map((c) => (
                <li key={c.step} className="flex items-center justify-between gap-3 px-3 py-2">
                  <span className="min-w-0 truncate">
                    <span className="text-muted-foreground tabular-nums">{c.step}. </span>
                    {labelOf(modelFamilyLabels, c.model)}
                  </span>
                  <span className="shrink-0 font-medium tabular-nums">{format(c.score)}</span>
                </li>
              ))}
            {candidates.length === 0 && <li className="px-3 py-2 text-muted-foreground">None yet.</li>}
          </ol>
        </section>
      </div>
    </div>
  );
}
