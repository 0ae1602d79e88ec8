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
export type TemplateEstimate = Schemas["TemplateEstimate"];
export type SampleDataset = Schemas["SampleDataset"];
export type TaskKind = Template["task"];
export type DatasetSummary = Schemas["DatasetSummary"];
export type Dataset = Schemas["DatasetPublic"];
export type Detection = Schemas["Detection"];
export type Profile = Schemas["Profile"];
export type ColumnProfile = Schemas["ColumnProfile"];
export type ColumnFlag = Schemas["ColumnFlag"];
export type ColumnDecision = Schemas["ColumnDecision"];
export type ColumnChoices = Schemas["ColumnChoices-Input"];
export type RunColumns = Schemas["RunColumns"];
export type InputField = Schemas["InputField"];
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
export type SettingsContext = Schemas["SettingsContext"];
export type Interpretation = Schemas["Interpretation"];
export type SettingChange = Schemas["Change"];
export type CommandContext = Schemas["CommandContext"];
export type CommandReply = Schemas["CommandReply"];
export type AssistantAction = Schemas["Action"];
export type QuestionOption = Schemas["QuestionOption"];
export type GenerationDefaults = Schemas["GenerationDefaults"];
export type ClassifyOutput = Schemas["ClassifyOutput"];
export type Attention = Schemas["Attention"];
export type TabularOutput = Schemas["TabularOutput"];
export type Deployment = Schemas["DeploymentPublic"];
export type DeploymentCreated = Schemas["DeploymentCreated"];
export type ApiKeyCreated = Schemas["ApiKeyCreated"];
export type Usage = Schemas["UsagePublic"];
export type UsageBucket = Schemas["UsageBucket"];
export type ModelExport = Schemas["ExportPublic"];
export type DatasetDownloadFormat = NonNullable<NonNullable<paths["/api/datasets/{dataset_id}/download"]["get"]["parameters"]["query"]>["format"]>;
export type ExportFormat = NonNullable<NonNullable<paths["/api/models/{model_id}/download"]["get"]["parameters"]["query"]>["format"]>;

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

type UntypedRequest = (
  method: string,
  url: string,
  init?: { body?: unknown },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/**
 * Make one call the assistant proposed and the user confirmed. Its method and path come from the
 * server's `Action` at run time, so the generated types cannot check them; it still goes through
 * the same client, middleware and error handling as every button.
 */
export async function callAction(action: Pick<AssistantAction, "method" | "path" | "body">): Promise<unknown> {
  const request = api.request as unknown as UntypedRequest;
  return unwrap(await request(action.method, action.path, action.body ? { body: action.body } : undefined));
}
