import type { Dataset, DeploymentCreated, ModelExport, Usage } from "@/client";

import { makeDataset } from "./fixtures";

/** A deployment as POST /api/deployments returns it (the key is in this answer only). */
export function makeCreatedDeployment(overrides: Partial<DeploymentCreated> = {}): DeploymentCreated {
  const url = "http://127.0.0.1:5055/v1/endpoints/tickets/predict";
  return {
    id: 7,
    slug: "tickets",
    name: "tickets v1",
    status: "active",
    url,
    model_version_id: 5,
    engine: "torch",
    history: [{ model_version_id: 5, at: "2025-01-01T12:10:00Z" }],
    rate_limit_per_minute: 60,
    created_at: "2025-01-01T12:10:00Z",
    updated_at: "2025-01-01T12:10:00Z",
    keys: [{ id: 1, name: "default", prefix: "tw_abc123", created_at: "2025-01-01T12:10:00Z", last_used_at: null, revoked_at: null }],
    api_key: "tw_abc123SECRETSECRET",
    snippets: {
      curl: `curl -X POST ${url} \\\n  -H "Authorization: Bearer tw_abc123SECRETSECRET"`,
      python: `import requests\n\nresponse = requests.post("${url}")`,
      javascript: `const response = await fetch("${url}");`,
    },
    example_body: { texts: ["The parcel arrived broken."] },
    input_schema: null,
    ...overrides,
  };
}

export function makeUsage(overrides: Partial<Usage> = {}): Usage {
  const stats = { requests: 3, errors: 1, error_rate: 0.3333, p50_ms: 12.5, p95_ms: 40.2, p99_ms: 44, tokens: 0 };
  return {
    deployment_id: 7,
    window_days: 2,
    totals: stats,
    all_time_requests: 3,
    hourly: [{ start: new Date().toISOString(), ...stats }],
    daily: [],
    by_version: [],
    latest: [{ ts: new Date().toISOString(), status_code: 200, latency_ms: 12.5, request_bytes: 40, response_bytes: 80, tokens: 0, error_code: null, model_version_id: 5 }],
    drift_samples: 2,
    prediction_distribution: {},
    ...overrides,
  };
}

export function makeExport(format: string, passed: boolean, overrides: Partial<ModelExport> = {}): ModelExport {
  return {
    format,
    task: "classifier",
    created_at: "2025-01-01T12:20:00Z",
    files: ["model.onnx"],
    archive: `tickets-v1-${format}.zip`,
    size_bytes: 2_500_000,
    parity: {
      passed,
      metric: "max_abs_diff",
      value: passed ? 1e-6 : 0.2,
      tolerance: 1e-4,
      samples: 40,
      reference: "transformers on PyTorch (fp32)",
      sample_source: "32 texts from the model's dataset and 8 fixed sample texts",
      checks: [
        { name: "max_abs_diff", value: passed ? 1e-6 : 0.2, tolerance: 1e-4, rule: "≤", passed, what: "largest probability difference" },
        { name: "label_agreement", value: passed ? 1 : 0.85, tolerance: 0.99, rule: "≥", passed, what: "share of texts given the same label" },
      ],
      why_failed: passed ? [] : ["6 of 40 texts got a different label than the original model gives."],
      notes: [],
    },
    notes: [],
    library_versions: {},
    download_url: `/api/models/5/download?format=${format}`,
    ...overrides,
  };
}

/** A table dataset: two features and the target column `churned`. */
export function makeTableDataset(): Dataset {
  const base = makeDataset({ id: 2, name: "customers", template_id: "tabular-predictor", shape: "tabular" });
  return {
    ...base,
    profile: {
      ...base.profile,
      columns: [
        { name: "age", type: "numeric", missing: 0, unique: 40, examples: ["34", "51"], mixed_types: false, numbers: { min: 18, p50: 40, p95: 64, max: 67, mean: 41 }, top_values: null, words: null },
        { name: "plan", type: "categorical", missing: 0, unique: 3, examples: ["pro"], mixed_types: false, numbers: null, top_values: { basic: 10, pro: 30, team: 5 }, words: null },
        { name: "churned", type: "categorical", missing: 0, unique: 2, examples: ["no"], mixed_types: false, numbers: null, top_values: { no: 80, yes: 40 }, words: null },
      ],
      roles: { target: "churned" },
      labels: null,
      lengths: null,
    },
  };
}
