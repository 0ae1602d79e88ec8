import { Timer } from "lucide-react";

import { Skeleton } from "@/components/ui/skeleton";
import { useTemplateEstimate } from "@/hooks/use-templates";
import { formatDuration } from "@/lib/format";
import { cn } from "@/lib/utils";

interface TrainingEstimateProps extends React.ComponentProps<"p"> {
  templateId: string;
  /** Named when the estimate cannot say which base model this machine will use. */
  fallbackModel: string;
}

/** "About 2 min on this computer for the 80-example sample": the plan's own estimate, before any upload. */
export function TrainingEstimate({ templateId, fallbackModel, className, ...props }: TrainingEstimateProps) {
  const estimate = useTemplateEstimate(templateId);
  if (estimate.isPending) {
    return (
      <div role="status" aria-label="Estimating training time" className={className}>
        <Skeleton className="h-5 w-3/4" />
      </div>
    );
  }
  if (estimate.isError) {
    return (
      <p className={cn("text-muted-foreground", className)} {...props}>
        Starts from <span className="font-medium text-foreground">{fallbackModel}</span>. Training time: shown on the
        Training step once your data is in.
      </p>
    );
  }
  const { seconds, examples, device, base_model: model } = estimate.data;
  const where = device === "cpu" ? "this computer's processor" : device.startsWith("cuda") ? "this computer's GPU" : device;
  return (
    <p className={cn("flex gap-2 text-muted-foreground", className)} {...props}>
      <Timer aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-primary" />
      <span>
        Starts from <span className="font-medium text-foreground">{model}</span>, the model this computer will use.{" "}
        <span className="font-medium text-foreground">About {formatDuration(seconds)}</span> to train on {where} with
        the {examples}-example sample; more data takes longer.
      </span>
    </p>
  );
}
