import { Loader2, RotateCcw, Wand2 } from "lucide-react";
import { useId } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { FeatureField, FeatureValues } from "@/lib/tabular-fields";

interface TabularFormProps {
  fields: FeatureField[];
  values: FeatureValues;
  onChange: (values: FeatureValues) => void;
  onSubmit: () => void;
  onReset: () => void;
  pending?: boolean;
}

/** One input per feature column: numbers as number boxes, categories with the values seen in training. */
export function TabularForm({ fields, values, onChange, onSubmit, onReset, pending }: TabularFormProps) {
  const id = useId();
  return (
    <form
      aria-label="One row to predict"
      className="space-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {fields.map((field, index) => {
          const inputId = `${id}-${index}`;
          const help = field.kind === "number" ? field.range : field.choices.length > 0 ? `e.g. ${field.choices.slice(0, 3).join(", ")}` : undefined;
          return (
            <div key={field.name} className="min-w-0 space-y-1.5">
              <label htmlFor={inputId} className="block truncate text-sm font-medium" title={field.name}>
                {field.name}
              </label>
              <Input
                id={inputId}
                type={field.kind === "number" ? "number" : "text"}
                step={field.kind === "number" ? "any" : undefined}
                inputMode={field.kind === "number" ? "decimal" : undefined}
                list={field.kind === "choice" ? `${inputId}-choices` : undefined}
                value={values[field.name] ?? ""}
                placeholder="Unknown"
                aria-describedby={help ? `${inputId}-help` : undefined}
                onChange={(event) => onChange({ ...values, [field.name]: event.target.value })}
              />
              {field.kind === "choice" && (
                <datalist id={`${inputId}-choices`}>
                  {field.choices.map((choice) => (
                    <option key={choice} value={choice} />
                  ))}
                </datalist>
              )}
              {help && (
                <p id={`${inputId}-help`} className="truncate text-xs text-muted-foreground" title={help}>
                  {help}
                </p>
              )}
            </div>
          );
        })}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Wand2 aria-hidden="true" />}
          Predict
        </Button>
        <Button type="button" variant="outline" onClick={onReset} disabled={pending}>
          <RotateCcw aria-hidden="true" /> Example values
        </Button>
      </div>
      <p className="text-xs text-muted-foreground">Leave a box empty when the value is unknown.</p>
    </form>
  );
}
