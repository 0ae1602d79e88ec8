import type { ModelVersion, Template } from "@/client";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

import { ClassifierPanel } from "./classifier-panel";
import { DeployPanel } from "./deploy-panel";
import { DownloadsPanel } from "./downloads-panel";
import { GenerationPanel } from "./generation-panel";
import { ModelContext } from "./model-context";
import { TabularPanel } from "./tabular-panel";

interface TestingViewProps {
  model: ModelVersion;
  template: Template | undefined;
  models: ModelVersion[];
  onModelChange: (id: number) => void;
}

const tryDescriptions: Record<string, string> = {
  causal_lm: "Give it a prompt and watch it answer, word by word.",
  classifier: "Type a few texts: see the label it picks, how sure it is, and which words it looked at.",
  tabular: "Fill in one row, or upload a file of rows, and see what it predicts.",
};

/** The Testing step for one model: try it, deploy it, download it. */
export function TestingView({ model, template, models, onModelChange }: TestingViewProps) {
  let playground: React.ReactNode;
  if (model.task === "causal_lm") playground = <GenerationPanel model={model} template={template} />;
  else if (model.task === "classifier") playground = <ClassifierPanel model={model} template={template} />;
  else if (model.task === "tabular") playground = <TabularPanel model={model} />;
  else playground = <p className="text-sm text-muted-foreground">This kind of model ({model.task}) has no playground yet.</p>;

  return (
    <div className="space-y-6">
      <ModelContext model={model} template={template} models={models} onModelChange={onModelChange} />
      <Card>
        <CardHeader>
          <CardTitle>Try it</CardTitle>
          <CardDescription>{tryDescriptions[model.task] ?? "Send it an example."}</CardDescription>
        </CardHeader>
        <CardContent>{playground}</CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Deploy</CardTitle>
        </CardHeader>
        <CardContent>
          <DeployPanel model={model} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Download</CardTitle>
        </CardHeader>
        <CardContent>
          <DownloadsPanel model={model} />
        </CardContent>
      </Card>
    </div>
  );
}

export function TestingViewSkeleton() {
  return (
    <div role="status" aria-label="Loading the model" className="space-y-6">
      <Skeleton className="h-28 w-full rounded-xl" />
      <Skeleton className="h-72 w-full rounded-xl" />
      <Skeleton className="h-40 w-full rounded-xl" />
    </div>
  );
}
