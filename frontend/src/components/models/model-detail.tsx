import { ArrowLeft, ExternalLink } from "lucide-react";
import { Link, useNavigate } from "react-router";
import { toast } from "sonner";

import { ErrorState } from "@/components/common/error-state";
import { PageHeader } from "@/components/common/page-header";
import { RunVerdict, RunVerdictSkeleton } from "@/components/training/run-verdict";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useModel } from "@/hooks/use-runs";
import { useTemplate } from "@/hooks/use-templates";
import { formatBytes, formatWhen } from "@/lib/format";
import { labelOf, taskLabels } from "@/lib/labels";

import { DeleteModelButton } from "./delete-model-button";
import { BaseModelCard, LibrariesCard, SettingsCard } from "./model-record";

function BackLink() {
  return (
    <Button variant="ghost" size="sm" className="-ml-3 text-muted-foreground" asChild>
      <Link to="/models">
        <ArrowLeft aria-hidden="true" /> Models & runs
      </Link>
    </Button>
  );
}

/** One model version: verdict and metrics, the base model and why, settings, library versions, Delete. */
export function ModelDetail({ id }: { id: number }) {
  const model = useModel(id);
  const template = useTemplate(model.data?.template_id);
  const navigate = useNavigate();

  if (model.isPending) return <ModelDetailSkeleton />;
  if (model.isError) {
    return (
      <div className="space-y-4">
        <BackLink />
        <ErrorState error={model.error} onRetry={() => model.refetch()} />
      </div>
    );
  }

  const m = model.data;
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <BackLink />
        <PageHeader
          title={`${m.name} v${m.version}`}
          description={`${template?.name ?? m.template_id} · ${labelOf(taskLabels, m.task)} · ${formatBytes(m.size_bytes)} · trained ${formatWhen(m.created_at)}`}
          actions={
            <>
              {m.run_id !== null && (
                <Button variant="outline" asChild>
                  <Link to={`/runs/${m.run_id}`}>
                    <ExternalLink aria-hidden="true" /> Run {m.run_id}
                  </Link>
                </Button>
              )}
              <DeleteModelButton
                model={m}
                onDeleted={() => {
                  toast.success(`Deleted ${m.name} v${m.version}.`);
                  void navigate("/models");
                }}
              />
            </>
          }
        />
      </div>
      <RunVerdict model={m} />
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <BaseModelCard base={m.base_model} />
        <LibrariesCard versions={m.library_versions} />
      </div>
      <SettingsCard settings={m.settings} />
    </div>
  );
}

export function ModelDetailSkeleton() {
  return (
    <div className="space-y-6" role="status" aria-label="Loading the model">
      <Skeleton className="h-9 w-64" />
      <RunVerdictSkeleton />
      <div className="grid gap-6 lg:grid-cols-2">
        <Skeleton className="h-40" />
        <Skeleton className="h-40" />
      </div>
    </div>
  );
}
