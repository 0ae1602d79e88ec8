import { formatInt, formatPercent } from "@/lib/format";
import { cn } from "@/lib/utils";

const MAX_BARS = 12;

interface LabelBarsProps extends React.ComponentProps<"ul"> {
  counts: Record<string, number>;
}

/** How many examples each label has, as horizontal bars, most common first. */
export function LabelBars({ counts, className, ...props }: LabelBarsProps) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  const largest = entries[0]?.[1] ?? 0;
  const shown = entries.slice(0, MAX_BARS);
  const rest = entries.length - shown.length;

  return (
    <ul className={cn("space-y-2", className)} aria-label="Label counts" {...props}>
      {shown.map(([label, count]) => (
        <li key={label} className="grid grid-cols-[minmax(0,8rem)_1fr_auto] items-center gap-3 text-sm">
          <span className="truncate" title={label}>
            {label}
          </span>
          <span className="h-2.5 overflow-hidden rounded-full bg-muted" aria-hidden="true">
            <span
              className="block h-full rounded-full bg-primary/80"
              style={{ width: `${largest ? Math.max((count / largest) * 100, 2) : 0}%` }}
            />
          </span>
          <span className="text-right text-muted-foreground tabular-nums">
            {formatInt(count)} <span className="text-xs">({formatPercent(count, total)})</span>
          </span>
        </li>
      ))}
      {rest > 0 && (
        <li className="text-sm text-muted-foreground">
          and {formatInt(rest)} more label{rest === 1 ? "" : "s"}
        </li>
      )}
    </ul>
  );
}
