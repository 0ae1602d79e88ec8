import type { Preset, PresetSpec } from "@/client";
import { cn } from "@/lib/utils";

interface PresetPickerProps extends Omit<React.ComponentProps<"fieldset">, "onChange"> {
  presets: PresetSpec[];
  value: Preset;
  onChange: (preset: Preset) => void;
  disabled?: boolean;
}

/** How much to control: each preset as a radio card with its one-sentence description. */
export function PresetPicker({ presets, value, onChange, disabled, className, ...props }: PresetPickerProps) {
  return (
    <fieldset className={cn("space-y-2", className)} disabled={disabled} {...props}>
      <legend className="mb-2 text-sm font-medium">How much do you want to decide yourself?</legend>
      <div className="grid gap-2 md:grid-cols-3">
        {presets.map((preset) => (
          <label
            key={preset.id}
            className={cn(
              "flex cursor-pointer gap-3 rounded-lg border bg-card p-3 text-sm transition-colors has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50",
              value === preset.id ? "border-primary bg-accent/50" : "hover:bg-muted",
            )}
          >
            <input
              type="radio"
              name="preset"
              value={preset.id}
              checked={value === preset.id}
              onChange={() => onChange(preset.id)}
              className="mt-0.5 size-4 shrink-0 accent-primary outline-none"
            />
            <span>
              <span className="block font-medium">{preset.name}</span>
              <span className="block text-pretty text-muted-foreground">{preset.description}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
