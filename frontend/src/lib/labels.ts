import type { CleanOp, Detection, InputField, Shape, TaskKind } from "@/client";
import type { RunStatus } from "@/lib/run-events";

/** Plain-English names for the API's machine words, in one place. */

export const shapeLabels: Record<Shape, string> = {
  chat: "Chat conversations",
  instruction: "Instructions with answers",
  prompt_response: "Prompts with responses",
  raw_text: "Plain text",
  text_label: "Texts with labels",
  tabular: "Table",
};

export const formatLabels: Record<Detection["format"], string> = {
  text: "Plain text",
  csv: "CSV",
  tsv: "TSV",
  json: "JSON",
  jsonl: "JSON Lines",
};

export const taskLabels: Record<TaskKind, string> = {
  causal_lm: "Writes text",
  classifier: "Sorts text",
  tabular: "Predicts a column",
};

export const fixLabels: Record<CleanOp, string> = {
  strip_html: "Strip HTML tags",
  normalise_whitespace: "Tidy whitespace",
  drop_empty: "Remove empty rows",
  dedupe: "Remove duplicates",
  drop_missing_target: "Drop rows without a target",
};

/** Shape names that might come from a newer server fall back to the raw word. */
export function labelOf<K extends string>(labels: Record<K, string>, key: string): string {
  return (labels as Record<string, string>)[key] ?? key.replaceAll("_", " ");
}

/** What a table model expects in each column of a request, in words. */
export const inputKindLabels: Record<InputField["kind"], string> = {
  number: "number",
  choice: "category",
  text: "text",
  date: "date",
  boolean: "true / false",
};

export const runStatusLabels: Record<RunStatus, string> = {
  queued: "Waiting to start",
  preparing: "Preparing",
  training: "Training",
  evaluating: "Evaluating",
  succeeded: "Finished",
  failed: "Failed",
  cancelled: "Cancelled",
  interrupted: "Interrupted",
};

/** The badge colour of each run state. */
export const runStatusVariants: Record<RunStatus, "secondary" | "tip" | "success" | "error" | "warning"> = {
  queued: "secondary",
  preparing: "tip",
  training: "tip",
  evaluating: "tip",
  succeeded: "success",
  failed: "error",
  cancelled: "warning",
  interrupted: "warning",
};

/** The scikit-learn model families the tabular search compares, in words. */
export const modelFamilyLabels: Record<string, string> = {
  LogisticRegression: "Logistic regression (linear)",
  Ridge: "Ridge regression (linear)",
  HistGradientBoostingClassifier: "Gradient boosting",
  HistGradientBoostingRegressor: "Gradient boosting",
  RandomForestClassifier: "Random forest",
  RandomForestRegressor: "Random forest",
};
