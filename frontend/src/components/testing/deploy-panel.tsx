import { Loader2, Rocket, Server } from "lucide-react";

import type { ModelVersion } from "@/client";
import { ErrorState } from "@/components/common/error-state";
import { Button } from "@/components/ui/button";
import { Empty, EmptyDescription, EmptyHeader, EmptyMedia, EmptyTitle } from "@/components/ui/empty";
import { Skeleton } from "@/components/ui/skeleton";
import { servesModel, useDeploy, useDeployments } from "@/hooks/use-deployments";

import { DeploymentItem } from "./deployment-item";
import { EndpointCard } from "./endpoint-card";

/** Deploy this model behind an API: the new endpoint with its key and calls, then every endpoint of the model. */
export function DeployPanel({ model }: { model: ModelVersion }) {
  const deploy = useDeploy();
  const deployments = useDeployments();
  const created = deploy.data?.model_version_id === model.id ? deploy.data : undefined;
  const mine = deployments.data?.filter((deployment) => servesModel(deployment, model.id)) ?? [];

  return (
    <div className="space-y-5">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-muted-foreground">A stable URL other programs can call with an API key. Every call is counted below.</p>
        <Button disabled={deploy.isPending} onClick={() => deploy.mutate(model.id)} className="self-start sm:self-auto">
          {deploy.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Rocket aria-hidden="true" />}
          {deploy.isPending ? "Deploying…" : mine.length > 0 ? "Deploy another endpoint" : "Deploy"}
        </Button>
      </div>
      {deploy.isError && <ErrorState error={deploy.error} />}
      {created && <EndpointCard deployment={created} />}
      <section aria-labelledby="endpoints-heading" className="space-y-3">
        <h4 id="endpoints-heading" className="text-sm font-medium">
          Endpoints of this model
        </h4>
        {deployments.isPending ? (
          <div role="status" aria-label="Loading endpoints" className="space-y-3">
            <Skeleton className="h-28 w-full rounded-lg" />
          </div>
        ) : deployments.isError ? (
          <ErrorState error={deployments.error} onRetry={() => deployments.refetch()} />
        ) : mine.length === 0 ? (
          <Empty className="py-6 md:py-8">
            <EmptyHeader>
              <EmptyMedia>
                <Server aria-hidden="true" />
              </EmptyMedia>
              <EmptyTitle>Not deployed yet</EmptyTitle>
              <EmptyDescription>Press Deploy to get a URL and an API key; its requests and speed show up here.</EmptyDescription>
            </EmptyHeader>
          </Empty>
        ) : (
          <ul aria-label="Endpoints" className="space-y-3">
            {mine.map((deployment) => (
              <DeploymentItem key={deployment.id} deployment={deployment} modelId={model.id} open={deployment.id === created?.id} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
