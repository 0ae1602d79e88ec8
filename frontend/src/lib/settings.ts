import type { GlossaryKey } from "./glossary";

export interface SettingInfo {
  title: string;
  /** The allowed words, for settings that take one of a few. */
  choices?: readonly string[];
  /** Unit shown after the value. */
  unit?: string;
  /** A share from 0 to 1, shown as a percentage. */
  share?: boolean;
  /** The glossary entry that explains it, when there is one. */
  help?: GlossaryKey;
}

/** Plain names for the plan's settings; an unknown name (a newer server) falls back to its words. */
export const settingInfo: Record<string, SettingInfo> = {
  epochs: { title: "Epochs", help: "epoch" },
  max_steps: { title: "Maximum steps" },
  learning_rate: { title: "Learning rate", help: "learning_rate" },
  max_length: { title: "Maximum length", unit: "tokens" },
  batch_size: { title: "Batch size", unit: "examples" },
  grad_accum: { title: "Gradient accumulation", unit: "batches" },
  warmup_ratio: { title: "Warm-up share", share: true },
  weight_decay: { title: "Weight decay" },
  schedule: { title: "Learning-rate schedule", choices: ["linear", "cosine", "constant"] },
  method: { title: "Method", choices: ["full", "lora"] },
  lora_r: { title: "LoRA rank" },
  lora_alpha: { title: "LoRA alpha" },
  lora_dropout: { title: "LoRA dropout" },
  val_fraction: { title: "Held-out share", share: true },
  eval_every_steps: { title: "Evaluate every", unit: "steps" },
  log_every_steps: { title: "Report every", unit: "steps" },
  checkpoint_every_steps: { title: "Checkpoint every", unit: "steps" },
  early_stopping_patience: { title: "Early-stopping patience", unit: "evaluations", help: "overfitting" },
  sample_every_steps: { title: "Sample every", unit: "steps" },
  sample_max_new_tokens: { title: "Sample length", unit: "tokens" },
  sample_prompts: { title: "Sample prompts" },
  precision: { title: "Precision", choices: ["fp32", "bf16", "fp16"] },
  threads: { title: "CPU threads" },
  gradient_checkpointing: { title: "Gradient checkpointing" },
  device: { title: "Device" },
  seed: { title: "Random seed" },
  time_budget_s: { title: "Search time budget", unit: "s" },
  test_size: { title: "Test share", share: true },
  cv_folds: { title: "Cross-validation folds", help: "cross_validation" },
};

/** The setting's display name. */
export function settingTitle(name: string): string {
  const title = settingInfo[name]?.title ?? name.replaceAll("_", " ");
  return title.charAt(0).toUpperCase() + title.slice(1);
}

/** A setting's value as text: lists joined, booleans as words, numbers as typed. */
export function formatSetting(name: string, value: unknown): string {
  const unit = settingInfo[name]?.unit;
  if (typeof value === "boolean") return value ? "On" : "Off";
  if (typeof value === "number" && settingInfo[name]?.share) return `${Number((value * 100).toFixed(1))}%`;
  if (Array.isArray(value)) return value.length ? value.map(String).join(", ") : "None";
  if (value === null || value === undefined) return "Automatic";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return unit ? `${text}\u00a0${unit}` : text;
}
