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

/** One input per column the model reads: numbers as number boxes, categories as the values seen in training. */
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
          return (
            <div key={field.name} className="min-w-0 space-y-1.5">
              <label htmlFor={inputId} className="block truncate text-sm font-medium" title={field.name}>
                {field.name}
              </label>
              <FeatureInput
                id={inputId}
                field={field}
                value={values[field.name] ?? ""}
                describedBy={field.help ? `${inputId}-help` : undefined}
                onValueChange={(value) => onChange({ ...values, [field.name]: value })}
              />
              {field.help && (
                <p id={`${inputId}-help`} className="truncate text-xs text-muted-foreground" title={field.help}>
                  {field.help}
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
      <p className="text-xs text-muted-foreground">Leave a box empty (or choose Unknown) when the value is unknown.</p>
    </form>
  );
}

interface FeatureInputProps {
  id: string;
  field: FeatureField;
  value: string;
  describedBy?: string;
  onValueChange: (value: string) => void;
}

const selectClass =
  "h-9 w-full min-w-0 rounded-md border border-input bg-card px-2.5 py-1 text-base shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 md:text-sm";

/** A number box, a list of the values seen in training (plus "Unknown"), or a text box with suggestions. */
function FeatureInput({ id, field, value, describedBy, onValueChange }: FeatureInputProps) {
  if (field.kind === "choice") {
    // The list holds the most common values; keep the current one even when it is not among them.
    const options = field.choices.includes(value) || value === "" ? field.choices : [value, ...field.choices];
    return (
      <select id={id} className={selectClass} value={value} aria-describedby={describedBy} onChange={(event) => onValueChange(event.target.value)}>
        <option value="">Unknown</option>
        {options.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    );
  }
  const number = field.kind === "number";
  return (
    <>
      <Input
        id={id}
        type={number ? "number" : "text"}
        step={number ? "any" : undefined}
        inputMode={number ? "decimal" : undefined}
        list={field.choices.length > 0 ? `${id}-choices` : undefined}
        value={value}
        placeholder="Unknown"
        aria-describedby={describedBy}
        onChange={(event) => onValueChange(event.target.value)}
      />
      {field.choices.length > 0 && (
        <datalist id={`${id}-choices`}>
          {field.choices.map((choice) => (
            <option key={choice} value={choice} />
          ))}
        </datalist>
      )}
    </>
  );
}
