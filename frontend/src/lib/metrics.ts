import { formatDuration, formatMeasure } from "./format";
import type { GlossaryKey } from "./glossary";

type Kind = "percent" | "seconds" | "number";

interface MetricInfo {
  label: string;
  kind: Kind;
  help?: GlossaryKey;
}

/** The metrics worth a name, in the order people read them; other numeric ones follow as they are. */
const metricInfo: Record<string, MetricInfo> = {
  accuracy: { label: "Accuracy", kind: "percent", help: "accuracy" },
  baseline_accuracy: { label: "Baseline accuracy", kind: "percent" },
  macro_f1: { label: "Macro F1", kind: "percent" },
  baseline_macro_f1: { label: "Baseline macro F1", kind: "percent" },
  f1_macro: { label: "Macro F1", kind: "percent" },
  f1: { label: "F1", kind: "percent" },
  roc_auc: { label: "ROC AUC", kind: "number" },
  balanced_accuracy: { label: "Balanced accuracy", kind: "percent" },
  r2: { label: "R²", kind: "number" },
  baseline_r2: { label: "Baseline R²", kind: "number" },
  mae: { label: "Mean absolute error", kind: "number" },
  baseline_mae: { label: "Baseline mean absolute error", kind: "number" },
  rmse: { label: "Root mean squared error", kind: "number" },
  baseline_rmse: { label: "Baseline root mean squared error", kind: "number" },
  baseline_value: { label: "Average answer", kind: "number" },
  perplexity: { label: "Perplexity", kind: "number", help: "perplexity" },
  base_perplexity: { label: "Perplexity before", kind: "number" },
  val_loss: { label: "Validation loss", kind: "number", help: "validation_loss" },
  base_val_loss: { label: "Validation loss before", kind: "number" },
  cv_score: { label: "Cross-validation score", kind: "number", help: "cross_validation" },
  train_size: { label: "Training examples", kind: "number" },
  val_size: { label: "Held-out examples", kind: "number" },
  train_rows: { label: "Training rows", kind: "number" },
  test_rows: { label: "Test rows", kind: "number" },
  steps: { label: "Steps", kind: "number" },
  epochs: { label: "Epochs", kind: "number", help: "epoch" },
  best_step: { label: "Best step", kind: "number" },
  candidates: { label: "Models tried", kind: "number" },
  train_seconds: { label: "Training time", kind: "seconds" },
  tokens_per_s: { label: "Tokens per second", kind: "number", help: "throughput" },
  samples_per_s: { label: "Examples per second", kind: "number", help: "throughput" },
};

const ORDER = Object.keys(metricInfo);
const SKIPPED = new Set(["model_version_id"]);

export interface MetricRow {
  key: string;
  label: string;
  value: string;
  help?: GlossaryKey;
}

export function formatMetric(key: string, value: number): string {
  const kind = metricInfo[key]?.kind ?? (/_seconds$|_s$/.test(key) ? "seconds" : "number");
  if (kind === "percent") return `${(value * 100).toFixed(1).replace(/\.0$/, "")}%`;
  if (kind === "seconds") return formatDuration(value);
  return formatMeasure(value);
}

/** A metric's display name; an unknown one (a newer server) as its words. */
export function metricLabel(key: string): string {
  return metricInfo[key]?.label ?? key.charAt(0).toUpperCase() + key.slice(1).replaceAll("_", " ");
}

/** The metrics that are single numbers, named and formatted; curves, tables and lists are left out. */
export function metricRows(metrics: Record<string, unknown>): MetricRow[] {
  const rank = (key: string) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);
  return Object.entries(metrics)
    .filter((entry): entry is [string, number] => typeof entry[1] === "number" && Number.isFinite(entry[1]) && !SKIPPED.has(entry[0]))
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([key, value]) => ({
      key,
      label: metricLabel(key),
      value: formatMetric(key, value),
      help: metricInfo[key]?.help,
    }));
}

/** Plain names for the quality gates. */
export const gateLabels: Record<string, string> = {
  beats_baseline: "Better than guessing",
  not_overfitting: "Not overfitting",
  overfitting: "Not overfitting",
  improves_on_base: "Better than the base model",
  val_loss_improved: "Learned from your data",
  enough_data: "Enough data",
};

export function gateLabel(name: string): string {
  return gateLabels[name] ?? name.charAt(0).toUpperCase() + name.slice(1).replaceAll("_", " ");
}
