import { useCallback } from "react";
import { useSearchParams } from "react-router";

import type { Preset } from "@/client";
import { readStored, writeStored } from "@/lib/storage";

const STORAGE_KEY = "tunewright.preset";
const PRESETS: readonly Preset[] = ["beginner", "intermediate", "advanced"];

function asPreset(value: string | null): Preset | null {
  return PRESETS.find((preset) => preset === value) ?? null;
}

/**
 * How much the user wants to decide (chosen on the Template step): `?preset=` in the URL, else
 * remembered in localStorage, else Beginner.
 */
export function useSelectedPreset() {
  const [params] = useSearchParams();
  const preset = asPreset(params.get("preset")) ?? asPreset(readStored(STORAGE_KEY)) ?? "beginner";
  const remember = useCallback((next: Preset) => writeStored(STORAGE_KEY, next), []);
  return [preset, remember] as const;
}
