import { Sparkles } from "lucide-react";
import { Link, useSearchParams } from "react-router";

import { ErrorState } from "@/components/common/error-state";
import { PageHeader } from "@/components/common/page-header";
import { TestingView, TestingViewSkeleton } from "@/components/testing/testing-view";
import { Button } from "@/components/ui/button";
import { Empty, EmptyContent, EmptyDescription, EmptyHeader, EmptyMedia, EmptyTitle } from "@/components/ui/empty";
import { useModels } from "@/hooks/use-models";
import { useModel } from "@/hooks/use-runs";
import { useTemplates } from "@/hooks/use-templates";

/** Step 4: `/testing?model=ID` (the newest model without one): try it, deploy it, download it. */
export function TestingPage() {
  const [params, setParams] = useSearchParams();
  const models = useModels();
  const asked = Number(params.get("model"));
  const modelId = Number.isInteger(asked) && asked > 0 ? asked : (models.data?.[0]?.id ?? null);
  const model = useModel(modelId);
  const templates = useTemplates(); // sample prompts and generation defaults come from the template
  const template = templates.data?.find((t) => t.id === model.data?.template_id);

  let body: React.ReactNode;
  if (models.isError || templates.isError) {
    body = <ErrorState error={models.error ?? templates.error} onRetry={() => void models.refetch().then(() => templates.refetch())} />;
  } else if (modelId === null && models.isPending) {
    body = <TestingViewSkeleton />;
  } else if (modelId === null) {
    body = <NoModel />;
  } else if (model.isError) {
    body = (
      <ErrorState error={model.error} onRetry={() => model.refetch()}>
        <Button variant="outline" size="sm" asChild>
          <Link to="/testing">Test the newest model</Link>
        </Button>
      </ErrorState>
    );
  } else if (!model.data || models.isPending || templates.isPending) {
    body = <TestingViewSkeleton />;
  } else {
    body = (
      <TestingView
        key={model.data.id}
        model={model.data}
        template={template}
        models={models.data}
        onModelChange={(id) => setParams({ model: String(id) })}
      />
    );
  }

  return (
    <section className="space-y-5" aria-labelledby="testing-heading">
      <PageHeader id="testing-heading" title="Test your model" description="Try it on new examples, then put it behind an API or download it." />
      {body}
    </section>
  );
}

function NoModel() {
  return (
    <Empty>
      <EmptyHeader>
        <EmptyMedia>
          <Sparkles aria-hidden="true" />
        </EmptyMedia>
        <EmptyTitle>No trained model yet</EmptyTitle>
        <EmptyDescription>When a training run finishes, its model appears here to try out.</EmptyDescription>
      </EmptyHeader>
      <EmptyContent>
        <Button asChild>
          <Link to="/training">Go to Training</Link>
        </Button>
      </EmptyContent>
    </Empty>
  );
}
