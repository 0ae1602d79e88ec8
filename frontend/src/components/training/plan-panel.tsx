import { Loader2, Play } from "lucide-react";
import { useId, useState } from "react";
import { useNavigate } from "react-router";

import type { Dataset, Plan, Preset, RunColumns, SettingChange, Template } from "@/client";
import { SettingsAssistant } from "@/components/assistant/settings-assistant";
import { ErrorState } from "@/components/common/error-state";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { usePlan, useStartRun } from "@/hooks/use-runs";
import { useSelectedPreset } from "@/hooks/use-selected-preset";
import { ApiError } from "@/lib/errors";
import { formatDuration } from "@/lib/format";

import { AdvancedSettings } from "./advanced-settings";
import { PlanColumns } from "./plan-columns";
import { SuccessTarget } from "./success-target";
import { PlanSettingsList, PlanSettingsListSkeleton } from "./plan-settings-list";
import { PlanSummary, PlanSummarySkeleton } from "./plan-summary";

interface PlanPanelProps {
  template: Template;
  dataset: Dataset;
}

/** The automatic plan for this template and dataset, every setting with its reason, and Start. */
export function PlanPanel({ template, dataset }: PlanPanelProps) {
  const navigate = useNavigate();
  const errorId = useId();
  const [chosenPreset, rememberPreset] = useSelectedPreset();
  const [preset, setPreset] = useState<Preset>(chosenPreset);
  const [overrides, setOverrides] = useState<Record<string, unknown>>({});
  const [baseModel, setBaseModel] = useState<string | null>(null);
  const [columns, setColumns] = useState<RunColumns>({ include: [], exclude: [] });
  const changedColumns = (columns.include?.length ?? 0) + (columns.exclude?.length ?? 0) > 0;
  const [target, setTarget] = useState<string | null>(null);
  const request = {
    template_id: template.id,
    dataset_id: dataset.id,
    preset,
    overrides,
    ...(baseModel && { base_model: baseModel }),
    ...(changedColumns && { columns }),
    ...(target && { success_target: target }),
  };
  const plan = usePlan(request);
  const start = useStartRun();

  // While a change is refused, keep showing the last plan the server accepted, so it can be fixed.
  const [accepted, setAccepted] = useState<Plan | undefined>(undefined);
  if (plan.data && plan.data !== accepted) setAccepted(plan.data);
  const shown = plan.data ?? accepted;
  const field = plan.error instanceof ApiError ? plan.error.field : undefined;

  function choosePreset(next: Preset) {
    const visible = new Set(template.presets.find((p) => p.id === next)?.visible_settings ?? []);
    setPreset(next);
    rememberPreset(next);
    setOverrides((current) => Object.fromEntries(Object.entries(current).filter(([name]) => visible.has(name))));
  }

  function override(name: string, value: unknown) {
    setOverrides((current) => {
      const next = { ...current };
      if (value === undefined) delete next[name];
      else next[name] = value;
      return next;
    });
  }

  // Changes the assistant proposed and the user applied: the base model is the request's own field.
  function applyChanges(changes: SettingChange[]) {
    for (const change of changes) {
      if (change.setting === "base_model") setBaseModel(String(change.new));
      else override(change.setting, change.new);
    }
  }

  const ready = plan.isSuccess && !plan.isPlaceholderData;
  return (
    <Card aria-labelledby="plan-title">
      <CardHeader>
        <CardTitle id="plan-title" className="text-lg">
          Your training plan
        </CardTitle>
        <CardDescription>
          Chosen for {dataset.name} and this computer. Every setting says why; you do not need to change any of them.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        {plan.isError && <ErrorState id={errorId} error={plan.error} onRetry={() => plan.refetch()} />}
        {shown ? (
          <>
            <PlanSummary plan={shown} />
            <PlanColumns
              columns={shown.columns}
              choices={columns}
              onChoicesChange={template.task === "tabular" ? setColumns : undefined}
              disabled={plan.isFetching || start.isPending}
            />
            <SuccessTarget
              task={template.task}
              accepted={target ? (shown.success_target?.text as string | undefined) : undefined}
              errorId={field === "success_target" ? errorId : undefined}
              onTargetChange={setTarget}
              disabled={start.isPending}
            />
            <PlanSettingsList items={shown.items} />
            <SettingsAssistant
              context={{ step: "training", task: template.task, template_id: template.id, settings: { ...shown.settings, base_model: shown.base_model } }}
              onApply={applyChanges}
              disabled={start.isPending}
            />
            <AdvancedSettings
              presets={template.presets}
              preset={preset}
              onPresetChange={choosePreset}
              items={shown.items}
              overrides={overrides}
              onOverride={override}
              onReset={() => {
                setOverrides({});
                setBaseModel(null);
              }}
              invalid={field ? { field, errorId } : undefined}
              disabled={start.isPending}
            />
          </>
        ) : (
          !plan.isError && <PlanPanelSkeleton />
        )}
      </CardContent>
      <CardFooter className="flex-col items-stretch gap-3 border-t pt-5 sm:flex-row sm:items-center sm:justify-between sm:pt-6">
        <p className="text-sm text-muted-foreground" aria-live="polite">
          {plan.isFetching
            ? "Updating the plan…"
            : shown && !plan.isError
              ? `Ready: about ${formatDuration(shown.estimated_seconds)} of training.`
              : "Fix the problem above to start."}
        </p>
        <Button
          size="lg"
          disabled={!ready || start.isPending}
          onClick={() => start.mutate(request, { onSuccess: (run) => navigate(`/runs/${run.id}`) })}
        >
          {start.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Play aria-hidden="true" />}
          Start training
        </Button>
      </CardFooter>
    </Card>
  );
}

export function PlanPanelSkeleton() {
  return (
    <div className="space-y-6" role="status" aria-label="Planning your run">
      <PlanSummarySkeleton />
      <PlanSettingsListSkeleton />
    </div>
  );
}
