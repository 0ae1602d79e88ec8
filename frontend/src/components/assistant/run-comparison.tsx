import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatMetric, metricLabel } from "@/lib/metrics";
import { formatSetting, settingTitle } from "@/lib/settings";
import { cn } from "@/lib/utils";

interface Comparison {
  runs: [number, number];
  metrics: { name: string; a: number; b: number; better: number | null }[];
  settings: { name: string; a: unknown; b: unknown }[];
}

/** The `data` of a "compare" reply, or null when it is something else. */
function readComparison(data: Record<string, unknown>): Comparison | null {
  const { runs, metrics, settings } = data as Partial<Comparison>;
  if (!Array.isArray(runs) || runs.length !== 2 || !Array.isArray(metrics)) return null;
  return { runs: runs as [number, number], metrics, settings: Array.isArray(settings) ? settings : [] };
}

/** Two runs side by side: shared metrics (the better one marked) and the settings that differ. */
export function RunComparison({ data, className, ...props }: { data: Record<string, unknown> } & React.ComponentProps<"div">) {
  const comparison = readComparison(data);
  if (!comparison || (comparison.metrics.length === 0 && comparison.settings.length === 0)) return null;
  const [a, b] = comparison.runs;
  const cell = (winner: boolean) => cn("text-right tabular-nums", winner && "font-semibold text-emerald-700");
  return (
    <div className={cn("rounded-lg border bg-card", className)} {...props}>
      <Table>
        <TableCaption className="sr-only">
          Run {a} compared with run {b}
        </TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead className="pl-3">Metric</TableHead>
            <TableHead className="text-right">Run {a}</TableHead>
            <TableHead className="pr-3 text-right">Run {b}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {comparison.metrics.map((row) => (
            <TableRow key={row.name}>
              <TableCell className="pl-3">{metricLabel(row.name)}</TableCell>
              <TableCell className={cell(row.better === a)}>
                {formatMetric(row.name, row.a)}
                {row.better === a && <span className="sr-only"> (better)</span>}
              </TableCell>
              <TableCell className={cn(cell(row.better === b), "pr-3")}>
                {formatMetric(row.name, row.b)}
                {row.better === b && <span className="sr-only"> (better)</span>}
              </TableCell>
            </TableRow>
          ))}
          {comparison.settings.length > 0 && (
            <TableRow className="hover:bg-transparent">
              <TableHead colSpan={3} scope="colgroup" className="h-8 pl-3">
                Settings that differ
              </TableHead>
            </TableRow>
          )}
          {comparison.settings.map((row) => (
            <TableRow key={`setting-${row.name}`}>
              <TableCell className="pl-3">{settingTitle(row.name)}</TableCell>
              <TableCell className="text-right font-mono text-xs">{formatSetting(row.name, row.a)}</TableCell>
              <TableCell className="pr-3 text-right font-mono text-xs">{formatSetting(row.name, row.b)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
