import { callAction, type AssistantAction } from "@/client";
import { saveUrl } from "@/lib/download";
import { formatInt, formatMeasure } from "@/lib/format";
import { queryKeys } from "@/lib/query-keys";

/** What a performed action led to, in words, and where to go next. */
export interface ActionOutcome {
  text: string;
  /** A page to open now: the run that was just queued, stopped or resumed. */
  to?: string;
  /** The file of a download, to start it again. */
  href?: string;
  /** Figures worth keeping on screen: usage numbers, an API key that is shown only once. */
  facts?: { label: string; value: string }[];
}

/** The calls an action makes, in order: itself, then each `then`. */
export function actionSteps(action: AssistantAction): AssistantAction[] {
  const steps: AssistantAction[] = [];
  for (let step: AssistantAction | null | undefined = action; step; step = step.then) steps.push(step);
  return steps;
}

/**
 * Make the action's calls one after another, each only once the one before succeeded; a download
 * opens its URL (an error then fails the download, not the page). Resolves with the last call's
 * action and response body.
 */
export async function performAction(action: AssistantAction): Promise<{ last: AssistantAction; result: unknown }> {
  let result: unknown = null;
  let last = action;
  for (const step of actionSteps(action)) {
    last = step;
    if (step.kind === "download") saveUrl(step.path);
    else result = await callAction(step);
  }
  return { last, result };
}

/** The cached resources each kind of action changes, to refresh once it is done. */
export const actionRefreshes: Record<AssistantAction["kind"], readonly (readonly unknown[])[]> = {
  train: [queryKeys.runs.all],
  set_target: [queryKeys.datasets.all],
  cancel_run: [queryKeys.runs.all],
  resume_run: [queryKeys.runs.all],
  deploy: [queryKeys.deployments.all],
  switch_version: [queryKeys.deployments.all],
  rollback: [queryKeys.deployments.all],
  undeploy: [queryKeys.deployments.all],
  usage: [],
  download: [],
};

function read(result: unknown, key: string): string {
  const value = (result as Record<string, unknown> | null)?.[key];
  return value === null || value === undefined ? "" : String(value);
}

function usageFacts(result: unknown): ActionOutcome["facts"] {
  const totals = ((result as { totals?: Record<string, unknown> } | null)?.totals ?? {}) as Record<string, unknown>;
  const number = (key: string) => (typeof totals[key] === "number" ? (totals[key] as number) : null);
  const ms = (key: string) => (number(key) === null ? "—" : `${formatMeasure(number(key)!)}\u00a0ms`);
  return [
    { label: "Requests", value: formatInt(number("requests") ?? 0) },
    { label: "Errors", value: `${formatInt(number("errors") ?? 0)} (${formatMeasure((number("error_rate") ?? 0) * 100)}%)` },
    { label: "Latency p50", value: ms("p50_ms") },
    { label: "Latency p95", value: ms("p95_ms") },
  ];
}

/** The result of the last call, in words; a run opens its page. */
export function describeOutcome(last: AssistantAction, result: unknown): ActionOutcome {
  const id = read(result, "id");
  const slug = read(result, "slug");
  switch (last.kind) {
    case "train":
    case "resume_run":
      return { text: `Run ${id} is queued.`, to: `/runs/${id}` };
    case "cancel_run":
      return { text: `Run ${id} will stop at its next step.`, to: `/runs/${id}` };
    case "deploy":
      return {
        text: `Deployed ${slug}.`,
        facts: [
          { label: "Endpoint", value: read(result, "url") },
          { label: "API key (shown only now: copy it)", value: read(result, "api_key") },
        ].filter((fact) => fact.value),
      };
    case "switch_version":
    case "rollback":
      return { text: `${slug} now serves model version #${read(result, "model_version_id")}.` };
    case "undeploy":
      return { text: `${slug} is no longer served.` };
    case "usage":
      return { text: `Usage over the last ${read(result, "window_days") || "few"} days:`, facts: usageFacts(result) };
    case "download":
      return { text: "The download has started.", href: last.path };
    default:
      return { text: "Done." };
  }
}
