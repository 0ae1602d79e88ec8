import type { Dataset, InputField, ModelVersion } from "@/client";
import { formatMeasure } from "@/lib/format";

export interface FeatureField {
  name: string;
  /** A number box, a list to pick from, or free text (suggesting `choices` when there are any). */
  kind: "number" | "choice" | "text";
  /** Values seen in training, most common first. */
  choices: string[];
  /** A value from the data, to start from. */
  example: string;
  /** What goes in the box, in words ("from 18 to 67", "e.g. pro, basic", "a date"). */
  help?: string;
  /** Spellings that mean "unknown" in this column ("?"): sent as null, like a blank box. */
  missing: string[];
  /** A yes/no column: "true" and "false" are sent as booleans. */
  boolean?: boolean;
}

export type FeatureValues = Record<string, string>;

function range(min: number | null | undefined, max: number | null | undefined): string | undefined {
  if (min != null && max != null) return `from ${formatMeasure(min)} to ${formatMeasure(max)}`;
  if (min != null) return `at least ${formatMeasure(min)}`;
  if (max != null) return `at most ${formatMeasure(max)}`;
  return undefined;
}

function suggestions(choices: string[]): string | undefined {
  return choices.length > 0 ? `e.g. ${choices.slice(0, 3).join(", ")}` : undefined;
}

const SHOWN_CHOICES = 4; // enough to recognise the values; the form lists them all

/** One column of a model's input schema in a few words: "from 18 to 67", "one of: pro, basic +3 more". */
export function describeInput(input: InputField): string {
  const missing = input.missing_markers.length > 0 ? `; ${input.missing_markers.map((m) => `“${m}”`).join(", ")} means unknown` : "";
  const example = input.example == null || input.example === "" ? "" : `e.g. ${String(input.example)}`;
  let what: string;
  if (input.kind === "number") what = range(input.min, input.max) ?? (example || "any number");
  else if (input.kind === "choice" && input.choices.length > 0) {
    const more = input.choices.length - SHOWN_CHOICES;
    what = `one of: ${input.choices.slice(0, SHOWN_CHOICES).join(", ")}${more > 0 ? ` +${more} more` : ""}`;
  } else if (input.kind === "boolean") what = "true or false";
  else what = example || "any text";
  return what + missing;
}

/** One field of the model's own input schema. */
function fromSchema(input: InputField): FeatureField {
  const example = input.example == null ? "" : String(input.example);
  const missing = input.missing_markers;
  const markers = missing.length > 0 ? ` (${missing.map((m) => `“${m}”`).join(", ")} means unknown)` : "";
  switch (input.kind) {
    case "number":
      return { name: input.name, kind: "number", choices: [], example, missing, help: (range(input.min, input.max) ?? "a number") + markers };
    case "boolean": {
      const choices = input.choices.length > 0 ? input.choices : ["true", "false"];
      // The example is a JSON boolean; show it spelled as in the data ("True").
      const spelled = choices.find((choice) => choice.toLowerCase() === example.toLowerCase()) ?? example;
      return { name: input.name, kind: "choice", choices, example: spelled, missing, boolean: true, help: markers.trim() || undefined };
    }
    case "choice":
      return { name: input.name, kind: "choice", choices: input.choices, example, missing, help: markers.trim() || undefined };
    case "date":
      return { name: input.name, kind: "text", choices: [], example, missing, help: `a date${example ? `, e.g. ${example}` : ""}${markers}` };
    default:
      return { name: input.name, kind: "text", choices: [], example, missing, help: markers.trim() || undefined };
  }
}

/**
 * The columns a table model reads, from the dataset it was trained on: every column but the
 * target. (For models trained before they described their own inputs: columns the model
 * dropped are sent too, and ignored by it.)
 */
function fromProfile(dataset: Pick<Dataset, "profile">): FeatureField[] {
  const target = dataset.profile.roles.target;
  return dataset.profile.columns
    .filter((column) => column.name !== target)
    .map((column) => {
      const choices = Object.entries(column.top_values ?? {})
        .sort((a, b) => b[1] - a[1])
        .map(([value]) => value);
      const kind = column.type === "numeric" ? "number" : "text";
      // Only the most common values are profiled: suggestions, not a closed list.
      const offered = column.type === "categorical" || column.type === "boolean" ? choices : [];
      const numbers = column.numbers;
      return {
        name: column.name,
        kind,
        choices: offered,
        example: column.examples[0] ?? choices[0] ?? "",
        help: kind === "number" ? (numbers ? range(numbers.min, numbers.max) : undefined) : suggestions(offered),
        missing: Object.keys(column.markers ?? {}),
      };
    });
}

/** The form's fields: the model's own input schema, or (older models) the dataset's profile; null without either. */
export function featureFields(model: Pick<ModelVersion, "input_schema">, dataset?: Pick<Dataset, "profile">): FeatureField[] | null {
  if (model.input_schema) return model.input_schema.map(fromSchema);
  return dataset ? fromProfile(dataset) : null;
}

/** A form's values as one request row: numbers as numbers, blanks and missing markers as null (unknown). */
export function rowOf(fields: FeatureField[], values: FeatureValues): Record<string, string | number | boolean | null> {
  return Object.fromEntries(
    fields.map((field) => {
      const raw = (values[field.name] ?? "").trim();
      if (raw === "" || field.missing.includes(raw)) return [field.name, null];
      const lower = raw.toLowerCase();
      if (field.boolean && (lower === "true" || lower === "false")) return [field.name, lower === "true"];
      const number = Number(raw);
      return [field.name, field.kind === "number" && Number.isFinite(number) ? number : raw];
    }),
  );
}

/** The example values, as the form's starting point. */
export function exampleValues(fields: FeatureField[]): FeatureValues {
  return Object.fromEntries(fields.map((field) => [field.name, field.example]));
}
