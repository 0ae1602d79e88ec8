import { ChevronDown, RotateCcw, SlidersHorizontal } from "lucide-react";
import { useId, useState } from "react";

import type { PlannedSetting, Preset, PresetSpec } from "@/client";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

import { PresetPicker } from "./preset-picker";
import { SettingField } from "./setting-field";

interface AdvancedSettingsProps {
  presets: PresetSpec[];
  preset: Preset;
  onPresetChange: (preset: Preset) => void;
  items: PlannedSetting[];
  overrides: Record<string, unknown>;
  onOverride: (name: string, value: unknown) => void;
  onReset: () => void;
  /** The setting the server refused, and the id of the message saying why. */
  invalid?: { field: string; errorId: string };
  disabled?: boolean;
}

/**
 * Collapsed by default: the preset choice, then an input for each setting the preset shows
 * (`visible` in the plan). Beginners never need to open it.
 */
export function AdvancedSettings({ presets, preset, onPresetChange, items, overrides, onOverride, onReset, invalid, disabled }: AdvancedSettingsProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const editable = items.filter((item) => item.visible);
  const changed = Object.keys(overrides).length;
  const presetName = presets.find((p) => p.id === preset)?.name ?? preset;

  return (
    <section className="rounded-lg border" aria-label="Advanced settings">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="flex w-full items-center gap-3 rounded-lg px-4 py-3 text-left outline-none hover:bg-muted/60 focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        <SlidersHorizontal aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
        <span className="min-w-0 flex-1">
          <span className="block text-sm font-medium">Advanced settings</span>
          <span className="block text-xs text-muted-foreground">
            {presetName}
            {changed > 0 && ` · ${changed} changed by you`}
          </span>
        </span>
        <ChevronDown aria-hidden="true" className={cn("size-4 shrink-0 transition-transform", open && "rotate-180")} />
      </button>
      <div id={panelId} hidden={!open} className="space-y-6 border-t px-4 py-4">
        <PresetPicker presets={presets} value={preset} onChange={onPresetChange} disabled={disabled} />
        {editable.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            {presetName} chooses every setting for you. Pick another level above to adjust them.
          </p>
        ) : (
          <div className="space-y-5">
            {editable.map((item) => (
              <SettingField
                key={item.name}
                item={item}
                override={overrides[item.name]}
                onChange={(value) => onOverride(item.name, value)}
                errorId={invalid?.field === item.name ? invalid.errorId : undefined}
                disabled={disabled}
              />
            ))}
          </div>
        )}
        {changed > 0 && (
          <Button variant="outline" size="sm" onClick={onReset}>
            <RotateCcw aria-hidden="true" /> Back to the automatic plan
          </Button>
        )}
      </div>
    </section>
  );
}
