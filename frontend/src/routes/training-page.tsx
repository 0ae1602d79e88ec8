import { Database, LayoutTemplate } from "lucide-react";
import { Link, useSearchParams } from "react-router";

import { ErrorState } from "@/components/common/error-state";
import { PageHeader } from "@/components/common/page-header";
import { PlanPanel, PlanPanelSkeleton } from "@/components/training/plan-panel";
import { RunHistory } from "@/components/training/run-history";
import { TrainingContext } from "@/components/training/training-context";
import { Button } from "@/components/ui/button";
import { Empty, EmptyContent, EmptyDescription, EmptyHeader, EmptyMedia, EmptyTitle } from "@/components/ui/empty";
import { Skeleton } from "@/components/ui/skeleton";
import { useDataset, useDatasets } from "@/hooks/use-datasets";
import { useSelectedDataset } from "@/hooks/use-selected-dataset";
import { useSelectedTemplate } from "@/hooks/use-selected-template";
import { useTemplates } from "@/hooks/use-templates";

/** Step 3: the plan for the chosen template and dataset, Start, and the runs so far. */
export function TrainingPage() {
  const [params, setParams] = useSearchParams();
  const [chosenId, rememberDataset] = useSelectedDataset();
  const [storedTemplateId] = useSelectedTemplate();
  const datasets = useDatasets();
  const templates = useTemplates();
  const datasetId = datasets.data?.some((d) => d.id === chosenId) ? chosenId : (datasets.data?.[0]?.id ?? null);
  const dataset = useDataset(datasetId ?? 0, { enabled: datasetId !== null });
  const templateId = params.get("template") ?? dataset.data?.template_id ?? storedTemplateId;
  const template = templates.data?.find((t) => t.id === templateId);

  function chooseDataset(id: number) {
    rememberDataset(id);
    setParams({ dataset: String(id) });
  }

  let body: React.ReactNode;
  if (datasets.isError || templates.isError) {
    body = <ErrorState error={datasets.error ?? templates.error} onRetry={() => void datasets.refetch().then(() => templates.refetch())} />;
  } else if (datasets.isPending || templates.isPending || (datasetId !== null && dataset.isPending)) {
    body = <TrainingSkeleton />;
  } else if (datasetId === null) {
    body = <Missing icon={Database} title="No data yet" text="Upload the examples to learn from, then come back to train." to="/data" action="Go to Data" />;
  } else if (dataset.isError || !dataset.data) {
    body = <ErrorState error={dataset.error} onRetry={() => dataset.refetch()} />;
  } else if (!template) {
    body = <Missing icon={LayoutTemplate} title="Choose a template first" text="The template decides which model we start from and how it learns." to="/template" action="Choose a template" />;
  } else {
    body = (
      <>
        <TrainingContext template={template} datasets={datasets.data} datasetId={dataset.data.id} onDatasetChange={chooseDataset} />
        <PlanPanel key={`${template.id}:${dataset.data.id}`} template={template} dataset={dataset.data} />
      </>
    );
  }

  return (
    <div className="space-y-10">
      <section className="space-y-5" aria-labelledby="training-heading">
        <PageHeader
          id="training-heading"
          title="Train your model"
          description="We plan every setting from your data and this computer. Check the plan, then press Start."
        />
        {body}
      </section>
      <section className="space-y-4" aria-labelledby="runs-heading">
        <h2 id="runs-heading" className="text-lg font-semibold tracking-tight">
          Recent runs
        </h2>
        <RunHistory />
      </section>
    </div>
  );
}

interface MissingProps {
  icon: typeof Database;
  title: string;
  text: string;
  to: string;
  action: string;
}

function Missing({ icon: Icon, title, text, to, action }: MissingProps) {
  return (
    <Empty>
      <EmptyHeader>
        <EmptyMedia>
          <Icon aria-hidden="true" />
        </EmptyMedia>
        <EmptyTitle>{title}</EmptyTitle>
        <EmptyDescription>{text}</EmptyDescription>
      </EmptyHeader>
      <EmptyContent>
        <Button asChild>
          <Link to={to}>{action}</Link>
        </Button>
      </EmptyContent>
    </Empty>
  );
}

function TrainingSkeleton() {
  return (
    <div className="space-y-5">
      <Skeleton className="h-28 w-full rounded-xl" />
      <div className="rounded-xl border bg-card p-5 sm:p-6">
        <PlanPanelSkeleton />
      </div>
    </div>
  );
}
