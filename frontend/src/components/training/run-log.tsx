import type { LogLine } from "@/lib/run-events";
import { cn } from "@/lib/utils";

/** Messages the run wrote along the way (resumed, stopped early, saved), newest last. */
export function RunLog({ logs, className, ...props }: { logs: LogLine[] } & React.ComponentProps<"ol">) {
  if (logs.length === 0) return <p className="text-sm text-muted-foreground">Nothing to report yet.</p>;
  return (
    <ol className={cn("space-y-2 text-sm", className)} aria-label="Run messages" {...props}>
      {logs.map((line) => (
        <li key={line.seq} className="border-l-2 pl-3">
          <p>{line.message}</p>
          {line.hint && <p className="text-muted-foreground">{line.hint}</p>}
        </li>
      ))}
    </ol>
  );
}
