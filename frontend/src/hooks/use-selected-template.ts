import { useCallback } from "react";
import { useSearchParams } from "react-router";

import { readStored, writeStored } from "@/lib/storage";

const STORAGE_KEY = "tunewright.template";

/**
 * The chosen template: `?template=` in the URL (shareable) and remembered in localStorage so a
 * bare `/data` still knows it.
 */
export function useSelectedTemplate() {
  const [params] = useSearchParams();
  const templateId = params.get("template") ?? readStored(STORAGE_KEY);
  const remember = useCallback((id: string) => writeStored(STORAGE_KEY, id), []);
  return [templateId, remember] as const;
}
