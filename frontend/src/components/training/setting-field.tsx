import { useId, useState } from "react";

import type { PlannedSetting } from "@/client";
import { TermHelp } from "@/components/common/term-help";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { settingInfo, settingTitle } from "@/lib/settings";
import { cn } from "@/lib/utils";

interface SettingFieldProps {
  item: PlannedSetting;
  /** The value the user asked for, if any (it may differ from the plan's while it is refused). */
  override?: unknown;
  /** Called with the new value, or `undefined` to go back to the automatic choice. */
  onChange: (value: unknown) => void;
  /** The id of the error that blames this setting, when one does. */
  errorId?: string;
  disabled?: boolean;
}

const inputClass =
  "h-9 w-full rounded-md border border-input bg-card px-3 text-sm shadow-xs outline-none transition-[color,box-shadow] focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 aria-invalid:border-destructive aria-invalid:ring-destructive/20 disabled:opacity-50";

const unitWords: Record<string, string> = { s: "seconds" };

function asText(value: unknown): string {
  return value === null || value === undefined ? "" : String(value);
}

/** What was typed, as the value to send: a number where it reads as one, else the text (the server names what is wrong). */
function parse(text: string, current: unknown): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  if (typeof current === "number" || current === null) {
    const number = Number(trimmed);
    return Number.isFinite(number) ? number : trimmed;
  }
  return trimmed;
}

/** One adjustable setting: its name, an input of the right kind, and the plan's reason as help. */
export function SettingField({ item, override, onChange, errorId, disabled }: SettingFieldProps) {
  const id = useId();
  const info = settingInfo[item.name];
  const [draft, setDraft] = useState(asText(item.value));
  const [planned, setPlanned] = useState(item.value);
  if (planned !== item.value) {
    // A new plan arrived (say after a preset change): show its value.
    setPlanned(item.value);
    setDraft(asText(item.value));
  }
  const commit = () => {
    const next = parse(draft, item.value);
    if (next !== (override === undefined ? item.value : override)) onChange(next);
  };
  const described = [`${id}-reason`, errorId].filter(Boolean).join(" ");
  const invalid = errorId ? true : undefined;

  let control: React.ReactNode;
  if (typeof item.value === "boolean") {
    control = (
      <input
        id={id}
        type="checkbox"
        checked={item.value}
        disabled={disabled}
        aria-describedby={described}
        aria-invalid={invalid}
        onChange={(event) => onChange(event.target.checked)}
        className="size-4 accent-primary"
      />
    );
  } else if (info?.choices) {
    control = (
      <Select value={asText(item.value)} onValueChange={onChange} disabled={disabled}>
        <SelectTrigger id={id} aria-describedby={described} aria-invalid={invalid} className="w-full">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {info.choices.map((choice) => (
            <SelectItem key={choice} value={choice}>
              {choice}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    );
  } else {
    control = (
      <input
        id={id}
        type={typeof item.value === "number" || item.value === null ? "number" : "text"}
        step="any"
        inputMode="decimal"
        value={draft}
        placeholder={item.value === null ? "Automatic" : undefined}
        disabled={disabled}
        aria-describedby={described}
        aria-invalid={invalid}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === "Enter") commit();
        }}
        className={inputClass}
      />
    );
  }

  return (
    <div className={cn("grid gap-2 sm:grid-cols-[1fr_minmax(0,12rem)] sm:items-start sm:gap-4")}>
      <div className="min-w-0">
        <label htmlFor={id} className="text-sm font-medium">
          {settingTitle(item.name)}
          {info?.unit && <span className="font-normal text-muted-foreground"> (in {unitWords[info.unit] ?? info.unit})</span>}
          {info?.share && <span className="font-normal text-muted-foreground"> (0.2 means 20%)</span>}
        </label>
        {info?.help && <TermHelp term={info.help} />}
        <p id={`${id}-reason`} className="text-sm text-pretty text-muted-foreground">
          {item.reason}
        </p>
      </div>
      {control}
    </div>
  );
}
