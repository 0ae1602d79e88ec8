import { CheckCircle2, Lightbulb, Search, XCircle } from "lucide-react";

import type { ModelVersion } from "@/client";
import { TermHelp } from "@/components/common/term-help";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { formatMetric, gateLabel, metricRows } from "@/lib/metrics";
import { cn } from "@/lib/utils";

interface Gate {
  name: string;
  passed: boolean;
  metric?: string;
  value?: number;
  threshold?: number;
}

interface Verdict {
  passed: boolean;
  headline: string;
  insights: string[];
  suggestions: string[];
  gates: Gate[];
}

function readVerdict(raw: Record<string, unknown> | null): Verdict | null {
  if (!raw || typeof raw.headline !== "string") return null;
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
  return {
    passed: raw.passed === true,
    headline: raw.headline,
    insights: strings(raw.insights),
    suggestions: strings(raw.suggestions),
    gates: Array.isArray(raw.gates) ? (raw.gates as Gate[]) : [],
  };
}

/** How the trained model did: the verdict in words first (headline, what we noticed, what to try), then the numbers; `action` goes under the headline. */
export function RunVerdict({ model, action, className, ...props }: { model: ModelVersion; action?: React.ReactNode } & React.ComponentProps<typeof Card>) {
  const verdict = readVerdict(model.verdict);
  const rows = metricRows(model.metrics);
  const Icon = verdict?.passed ? CheckCircle2 : XCircle;
  return (
    <Card className={cn(verdict?.passed ? "border-emerald-600/30" : "border-destructive/30", className)} {...props}>
      <CardHeader className="gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <Icon aria-hidden="true" className={cn("size-6", verdict?.passed ? "text-emerald-600" : "text-destructive")} />
          <Badge variant={verdict?.passed ? "success" : "error"} className="text-sm">
            {verdict?.passed ? "Passed" : "Not passed"}
          </Badge>
          <span className="text-sm text-muted-foreground">
            {model.name} · version {model.version}
          </span>
        </div>
        <CardTitle className="text-lg leading-snug text-pretty">{verdict?.headline ?? "The model was saved."}</CardTitle>
        {action && <div className="flex flex-wrap gap-2 pt-1">{action}</div>}
      </CardHeader>
      <CardContent className="space-y-6">
        <div className="grid gap-6 md:grid-cols-2">
          <Notes title="What we noticed" icon={Search} items={verdict?.insights ?? []} />
          <Notes title="What to try next" icon={Lightbulb} items={verdict?.suggestions ?? []} empty="Nothing: the model is ready to try out." />
        </div>
        {verdict && verdict.gates.length > 0 && (
          <section aria-label="Quality checks" className="space-y-2">
            <h4 className="text-sm font-medium">Quality checks</h4>
            <ul className="divide-y rounded-lg border text-sm">
              {verdict.gates.map((gate) => (
                <li key={gate.name} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2.5">
                  <span className="flex items-center gap-2">
                    {gate.passed ? (
                      <CheckCircle2 aria-label="passed" className="size-4 text-emerald-600" />
                    ) : (
                      <XCircle aria-label="failed" className="size-4 text-destructive" />
                    )}
                    {gateLabel(gate.name)}
                  </span>
                  {typeof gate.value === "number" && (
                    <span className="text-muted-foreground tabular-nums">
                      {formatMetric(gate.metric ?? "", gate.value)}
                      {typeof gate.threshold === "number" && ` (threshold ${formatMetric(gate.metric ?? "", gate.threshold)})`}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </section>
        )}
        {rows.length > 0 && (
          <section aria-label="The numbers" className="space-y-2">
            <h4 className="text-sm font-medium">The numbers</h4>
            <dl className="grid grid-cols-2 items-start gap-3 sm:grid-cols-3 lg:grid-cols-4">
              {rows.map((row) => (
                <div key={row.key} className="min-w-0 rounded-lg border bg-muted/30 px-3 py-2.5">
                  <dt className="text-xs text-muted-foreground">
                    {row.label}
                    {row.help && <TermHelp term={row.help} />}
                  </dt>
                  <dd className="mt-0.5 truncate font-semibold tabular-nums">{row.value}</dd>
                </div>
              ))}
            </dl>
          </section>
        )}
      </CardContent>
    </Card>
  );
}

function Notes({ title, icon: Icon, items, empty }: { title: string; icon: typeof Search; items: string[]; empty?: string }) {
  return (
    <section aria-label={title} className="space-y-2">
      <h4 className="flex items-center gap-2 text-sm font-medium">
        <Icon aria-hidden="true" className="size-4 text-primary" /> {title}
      </h4>
      {items.length > 0 ? (
        <ul className="list-disc space-y-1.5 pl-5 text-sm text-pretty">
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted-foreground">{empty ?? "Nothing in particular."}</p>
      )}
    </section>
  );
}

export function RunVerdictSkeleton() {
  return (
    <Card role="status" aria-label="Loading the verdict">
      <CardHeader className="gap-3">
        <Skeleton className="h-6 w-28" />
        <Skeleton className="h-6 w-3/4" />
      </CardHeader>
      <CardContent className="grid gap-3 md:grid-cols-2">
        <Skeleton className="h-20" />
        <Skeleton className="h-20" />
      </CardContent>
    </Card>
  );
}
