import { Columns3, Loader2 } from "lucide-react";

import type { Dataset } from "@/client";
import { Empty, EmptyDescription, EmptyHeader, EmptyMedia, EmptyTitle } from "@/components/ui/empty";
import { Skeleton } from "@/components/ui/skeleton";
import { useUpdateColumnChoices } from "@/hooks/use-datasets";
import { chooseColumn, chooseMarker, flagsByColumn, summarize } from "@/lib/column-choices";
import { plural } from "@/lib/format";
import { cn } from "@/lib/utils";

import { ColumnChoiceRow } from "./column-choice-row";

interface ColumnChoicesProps extends React.ComponentProps<"div"> {
  dataset: Dataset;
  /** Only table models let people pick their inputs; other templates read fixed columns. */
  editable: boolean;
}

/**
 * Which columns training reads and why the others are left out; a switch keeps a flagged
 * column or drops an input, and each change is saved at once and the data re-checked.
 */
export function ColumnChoices({ dataset, editable, className, ...props }: ColumnChoicesProps) {
  const update = useUpdateColumnChoices(dataset.id);
  const { selection = [], flags = [], columns } = dataset.profile;
  // The whole set is sent back on every change (the PATCH replaces it).
  const choices = { include: [], exclude: [], markers_off: {}, ...dataset.column_choices };
  const flagged = flagsByColumn(flags);
  const profiles = new Map(columns.map((column) => [column.name, column]));

  if (selection.length === 0) return <ColumnChoicesEmpty />;
  const { inputs, leftOut } = summarize(selection);

  return (
    <div className={cn("space-y-4", className)} {...props}>
      <p className="text-sm">
        Learns from <span className="font-medium">{plural(inputs.length, "column")}</span>
        {leftOut.length > 0 && (
          <>
            {" · "}leaves out <span className="font-medium">{plural(leftOut.length, "column")}</span>
          </>
        )}
      </p>
      <ul className="divide-y" aria-label="Columns used for training">
        {selection.map((decision) => (
          <ColumnChoiceRow
            key={decision.name}
            decision={decision}
            flags={flagged.get(decision.name) ?? []}
            column={profiles.get(decision.name)}
            editable={editable}
            disabled={update.isPending}
            // Without an entry, a column is used unless a check flagged it.
            onUse={(use) => update.mutate(chooseColumn(choices, decision.name, use, !decision.flagged))}
            onMarker={(marker, real) => update.mutate(chooseMarker(choices, decision.name, marker, real))}
          />
        ))}
      </ul>
      {update.isPending && (
        <p className="flex items-center gap-2 text-sm text-muted-foreground" role="status">
          <Loader2 aria-hidden="true" className="size-4 animate-spin" /> Re-checking your data…
        </p>
      )}
    </div>
  );
}

export function ColumnChoicesEmpty() {
  return (
    <Empty className="border-none bg-transparent p-4 md:p-6">
      <EmptyHeader>
        <EmptyMedia>
          <Columns3 aria-hidden="true" />
        </EmptyMedia>
        <EmptyTitle>No columns to choose from</EmptyTitle>
        <EmptyDescription>This file has no separate columns: the template reads it as a whole.</EmptyDescription>
      </EmptyHeader>
    </Empty>
  );
}

export function ColumnChoicesSkeleton() {
  return (
    <div className="space-y-4" role="status" aria-label="Loading the columns used for training">
      {Array.from({ length: 4 }, (_, index) => (
        <div key={index} className="flex items-start justify-between gap-4">
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-32" />
            <Skeleton className="h-3 w-3/4" />
          </div>
          <Skeleton className="h-5 w-9 rounded-full" />
        </div>
      ))}
    </div>
  );
}
