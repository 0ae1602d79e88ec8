import type { RunEvent } from "@/client";

/** A run's life: queued → preparing → training → evaluating → one of the final states. */
export type RunStatus =
  | "queued"
  | "preparing"
  | "training"
  | "evaluating"
  | "succeeded"
  | "failed"
  | "cancelled"
  | "interrupted";

export type Phase = "preparing" | "training" | "evaluating";

const FINAL: ReadonlySet<string> = new Set(["succeeded", "failed", "cancelled", "interrupted"]);
const RESUMABLE: ReadonlySet<string> = new Set(["failed", "cancelled", "interrupted"]);

/** Whether a run has stopped for good (until someone resumes it). */
export function isFinal(status: string | null | undefined): boolean {
  return status != null && FINAL.has(status);
}

export function isResumable(status: string | null | undefined): boolean {
  return status != null && RESUMABLE.has(status);
}

export interface Point {
  x: number;
  y: number;
}

/** What a "step" event may carry (text models send all of it; other kinds a part). */
export interface StepFigures {
  step: number;
  total_steps?: number;
  epoch?: number;
  loss?: number;
  learning_rate?: number;
  tokens_per_s?: number;
  samples_per_s?: number;
  elapsed_s?: number;
  eta_s?: number;
  memory_mb?: number;
}

export interface SampleGroup {
  prompt: string;
  outputs: { step: number; output: string }[];
}

export interface LogLine {
  seq: number;
  message: string;
  hint?: string;
}

/** Everything the run screen shows, folded from the event list. */
export interface RunTimeline {
  phase: Phase | null;
  last: StepFigures | null;
  steps: Record<string, unknown>[];
  loss: Point[];
  valLoss: Point[];
  learningRate: Point[];
  lastEval: Record<string, unknown> | null;
  samples: SampleGroup[];
  logs: LogLine[];
}

function number(payload: Record<string, unknown>, key: string): number | undefined {
  const value = payload[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function text(payload: Record<string, unknown>, key: string): string | undefined {
  const value = payload[key];
  return typeof value === "string" ? value : undefined;
}

const STEP_KEYS = [
  "total_steps",
  "epoch",
  "loss",
  "learning_rate",
  "tokens_per_s",
  "samples_per_s",
  "elapsed_s",
  "eta_s",
  "memory_mb",
] as const;

function stepFigures(payload: Record<string, unknown>, index: number): StepFigures {
  const figures: StepFigures = { step: number(payload, "step") ?? index + 1 };
  for (const key of STEP_KEYS) {
    const value = number(payload, key);
    if (value !== undefined) figures[key] = value;
  }
  return figures;
}

/** Fold events (in seq order) into curves, the latest figures, samples and log lines. */
export function readEvents(events: readonly RunEvent[]): RunTimeline {
  const timeline: RunTimeline = {
    phase: null,
    last: null,
    steps: [],
    loss: [],
    valLoss: [],
    learningRate: [],
    lastEval: null,
    samples: [],
    logs: [],
  };
  const samples = new Map<string, SampleGroup>();
  for (const { kind, payload, seq } of events) {
    if (kind === "phase") {
      const phase = text(payload, "phase");
      if (phase === "preparing" || phase === "training" || phase === "evaluating") timeline.phase = phase;
    } else if (kind === "step") {
      const figures = stepFigures(payload, timeline.steps.length);
      timeline.steps.push(payload);
      timeline.last = figures;
      if (figures.loss !== undefined) timeline.loss.push({ x: figures.step, y: figures.loss });
      if (figures.learning_rate !== undefined) {
        timeline.learningRate.push({ x: figures.step, y: figures.learning_rate });
      }
    } else if (kind === "eval") {
      timeline.lastEval = payload;
      const step = number(payload, "step");
      const valLoss = number(payload, "val_loss");
      if (step !== undefined && valLoss !== undefined) timeline.valLoss.push({ x: step, y: valLoss });
    } else if (kind === "sample") {
      const prompt = text(payload, "prompt") ?? "";
      const group = samples.get(prompt) ?? { prompt, outputs: [] };
      group.outputs.push({ step: number(payload, "step") ?? 0, output: text(payload, "output") ?? "" });
      samples.set(prompt, group);
    } else if (kind === "log") {
      timeline.logs.push({ seq, message: text(payload, "message") ?? "", hint: text(payload, "hint") });
    }
  }
  timeline.samples = [...samples.values()];
  return timeline;
}

/** Share of the run done, 0–100, or null when nothing says how far along it is. */
export function progressPercent(last: StepFigures | null): number | null {
  if (!last) return null;
  if (last.total_steps) return Math.min(100, (last.step / last.total_steps) * 100);
  if (last.elapsed_s !== undefined && last.eta_s !== undefined && last.elapsed_s + last.eta_s > 0) {
    return Math.min(100, (last.elapsed_s / (last.elapsed_s + last.eta_s)) * 100);
  }
  return null;
}
