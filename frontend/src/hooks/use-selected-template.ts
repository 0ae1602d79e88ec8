import { useCallback } from "react";
import { useSearchParams } from "react-router";

const STORAGE_KEY = "tunewright.template";

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled (private mode): the URL still carries the choice
  }
}

/**
 * The chosen template: `?template=` in the URL (shareable) and remembered in localStorage so a
 * bare `/data` still knows it.
 */
export function useSelectedTemplate() {
  const [params] = useSearchParams();
  const templateId = params.get("template") ?? readStored();

  const remember = useCallback((id: string) => {
    try {
      localStorage.setItem(STORAGE_KEY, id);
    } catch {
      // see readStored
    }
  }, []);

  return [templateId, remember] as const;
}
