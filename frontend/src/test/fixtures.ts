import type { ColumnProfile, Dataset, DatasetPreview, Finding, ModelVersion, Plan, Run, RunEvent, Template } from "@/client";

/** A realistic dataset as the API returns it: a small text/label CSV with problems. */
export function makeDataset(overrides: Partial<Dataset> = {}): Dataset {
  return {
    id: 1,
    name: "tickets",
    filename: "tickets.csv",
    size_bytes: 2048,
    rows: 12,
    format: "csv",
    shape: "text_label",
    version: 1,
    parent_id: null,
    template_id: "text-classifier",
    created_at: "2025-01-01T12:00:00Z",
    errors: 1,
    warnings: 2,
    clean_ops: null,
    detection: {
      format: "csv",
      encoding: "utf-8",
      shape: "text_label",
      source_shape: "text_label",
      delimiter: ",",
      has_header: true,
      text_layout: null,
      json_root_key: null,
      notes: ["Comma-separated with a header row."],
    },
    profile: {
      rows: 12,
      columns: [
        {
          name: "text",
          type: "text",
          missing: 0,
          unique: 11,
          examples: ["My order arrived broken", "Do you ship to Canada?"],
          mixed_types: false,
          numbers: null,
          top_values: null,
          words: { min: 3, p50: 6, p95: 11, max: 12, mean: 6.5 },
        },
        {
          name: "label",
          type: "categorical",
          missing: 1,
          unique: 3,
          examples: ["complaint", "question"],
          mixed_types: false,
          numbers: null,
          top_values: { complaint: 5, question: 4, praise: 3 },
          words: null,
        },
      ],
      roles: { text: "text", label: "label" },
      duplicates: 1,
      empty_rows: 0,
      lengths: {
        words: { min: 3, p50: 6, p95: 11, max: 12, mean: 6.5 },
        tokens: { min: 5, p50: 9, p95: 16, max: 18, mean: 9.4 },
        tokenizer: "distilbert-base-uncased",
        max_tokens: 512,
        over_limit: 0,
        sampled: 12,
      },
      labels: { complaint: 5, question: 4, praise: 3 },
      target_kind: null,
      flags: [],
      selection: [
        { name: "text", role: "text", reason: "text", explanation: "The text the model reads.", flagged: false },
        { name: "label", role: "label", reason: "label", explanation: "The category the model learns to choose.", flagged: false },
      ],
    },
    findings: [makeFinding()],
    column_choices: { include: [], exclude: [], markers_off: {} },
    ...overrides,
  };
}

export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    code: "duplicates",
    severity: "warning",
    message: "1 row (8%) is an exact duplicate.",
    hint: "Remove duplicates so the model does not over-learn them.",
    fix: "dedupe",
    column: null,
    affected: 1,
    sample_rows: [4],
    ...overrides,
  };
}

export function makePreview(total: number, offset = 0, limit = 20): DatasetPreview {
  const count = Math.max(0, Math.min(limit, total - offset));
  return {
    columns: ["text", "label"],
    rows: Array.from({ length: count }, (_, index) => ({
      text: `Example text ${offset + index + 1}`,
      label: index % 2 ? "question" : "complaint",
    })),
    total,
    offset,
    limit,
  };
}

/** The text-classifier template as GET /api/templates returns it. */
export function makeTemplate(overrides: Partial<Template> = {}): Template {
  return {
    id: "text-classifier",
    name: "Text Classifier",
    description: "Sort texts into your own categories.",
    task: "classifier",
    data_shape: "A table with a text column and a label column.",
    accepted_shapes: ["text_label"],
    example_rows: [{ text: "Do you ship to Canada?", label: "question" }],
    min_examples: 20,
    recommended_examples: 100,
    sample: { file: "text-classifier.csv", name: "Product reviews", description: "150 customer reviews labelled positive, negative or neutral." },
    default_model: "distilbert-base-uncased",
    alternative_models: [],
    presets: [
      { id: "beginner", name: "Beginner", description: "Everything is chosen for you.", visible_settings: [], defaults: {} },
      { id: "intermediate", name: "Intermediate", description: "The few settings that matter most.", visible_settings: ["epochs", "learning_rate"], defaults: {} },
      { id: "advanced", name: "Advanced", description: "Every setting.", visible_settings: ["epochs", "learning_rate", "batch_size", "schedule"], defaults: {} },
    ],
    generation_defaults: null,
    sample_prompts: [],
    phase_explanations: {
      preparing: "Reading your texts and labels and setting aside a fair test set.",
      training: "The model reads batches of texts, guesses a label for each, and adjusts its weights whenever it guesses wrong.",
      evaluating: "Checking the model on the texts it never saw.",
    },
    ...overrides,
  };
}

/** A classifier plan; settings in `visible` are the ones the preset lets the user change. */
export function makePlan(overrides: Partial<Plan> = {}, visible: string[] = []): Plan {
  const item = (name: string, value: unknown, reason: string) => ({ name, value, reason, source: "auto" as const, visible: visible.includes(name) });
  return {
    template_id: "text-classifier",
    dataset_id: 1,
    preset: "beginner",
    task: "classifier",
    base_model: { name: "distilbert-base-uncased", hub_id: "distilbert-base-uncased", source: "bundled", reason: "the template's default: small and fast on CPU" },
    settings: { epochs: 5, learning_rate: 0.00005 },
    items: [
      item("epochs", 5, "5 epochs: with 10 training examples the model needs several passes"),
      item("learning_rate", 0.00005, "5e-5: the usual rate for fine-tuning all of a small model's weights"),
      item("batch_size", 8, "Batch 8: the largest that fits comfortably in memory"),
      item("schedule", "linear", "Linear decay: steady and predictable"),
    ],
    memory: { weights: 1, gradients: 1, optimizer: 1, activations: 1, baseline: 1, budget: 8 * 1024 ** 3, free: 10 * 1024 ** 3, peak: 2 * 1024 ** 3 },
    estimated_seconds: 95,
    train_rows: 10,
    val_rows: 2,
    total_steps: 40,
    truncation: null,
    warnings: [],
    hardware: { device: "cpu" },
    columns: [],
    ...overrides,
  };
}

export function makeRun(overrides: Partial<Run> = {}): Run {
  return {
    id: 3,
    dataset_id: 1,
    template_id: "text-classifier",
    preset: "beginner",
    status: "training",
    plan: { task: "classifier", settings: { epochs: 5 }, model_name: "tickets" },
    base_model: null,
    metrics: null,
    error: null,
    step: 0,
    total_steps: 40,
    attempt: 1,
    cancel_requested: false,
    created_at: "2025-01-01T12:00:00Z",
    started_at: "2025-01-01T12:00:01Z",
    finished_at: null,
    model_version_id: null,
    ...overrides,
  };
}

export function makeEvent(seq: number, kind: string, payload: Record<string, unknown>): RunEvent {
  return { seq, kind, payload, created_at: "2025-01-01T12:00:02Z" };
}

export function makeModel(overrides: Partial<ModelVersion> = {}): ModelVersion {
  return {
    id: 5,
    name: "tickets",
    version: 1,
    run_id: 3,
    dataset_id: 1,
    template_id: "text-classifier",
    task: "classifier",
    settings: {},
    metrics: { accuracy: 0.91, baseline_accuracy: 0.62, val_loss: 0.31, loss_curve: [[1, 2.1]], train_seconds: 84 },
    verdict: {
      passed: true,
      headline: "Passed: on texts it has never seen, it is right 91% of the time (baseline 62%).",
      insights: ["Recognises 'praise' best (100% found) and 'question' worst (80% found)."],
      suggestions: ["Add more examples of 'question' (4 in training now)."],
      gates: [{ name: "beats_baseline", passed: true, metric: "accuracy", value: 0.91, threshold: 0.66 }],
    },
    base_model: {},
    library_versions: {},
    artifact_path: "/tmp/model",
    size_bytes: 1024,
    created_at: "2025-01-01T12:05:00Z",
    ...overrides,
  };
}

const boatLeak = "'boat' alone predicts 'survived' for 97% of rows: it is only filled in for people who survived.";
const nameId = "'name' holds names, almost all different (1309 in 1309 rows): an identifier.";

/** A passenger table for the Tabular template: "?" for unknown ages, a leaking `boat`, an identifying `name`. */
export function makePassengersDataset(overrides: Partial<Dataset> = {}): Dataset {
  const base = makeDataset({ id: 4, name: "passengers", template_id: "tabular-predictor", shape: "tabular", findings: [] });
  const column = (name: string, type: ColumnProfile["type"], extra: Partial<ColumnProfile> = {}): ColumnProfile => ({
    name, type, missing: 0, unique: 3, examples: [], mixed_types: false, numbers: null, top_values: null, words: null, ...extra,
  });
  return {
    ...base,
    rows: 1309,
    profile: {
      ...base.profile,
      rows: 1309,
      columns: [
        column("age", "numeric", { missing: 263, unique: 98, examples: ["29", "2"], markers: { "?": 263 }, numbers: { min: 0.17, p50: 28, p95: 57, max: 80, mean: 29.9 } }),
        column("sex", "categorical", { examples: ["male"], top_values: { male: 843, female: 466 } }),
        column("boat", "categorical", { missing: 823, unique: 27, examples: ["13", "4"] }),
        column("name", "id", { unique: 1309, examples: ["Allen, Miss. Elisabeth"] }),
        column("survived", "categorical", { unique: 2, examples: ["0"], top_values: { "0": 809, "1": 500 } }),
      ],
      roles: { target: "survived" },
      labels: null,
      lengths: null,
      target_kind: "classification",
      flags: [{ column: "boat", kind: "leak", message: boatLeak, score: 0.97 }, { column: "name", kind: "identifier", message: nameId, score: 1 }],
      // As the server words them: a flagged column's explanation quotes the flag.
      selection: [
        { name: "age", role: "feature", reason: "feature", explanation: "used to predict 'survived'", flagged: false },
        { name: "sex", role: "feature", reason: "feature", explanation: "used to predict 'survived'", flagged: false },
        { name: "boat", role: "left_out", reason: "leak", explanation: `left out: ${boatLeak}`, flagged: true },
        { name: "name", role: "left_out", reason: "identifier", explanation: `left out: ${nameId}`, flagged: true },
        { name: "survived", role: "target", reason: "target", explanation: "the answer the model learns to predict", flagged: false },
      ],
    },
    ...overrides,
  };
}
