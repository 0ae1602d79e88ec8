import { useCallback } from "react";
import { useSearchParams } from "react-router";

import { readStored, writeStored } from "@/lib/storage";

const STORAGE_KEY = "tunewright.dataset";

function asId(value: string | null): number | null {
  const id = Number(value);
  return value && Number.isInteger(id) && id > 0 ? id : null;
}

/**
 * The dataset to train on: `?dataset=` in the URL, else the one last opened on the Data step
 * (remembered in localStorage); null means "the most recent one".
 */
export function useSelectedDataset() {
  const [params] = useSearchParams();
  const datasetId = asId(params.get("dataset")) ?? asId(readStored(STORAGE_KEY));
  const remember = useCallback((id: number) => writeStored(STORAGE_KEY, String(id)), []);
  return [datasetId, remember] as const;
}
