import { formatProbability } from "@/lib/format";
import { cn } from "@/lib/utils";

interface ProbabilityBarsProps extends React.ComponentProps<"ul"> {
  probabilities: Record<string, number>;
  /** The answer the model gave, highlighted. */
  chosen?: string;
  label?: string;
}

/** How sure the model is of each answer, as horizontal bars, most likely first. */
export function ProbabilityBars({ probabilities, chosen, label = "Probabilities", className, ...props }: ProbabilityBarsProps) {
  const entries = Object.entries(probabilities).sort((a, b) => b[1] - a[1]);
  return (
    <ul aria-label={label} className={cn("space-y-1.5", className)} {...props}>
      {entries.map(([name, p]) => (
        <li key={name} className="grid grid-cols-[minmax(0,7rem)_1fr_3.5rem] items-center gap-3 text-sm sm:grid-cols-[minmax(0,10rem)_1fr_3.5rem]">
          <span className={cn("truncate", name === chosen && "font-medium")} title={name}>
            {name}
          </span>
          <span className="h-2.5 overflow-hidden rounded-full bg-muted" aria-hidden="true">
            <span
              className={cn("block h-full rounded-full", name === chosen ? "bg-primary" : "bg-primary/40")}
              style={{ width: `${Math.max(p * 100, p > 0 ? 1 : 0)}%` }}
            />
          </span>
          <span className="text-right text-muted-foreground tabular-nums">{formatProbability(p)}</span>
        </li>
      ))}
    </ul>
  );
}
