import { FlaskRound, Loader2 } from "lucide-react";

import type { Dataset, Template } from "@/client";
import { ErrorState } from "@/components/common/error-state";
import { Button } from "@/components/ui/button";
import { useLoadSample } from "@/hooks/use-datasets";
import { cn } from "@/lib/utils";

interface SampleDatasetProps extends React.ComponentProps<"section"> {
  template: Template;
  onLoaded: (dataset: Dataset) => void;
}

/** "No file yet?": the template's own sample data in one click, checked like any upload. */
export function SampleDataset({ template, onLoaded, className, ...props }: SampleDatasetProps) {
  const load = useLoadSample();
  const sample = template.sample;
  return (
    <section
      aria-labelledby="sample-heading"
      className={cn("space-y-3 rounded-xl border bg-card p-4 sm:p-5", className)}
      {...props}
    >
      <div className="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex min-w-0 gap-3">
          <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-accent text-accent-foreground">
            <FlaskRound aria-hidden="true" className="size-4.5" />
          </span>
          <div className="min-w-0 space-y-1">
            <h2 id="sample-heading" className="text-sm font-semibold">
              No file yet? Try ours: {sample.name}
            </h2>
            <p className="text-sm text-pretty text-muted-foreground">{sample.description}</p>
          </div>
        </div>
        <Button
          variant="outline"
          className="sm:shrink-0"
          disabled={load.isPending}
          onClick={() => load.mutate(template.id, { onSuccess: onLoaded })}
        >
          {load.isPending && <Loader2 aria-hidden="true" className="animate-spin" />}
          {load.isPending ? "Loading the sample…" : "Use the sample data"}
        </Button>
      </div>
      {load.isError && <ErrorState error={load.error} />}
    </section>
  );
}
