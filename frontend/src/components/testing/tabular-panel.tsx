import { useState } from "react";

import type { ModelVersion, TabularOutput } from "@/client";
import { ErrorState } from "@/components/common/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useDataset } from "@/hooks/use-datasets";
import { usePredictRows } from "@/hooks/use-predict";
import { ApiError } from "@/lib/errors";
import { formatMeasure, formatProbability } from "@/lib/format";
import { exampleValues, featureFields, rowOf, type FeatureField } from "@/lib/tabular-fields";

import { CsvBatch } from "./csv-batch";
import { ProbabilityBars } from "./probability-bars";
import { TabularForm } from "./tabular-form";

const NO_DATASET = new ApiError(
  404,
  "dataset_missing",
  "The form is built from the data this model learned from, and that dataset is no longer here.",
  "Predict a CSV file below instead: it needs the same columns as the training data.",
);

/** Table playground: a form built from the columns the model reads, its prediction, and a CSV batch. */
export function TabularPanel({ model }: { model: ModelVersion }) {
  const dataset = useDataset(model.dataset_id ?? 0, { enabled: model.dataset_id !== null });
  // Models describe their own inputs; older ones fall back on their dataset's profile.
  const fields = featureFields(model, dataset.data);
  const target = dataset.data?.profile.roles.target ?? "the answer";

  let form: React.ReactNode;
  if (fields) {
    form = <RowPredictor key={model.input_schema ? "schema" : dataset.data?.id} model={model} fields={fields} target={target} />;
  } else if (model.dataset_id === null || (dataset.isError && dataset.error instanceof ApiError && dataset.error.status === 404)) {
    form = <ErrorState error={NO_DATASET} />;
  } else if (dataset.isError) {
    form = <ErrorState error={dataset.error} onRetry={() => dataset.refetch()} />;
  } else {
    form = <TabularFormSkeleton />;
  }

  return (
    <div className="space-y-8">
      {form}
      <section aria-labelledby="csv-batch-heading" className="space-y-3 border-t pt-6">
        <h4 id="csv-batch-heading" className="text-sm font-medium">
          Predict a whole file
        </h4>
        <CsvBatch modelId={model.id} columns={model.input_schema?.map((input) => input.name)} />
      </section>
    </div>
  );
}

function RowPredictor({ model, fields, target }: { model: ModelVersion; fields: FeatureField[]; target: string }) {
  const [values, setValues] = useState(() => exampleValues(fields));
  const predict = usePredictRows(model.id);
  const submit = () => predict.mutate([rowOf(fields, values)]);

  return (
    <div className="space-y-5">
      <TabularForm fields={fields} values={values} onChange={setValues} onSubmit={submit} onReset={() => setValues(exampleValues(fields))} pending={predict.isPending} />
      {predict.isError && <ErrorState error={predict.error} onRetry={submit} />}
      {predict.data && <RowResult target={target} output={predict.data} />}
    </div>
  );
}

function RowResult({ target, output }: { target: string; output: TabularOutput }) {
  const first = output.predictions[0];
  if (!first) return null;
  const answer = typeof first.prediction === "number" ? formatMeasure(first.prediction) : String(first.prediction);
  const sure = first.probabilities?.[String(first.prediction)];
  return (
    <section aria-label="Prediction" aria-live="polite" className="space-y-3 rounded-lg border bg-accent/30 p-4">
      <p className="text-sm">
        Predicted <span className="font-medium">{target}</span>:{" "}
        <span className="text-lg font-semibold">{answer}</span>
        {sure !== undefined && <span className="text-muted-foreground"> ({formatProbability(sure)} sure)</span>}
      </p>
      {first.probabilities && <ProbabilityBars probabilities={first.probabilities} chosen={String(first.prediction)} label={`Probability of each ${target}`} />}
    </section>
  );
}

function TabularFormSkeleton() {
  return (
    <div role="status" aria-label="Loading the model's columns" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {Array.from({ length: 6 }, (_, index) => (
        <div key={index} className="space-y-2">
          <Skeleton className="h-4 w-24" />
          <Skeleton className="h-9 w-full" />
        </div>
      ))}
    </div>
  );
}
