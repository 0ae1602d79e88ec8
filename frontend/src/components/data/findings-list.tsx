import { CheckCircle2, Loader2, Wand2 } from "lucide-react";
import { useNavigate } from "react-router";
import { toast } from "sonner";

import type { CleanOp, Finding } from "@/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Empty, EmptyDescription, EmptyHeader, EmptyMedia, EmptyTitle } from "@/components/ui/empty";
import { Skeleton } from "@/components/ui/skeleton";
import { useCleanDataset } from "@/hooks/use-datasets";
import { formatInt, plural } from "@/lib/format";
import { fixLabels } from "@/lib/labels";
import { cn } from "@/lib/utils";

const severityOrder: Record<Finding["severity"], number> = { error: 0, warning: 1, tip: 2 };
const severityLabels: Record<Finding["severity"], string> = { error: "Error", warning: "Warning", tip: "Tip" };

interface FindingsListProps extends React.ComponentProps<"ul"> {
  datasetId: number;
  rows: number;
  findings: Finding[];
}

/** What we found in the data, worst first; a fixable finding gets a one-click Fix. */
export function FindingsList({ datasetId, rows, findings, className, ...props }: FindingsListProps) {
  const navigate = useNavigate();
  const clean = useCleanDataset(datasetId);

  function fix(op: CleanOp) {
    clean.mutate([op], {
      onSuccess: (version) => {
        const removed = rows - version.rows;
        toast.success(`Saved as version ${version.version}`, {
          description: removed > 0 ? `${plural(removed, "row")} removed.` : `${fixLabels[op]}: done.`,
        });
        navigate(`/data/${version.id}`);
      },
    });
  }

  if (findings.length === 0) return <FindingsEmpty />;
  const sorted = [...findings].sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]);

  return (
    <ul className={cn("divide-y", className)} aria-label="Findings" {...props}>
      {sorted.map((finding, index) => (
        <li key={`${finding.code}-${finding.column ?? ""}-${index}`} className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0 sm:flex-row sm:items-start">
          <Badge variant={finding.severity} className="w-16 sm:mt-0.5">
            {severityLabels[finding.severity]}
          </Badge>
          <div className="min-w-0 flex-1 space-y-1">
            <p className="font-medium">{finding.message}</p>
            <p className="text-sm text-muted-foreground">{finding.hint}</p>
            <FindingMeta finding={finding} />
          </div>
          {finding.fix && (
            <Button
              variant="outline"
              size="sm"
              className="self-start"
              disabled={clean.isPending}
              onClick={() => fix(finding.fix as CleanOp)}
            >
              {clean.isPending && clean.variables?.[0] === finding.fix ? (
                <Loader2 aria-hidden="true" className="animate-spin" />
              ) : (
                <Wand2 aria-hidden="true" />
              )}
              Fix: {fixLabels[finding.fix].toLowerCase()}
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}

function FindingMeta({ finding }: { finding: Finding }) {
  const parts: string[] = [];
  if (finding.column) parts.push(`Column “${finding.column}”`);
  if (finding.affected != null) parts.push(plural(finding.affected, "row") + " affected");
  const samples = finding.sample_rows ?? [];
  if (samples.length > 0) {
    // The API counts rows from 0; people (and the preview table) count from 1.
    parts.push(`e.g. row ${samples.slice(0, 5).map((row) => formatInt(row + 1)).join(", ")}`);
  }
  if (parts.length === 0) return null;
  return <p className="text-xs text-muted-foreground">{parts.join(" · ")}</p>;
}

export function FindingsEmpty() {
  return (
    <Empty className="border-none bg-transparent p-4 md:p-6">
      <EmptyHeader>
        <EmptyMedia className="bg-emerald-50 text-emerald-700">
          <CheckCircle2 aria-hidden="true" />
        </EmptyMedia>
        <EmptyTitle>No problems found</EmptyTitle>
        <EmptyDescription>Your data passed every check for this template.</EmptyDescription>
      </EmptyHeader>
    </Empty>
  );
}

export function FindingsListSkeleton() {
  return (
    <div className="space-y-4" role="status" aria-label="Loading findings">
      {Array.from({ length: 3 }, (_, index) => (
        <div key={index} className="flex gap-3">
          <Skeleton className="h-5 w-16" />
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-3/4" />
            <Skeleton className="h-3 w-1/2" />
          </div>
        </div>
      ))}
    </div>
  );
}
