import type { Dataset, DatasetPreview, Finding } from "@/client";

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
    },
    findings: [makeFinding()],
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
