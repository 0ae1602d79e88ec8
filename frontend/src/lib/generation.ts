import type { GenerationDefaults, SettingChange } from "@/client";

export type GenerationSettings = GenerationDefaults;

/** GenerateInput's own defaults (serving/types.py), for a template that names none. */
export const DEFAULT_GENERATION: GenerationSettings = { temperature: 0.7, top_p: 0.9, top_k: 50, max_new_tokens: 64, repetition_penalty: 1.1 };

// what the server accepts (GenerateInput's bounds)
const LIMITS: Record<keyof GenerationSettings, [number, number]> = {
  temperature: [0, 2],
  top_p: [0.05, 1],
  top_k: [0, 1000],
  max_new_tokens: [1, 512],
  repetition_penalty: [1, 2],
};

/** The settings with the assistant's proposed changes applied (clamped to what the server accepts). */
export function applyChanges(settings: GenerationSettings, changes: SettingChange[]): GenerationSettings {
  const next = { ...settings };
  for (const change of changes) {
    const key = change.setting as keyof GenerationSettings;
    if (!(key in LIMITS) || typeof change.new !== "number") continue;
    const [low, high] = LIMITS[key];
    next[key] = Math.min(high, Math.max(low, change.new));
  }
  return next;
}
