/**
 * The typed API client. `schema.d.ts` is generated from the backend's OpenAPI document
 * (`npm run gen:api`) and never edited by hand; this file only names its types and adds
 * error handling.
 */
import createClient from "openapi-fetch";

import { ApiError } from "@/lib/errors";

import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type Health = Schemas["Health"];
export type Template = Schemas["Template"];
export type TaskKind = Template["task"];
export type DatasetSummary = Schemas["DatasetSummary"];
export type Dataset = Schemas["DatasetPublic"];
export type Detection = Schemas["Detection"];
export type Profile = Schemas["Profile"];
export type ColumnProfile = Schemas["ColumnProfile"];
export type NumberSummary = Schemas["NumberSummary"];
export type LengthProfile = Schemas["LengthProfile"];
export type Finding = Schemas["Finding"];
export type CleanOp = NonNullable<Finding["fix"]>;
export type DatasetPreview = Schemas["DatasetPreview"];
export type Shape = Detection["shape"];
export type Preset = Schemas["PresetSpec"]["id"];
export type PresetSpec = Schemas["PresetSpec"];
export type PhaseExplanations = Schemas["PhaseExplanations"];
export type PlanRequest = Schemas["PlanRequest"];
export type Plan = Schemas["PlanPublic"];
export type PlannedSetting = Schemas["PlannedSettingPublic"];
export type Run = Schemas["RunPublic"];
export type RunEvent = Schemas["RunEventPublic"];
export type ModelVersion = Schemas["ModelVersionPublic"];

export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? "",
  // Late-bound so tests can replace the global fetch after this module has loaded.
  fetch: (request) => globalThis.fetch(request),
});

/** The response body of a successful call, or an ApiError carrying the server's message and hint. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok) throw ApiError.from(result.response.status, result.error);
  return result.data as T;
}
