import type { Usage, UsageBucket } from "@/client";
import { ErrorState } from "@/components/common/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useUsage } from "@/hooks/use-deployments";
import { formatInt, formatMeasure, formatProbability, formatWhen } from "@/lib/format";

import { HourlyBars, type HourValues } from "./hourly-bars";

const HOUR_MS = 3_600_000;
const HOURS = 12; // the last half day, the current hour last

/** The last HOURS hours, each with the picked figures of its bucket (none: no requests then). */
function lastHours(usage: Usage, now: number, pick: (bucket: UsageBucket) => (number | null)[]): HourValues[] {
  const byHour = new Map(usage.hourly.map((bucket) => [Math.floor(Date.parse(bucket.start) / HOUR_MS), bucket]));
  const current = Math.floor(now / HOUR_MS);
  return Array.from({ length: HOURS }, (_, index) => {
    const hour = current - HOURS + 1 + index;
    const bucket = byHour.get(hour);
    return { start: hour * HOUR_MS, values: bucket ? pick(bucket) : [null, null] };
  });
}

const ms = (value: number | null) => (value === null ? "—" : `${formatMeasure(value)}\u00a0ms`);

/** A deployment's traffic: requests, errors and latency (p50/p95) per hour, refreshed every few seconds. */
export function UsagePanel({ deploymentId }: { deploymentId: number }) {
  const usage = useUsage(deploymentId);
  if (usage.isPending) return <UsageSkeleton />;
  if (usage.isError) return <ErrorState error={usage.error} onRetry={() => usage.refetch()} />;

  const data = usage.data;
  const now = usage.dataUpdatedAt; // "now" is when these figures were read
  const latest = data.latest[0];
  const stats: [string, string][] = [
    ["Requests", formatInt(data.all_time_requests)],
    ["Errors", `${formatInt(data.totals.errors)} (${formatProbability(data.totals.error_rate)})`],
    ["Latency p50", ms(data.totals.p50_ms)],
    ["Latency p95", ms(data.totals.p95_ms)],
  ];

  return (
    <div className="space-y-5">
      <dl aria-label="Usage" className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {stats.map(([label, value]) => (
          <div key={label} className="min-w-0 rounded-lg border bg-muted/30 px-3 py-2.5">
            <dt className="text-xs text-muted-foreground">{label}</dt>
            <dd className="mt-0.5 truncate font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="text-xs text-muted-foreground" aria-live="polite">
        {latest ? `Last request ${formatWhen(latest.ts)} (HTTP ${latest.status_code}, ${ms(latest.latency_ms)}).` : "No requests yet: call the endpoint and they appear here within seconds."}
      </p>
      <div className="grid gap-6 lg:grid-cols-2">
        <HourlyBars
          label="Requests and errors per hour"
          format={formatInt}
          series={[
            { id: "requests", label: "Requests", color: "var(--primary)" },
            { id: "errors", label: "Errors", color: "var(--destructive)" },
          ]}
          hours={lastHours(data, now, (b) => [b.requests, b.errors])}
        />
        <HourlyBars
          label="Latency per hour"
          format={(v) => `${formatMeasure(v)} ms`}
          series={[
            { id: "p50", label: "p50 (typical)", color: "var(--primary)" },
            { id: "p95", label: "p95 (slowest 5%)", color: "var(--warning)" },
          ]}
          hours={lastHours(data, now, (b) => [b.p50_ms, b.p95_ms])}
        />
      </div>
    </div>
  );
}

function UsageSkeleton() {
  return (
    <div role="status" aria-label="Loading usage" className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      {Array.from({ length: 4 }, (_, index) => (
        <Skeleton key={index} className="h-16" />
      ))}
    </div>
  );
}
