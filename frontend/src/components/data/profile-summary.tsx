import type { LengthProfile, NumberSummary, Profile } from "@/client";
import { Skeleton } from "@/components/ui/skeleton";
import { formatInt, formatNumber, formatPercent } from "@/lib/format";
import { cn } from "@/lib/utils";

import { LabelBars } from "./label-bars";

interface ProfileSummaryProps extends React.ComponentProps<"div"> {
  profile: Profile;
}

/** The numbers that matter before training: size, duplicates, example length, label balance. */
export function ProfileSummary({ profile, className, ...props }: ProfileSummaryProps) {
  const stats: { label: string; value: string; note?: string; warn?: boolean; words?: boolean }[] = [
    { label: "Rows", value: formatInt(profile.rows) },
    { label: "Columns", value: formatInt(profile.columns.length) },
    {
      label: "Duplicates",
      value: formatInt(profile.duplicates),
      note: profile.duplicates ? formatPercent(profile.duplicates, profile.rows) : undefined,
      warn: profile.duplicates > 0,
    },
    { label: "Empty rows", value: formatInt(profile.empty_rows), warn: profile.empty_rows > 0 },
  ];
  if (profile.target_kind) {
    stats.push({
      label: "Predicts",
      value: profile.target_kind === "classification" ? "A category" : "A number",
      words: true,
    });
  }

  return (
    <div className={cn("space-y-6", className)} {...props}>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-[repeat(auto-fit,minmax(9rem,1fr))]">
        {stats.map((stat) => (
          <div key={stat.label} className="rounded-lg border bg-muted/30 px-4 py-3">
            <dt className="text-xs font-medium text-muted-foreground uppercase">{stat.label}</dt>
            <dd
              className={cn(
                "mt-1 font-semibold tabular-nums",
                stat.words ? "text-lg leading-8" : "text-2xl",
                stat.warn && "text-[oklch(0.55_0.14_60)]",
              )}
            >
              {stat.value}
              {stat.note && <span className="ml-1.5 text-sm font-normal text-muted-foreground">{stat.note}</span>}
            </dd>
          </div>
        ))}
      </dl>
      {profile.lengths && <LengthSummary lengths={profile.lengths} />}
      {profile.labels && Object.keys(profile.labels).length > 0 && (
        <section aria-labelledby="label-distribution" className="space-y-3">
          <h4 id="label-distribution" className="text-sm font-medium">
            Label distribution
          </h4>
          <LabelBars counts={profile.labels} />
        </section>
      )}
    </div>
  );
}

function LengthSummary({ lengths }: { lengths: LengthProfile }) {
  return (
    <section aria-labelledby="example-length" className="space-y-3">
      <h4 id="example-length" className="text-sm font-medium">
        Example length
      </h4>
      <div className="grid gap-3 sm:grid-cols-2">
        <LengthRow title="Words" numbers={lengths.words} />
        {lengths.tokens ? (
          <LengthRow title="Tokens" detail={lengths.tokenizer} numbers={lengths.tokens} />
        ) : (
          <p className="rounded-lg border border-dashed px-4 py-3 text-sm text-muted-foreground">
            Token counts appear once a tokenizer is available for this template.
          </p>
        )}
      </div>
      {lengths.tokens && lengths.max_tokens != null && (
        <p className={cn("text-sm", lengths.over_limit > 0 ? "text-[oklch(0.5_0.13_60)]" : "text-muted-foreground")}>
          {lengths.over_limit > 0
            ? `${formatInt(lengths.over_limit)} examples are longer than the model's ${formatInt(lengths.max_tokens)}-token limit and will be cut short.`
            : `Every example fits the model's ${formatInt(lengths.max_tokens)}-token limit.`}
          {lengths.sampled > 0 && ` (Measured on ${formatInt(lengths.sampled)} examples.)`}
        </p>
      )}
    </section>
  );
}

function LengthRow({ title, detail, numbers }: { title: string; detail?: string | null; numbers: NumberSummary }) {
  const cells: [string, number][] = [
    ["Typical", numbers.p50],
    ["Long (95%)", numbers.p95],
    ["Longest", numbers.max],
  ];
  return (
    <div className="rounded-lg border px-4 py-3">
      <p className="truncate text-xs text-muted-foreground">
        <span className="font-medium uppercase">{title}</span>
        {detail && <span> · {detail}</span>}
      </p>
      <dl className="mt-2 grid grid-cols-3 gap-2">
        {cells.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-muted-foreground">{label}</dt>
            <dd className="font-semibold tabular-nums">{formatNumber(value)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export function ProfileSummarySkeleton() {
  return (
    <div className="space-y-6" role="status" aria-label="Loading profile">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {Array.from({ length: 4 }, (_, index) => (
          <Skeleton key={index} className="h-20" />
        ))}
      </div>
      <Skeleton className="h-24" />
    </div>
  );
}
