import { useId } from "react";
import { Link } from "react-router";

import type { DatasetSummary, Template } from "@/client";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { plural } from "@/lib/format";
import { cn } from "@/lib/utils";

interface TrainingContextProps extends React.ComponentProps<"div"> {
  template: Template;
  datasets: DatasetSummary[];
  datasetId: number;
  onDatasetChange: (id: number) => void;
}

const linkClass =
  "rounded-sm text-sm font-medium text-primary underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50";

/** What is being trained on what: the template (with a way back to change it) and a dataset picker. */
export function TrainingContext({ template, datasets, datasetId, onDatasetChange, className, ...props }: TrainingContextProps) {
  const id = useId();
  return (
    <div className={cn("grid gap-4 rounded-xl border bg-card p-4 sm:grid-cols-2 sm:p-5", className)} {...props}>
      <div className="min-w-0 space-y-1">
        <p className="text-xs font-medium text-muted-foreground uppercase">Template</p>
        <p className="font-medium">{template.name}</p>
        <Link to="/template" className={linkClass}>
          Change template
        </Link>
      </div>
      <div className="min-w-0 space-y-1.5">
        <label htmlFor={id} className="block text-xs font-medium text-muted-foreground uppercase">
          Data
        </label>
        <Select value={String(datasetId)} onValueChange={(value) => onDatasetChange(Number(value))}>
          <SelectTrigger id={id} className="w-full">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {datasets.map((dataset) => (
              <SelectItem key={dataset.id} value={String(dataset.id)}>
                {dataset.name}
                {dataset.version > 1 ? ` (v${dataset.version})` : ""} · {plural(dataset.rows, "row")}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Link to={`/data/${datasetId}`} className={linkClass}>
          Review this data
        </Link>
      </div>
    </div>
  );
}
