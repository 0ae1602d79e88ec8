import type { Dataset } from "@/client";
import { formatMeasure } from "@/lib/format";

export interface FeatureField {
  name: string;
  kind: "number" | "choice" | "text";
  /** Values seen in training, most common first (for a choice). */
  choices: string[];
  /** A value from the data, to start from. */
  example: string;
  /** The range seen in training, in words ("from 18 to 67"). */
  range?: string;
}

export type FeatureValues = Record<string, string>;

/**
 * The columns a table model reads, from the profile of the dataset it was trained on: every
 * column but the target. (GET /api/models/{id} does not list the model's own feature columns
 * yet; columns the model dropped are sent too and ignored by it.)
 */
export function featureFields(dataset: Pick<Dataset, "profile">): FeatureField[] {
  const target = dataset.profile.roles.target;
  return dataset.profile.columns
    .filter((column) => column.name !== target)
    .map((column) => {
      const choices = Object.entries(column.top_values ?? {})
        .sort((a, b) => b[1] - a[1])
        .map(([value]) => value);
      const kind = column.type === "numeric" ? "number" : choices.length > 0 && (column.type === "categorical" || column.type === "boolean") ? "choice" : "text";
      const numbers = column.numbers;
      return {
        name: column.name,
        kind,
        choices,
        example: column.examples[0] ?? choices[0] ?? "",
        range: kind === "number" && numbers ? `from ${formatMeasure(numbers.min)} to ${formatMeasure(numbers.max)}` : undefined,
      };
    });
}

/** A form's values as one request row: numbers as numbers, blanks as null (unknown). */
export function rowOf(fields: FeatureField[], values: FeatureValues): Record<string, string | number | null> {
  return Object.fromEntries(
    fields.map((field) => {
      const raw = (values[field.name] ?? "").trim();
      if (raw === "") return [field.name, null];
      const number = Number(raw);
      return [field.name, field.kind === "number" && Number.isFinite(number) ? number : raw];
    }),
  );
}

/** The example values, as the form's starting point. */
export function exampleValues(fields: FeatureField[]): FeatureValues {
  return Object.fromEntries(fields.map((field) => [field.name, field.example]));
}
