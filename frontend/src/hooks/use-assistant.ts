import { useMutation } from "@tanstack/react-query";
import { matchPath, useLocation } from "react-router";

import { api, unwrap, type CommandContext, type SettingsContext } from "@/client";
import { stepOf } from "@/components/layout/wizard-steps";
import { useSelectedDataset } from "@/hooks/use-selected-dataset";

/** What a sentence would change; nothing is applied. Errors are shown beside the box, not as a toast. */
export function useInterpret() {
  return useMutation({
    mutationFn: async (body: { sentence: string; context: SettingsContext }) =>
      unwrap(await api.POST("/api/assistant/interpret", { body })),
    meta: { silent: true },
  });
}

function idIn(pattern: string, pathname: string): number | undefined {
  const id = Number(matchPath(pattern, pathname)?.params.id);
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

function queryId(search: string, name: string): number | undefined {
  const id = Number(new URLSearchParams(search).get(name));
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

/**
 * What the screen shows, for commands that say "it": the step, and the run, model, deployment or
 * dataset in the URL (on Data and Training, the dataset being worked on).
 */
export function useCommandContext(): CommandContext {
  const { pathname, search } = useLocation();
  const [selectedDataset] = useSelectedDataset();
  const step = stepOf(pathname)?.id ?? (pathname.startsWith("/models") ? "models" : undefined);
  const onDataStep = step === "data" || step === "training";
  const context: CommandContext = {
    step,
    run_id: idIn("/runs/:id", pathname),
    model_id: idIn("/models/:id", pathname) ?? queryId(search, "model"),
    deployment_id: idIn("/deployments/:id", pathname),
    dataset_id: idIn("/data/:id", pathname) ?? (onDataStep ? (selectedDataset ?? undefined) : undefined),
  };
  return Object.fromEntries(Object.entries(context).filter(([, value]) => value !== undefined));
}
