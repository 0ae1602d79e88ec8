import { KeyRound, Loader2, Power, RotateCcw, Upload } from "lucide-react";
import { useState } from "react";

import type { Deployment } from "@/client";
import { CopyButton } from "@/components/common/copy-button";
import { ErrorState } from "@/components/common/error-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { previousVersion, useChangeDeployment, useCreateKey } from "@/hooks/use-deployments";
import { useModel } from "@/hooks/use-runs";
import { formatWhen, plural } from "@/lib/format";

import { NewKey } from "./endpoint-card";
import { InputContract } from "./input-contract";
import { UsagePanel } from "./usage-panel";

interface DeploymentItemProps {
  deployment: Deployment;
  /** The model on this screen: it may be served again here if the endpoint moved on or stopped. */
  modelId: number;
  /** Show usage from the start (the endpoint just deployed). */
  open?: boolean;
}

/** One endpoint of this model: where it is, what it serves and reads, keys, roll back / undeploy, and its usage. */
export function DeploymentItem({ deployment, modelId, open = false }: DeploymentItemProps) {
  const [showUsage, setShowUsage] = useState(open);
  // The card of a just-deployed endpoint shows its columns already.
  const [showInputs, setShowInputs] = useState(!open);
  const change = useChangeDeployment(deployment.id);
  const newKey = useCreateKey(deployment.id);
  const active = deployment.status === "active";
  const previous = previousVersion(deployment);
  const servesThis = active && deployment.model_version_id === modelId;
  const liveKeys = deployment.keys.filter((key) => !key.revoked_at);
  // The listing carries no input schema: the served model has it (cached; a version never changes).
  const inputs = useModel(active ? deployment.model_version_id : null).data?.input_schema;

  return (
    <li aria-label={deployment.name} className="space-y-3 rounded-lg border p-4">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{deployment.name}</span>
        <Badge variant={active ? "success" : "secondary"}>{active ? "Live" : "Undeployed"}</Badge>
        {active && !servesThis && <Badge variant="outline">serves model #{deployment.model_version_id}</Badge>}
        <span className="text-xs text-muted-foreground">since {formatWhen(deployment.updated_at)}</span>
      </div>
      <div className="flex min-w-0 items-center gap-2">
        <code className="min-w-0 flex-1 truncate rounded-md bg-muted/50 px-2 py-1 font-mono text-xs" title={deployment.url}>
          {deployment.url}
        </code>
        <CopyButton text={deployment.url} label={`Copy the URL of ${deployment.name}`} variant="ghost" />
      </div>
      <p className="text-xs text-muted-foreground">
        {plural(liveKeys.length, "API key")}
        {liveKeys.length > 0 && `: ${liveKeys.map((key) => `${key.prefix}…`).join(", ")}`}
      </p>
      {newKey.data && <NewKey apiKey={newKey.data.key} />}
      <div className="flex flex-wrap gap-2">
        {active && previous !== undefined && (
          <Button variant="outline" size="sm" disabled={change.isPending} onClick={() => change.mutate({ action: "rollback" })}>
            <RotateCcw aria-hidden="true" /> Roll back to model #{previous}
          </Button>
        )}
        {active ? (
          <Button variant="outline" size="sm" disabled={change.isPending} onClick={() => change.mutate({ action: "undeploy" })}>
            {change.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Power aria-hidden="true" />} Undeploy
          </Button>
        ) : null}
        {!servesThis && (
          <Button variant="outline" size="sm" disabled={change.isPending} onClick={() => change.mutate({ action: "serve", modelVersionId: modelId })}>
            <Upload aria-hidden="true" /> {active ? "Serve this model here" : "Deploy again"}
          </Button>
        )}
        {active && (
          <Button variant="ghost" size="sm" disabled={newKey.isPending} onClick={() => newKey.mutate()}>
            <KeyRound aria-hidden="true" /> New API key
          </Button>
        )}
        {inputs && (
          <Button variant="ghost" size="sm" aria-expanded={showInputs} onClick={() => setShowInputs((value) => !value)}>
            {showInputs ? "Hide columns" : "Show columns"}
          </Button>
        )}
        <Button variant="ghost" size="sm" aria-expanded={showUsage} onClick={() => setShowUsage((value) => !value)}>
          {showUsage ? "Hide usage" : "Show usage"}
        </Button>
      </div>
      {change.isError && <ErrorState error={change.error} />}
      {inputs && showInputs && <InputContract fields={inputs} />}
      {showUsage && <UsagePanel deploymentId={deployment.id} />}
    </li>
  );
}
