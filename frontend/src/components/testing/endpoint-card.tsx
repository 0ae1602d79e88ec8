import { KeyRound } from "lucide-react";

import type { DeploymentCreated } from "@/client";
import { CodeBlock } from "@/components/common/code-block";
import { CopyButton } from "@/components/common/copy-button";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";

import { InputContract } from "./input-contract";
import { SnippetTabs } from "./snippet-tabs";

/** The API key, shown once: copy it now. */
export function NewKey({ apiKey }: { apiKey: string }) {
  return (
    <Alert className="border-warning/40 bg-warning/5">
      <KeyRound aria-hidden="true" />
      <AlertTitle>Your API key — shown once, copy it now</AlertTitle>
      <AlertDescription className="w-full min-w-0 gap-2">
        <p>We keep only a fingerprint of it: after you leave this page it cannot be shown again (you can make a new one).</p>
        <div className="flex w-full min-w-0 flex-col gap-2 sm:flex-row sm:items-center">
          <code aria-label="API key" className="min-w-0 flex-1 rounded-md border bg-card px-3 py-1.5 font-mono text-xs break-all text-foreground">
            {apiKey}
          </code>
          <CopyButton text={apiKey} label="Copy the API key" className="self-start text-foreground sm:self-auto">
            Copy key
          </CopyButton>
        </div>
      </AlertDescription>
    </Alert>
  );
}

/** A new endpoint: its URL, its key (shown once), calls to paste, the columns it reads and a request body it answers. */
export function EndpointCard({ deployment }: { deployment: DeploymentCreated }) {
  const body = JSON.stringify(deployment.example_body, null, 2);
  return (
    <section aria-label={`Endpoint ${deployment.name}`} className="space-y-5 rounded-lg border border-primary/30 bg-accent/20 p-4 sm:p-5">
      <div className="space-y-1.5">
        <h4 className="text-sm font-medium">Your endpoint is live</h4>
        <div className="flex min-w-0 flex-col gap-2 sm:flex-row sm:items-center">
          <code aria-label="Endpoint URL" className="min-w-0 flex-1 rounded-md border bg-card px-3 py-1.5 font-mono text-xs break-all">
            {deployment.url}
          </code>
          <CopyButton text={deployment.url} label="Copy the endpoint URL" className="self-start sm:self-auto">
            Copy URL
          </CopyButton>
        </div>
      </div>
      <NewKey apiKey={deployment.api_key} />
      <div className="space-y-2">
        <h4 className="text-sm font-medium">Call it</h4>
        <SnippetTabs snippets={deployment.snippets} />
      </div>
      {deployment.input_schema && <InputContract fields={deployment.input_schema} />}
      <div className="space-y-2">
        <h4 className="text-sm font-medium">Example body</h4>
        <p className="text-xs text-muted-foreground">
          A request this model answers: it is the <code>payload</code> above, and <code>request.json</code> for curl.
        </p>
        <CodeBlock code={body} label="the example body" />
      </div>
    </section>
  );
}
