import type { TaskKind } from "@/client";
import { SettingsAssistant } from "@/components/assistant/settings-assistant";
import { applyChanges, type GenerationSettings } from "@/lib/generation";
import { cn } from "@/lib/utils";

import { SamplingSlider } from "./sampling-slider";

interface GenerationSettingsPanelProps extends Omit<React.ComponentProps<"div">, "onChange"> {
  settings: GenerationSettings;
  onChange: (settings: GenerationSettings) => void;
  task: TaskKind;
  templateId: string;
  disabled?: boolean;
}

/** How the model writes: temperature, length and top-p, each with what it does; or say it in words. */
export function GenerationSettingsPanel({ settings, onChange, task, templateId, disabled, className, ...props }: GenerationSettingsPanelProps) {
  const set = (key: keyof GenerationSettings) => (value: number) => onChange({ ...settings, [key]: value });
  return (
    <div className={cn("space-y-5", className)} {...props}>
      <div className="grid gap-5 md:grid-cols-3">
        <SamplingSlider
          label="Temperature"
          help="Higher gives more varied, surprising answers; 0 always picks the most likely next word."
          value={settings.temperature}
          min={0}
          max={2}
          step={0.05}
          format={(v) => v.toFixed(2)}
          onChange={set("temperature")}
          disabled={disabled}
        />
        <SamplingSlider
          label="Max new tokens"
          help="The longest answer it may write, in tokens (a token is about ¾ of a word)."
          value={settings.max_new_tokens}
          min={1}
          max={512}
          step={1}
          onChange={set("max_new_tokens")}
          disabled={disabled}
        />
        <SamplingSlider
          label="Top-p"
          help="Only the likeliest words that together make up this share are considered; lower keeps it focused."
          value={settings.top_p}
          min={0.05}
          max={1}
          step={0.05}
          format={(v) => v.toFixed(2)}
          onChange={set("top_p")}
          disabled={disabled}
        />
      </div>
      <SettingsAssistant
        context={{ step: "testing", task, template_id: templateId, settings: { ...settings } }}
        onApply={(changes) => onChange(applyChanges(settings, changes))}
        disabled={disabled}
      />
    </div>
  );
}
