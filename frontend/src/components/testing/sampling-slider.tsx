import { useId } from "react";

import { cn } from "@/lib/utils";

interface SamplingSliderProps extends Omit<React.ComponentProps<"div">, "onChange"> {
  label: string;
  /** One sentence: what moving it does, in plain words. */
  help: string;
  value: number;
  min: number;
  max: number;
  step: number;
  format?: (value: number) => string;
  onChange: (value: number) => void;
  disabled?: boolean;
}

/** A labelled range slider with its value and a sentence on what it does. */
export function SamplingSlider({ label, help, value, min, max, step, format = String, onChange, disabled, className, ...props }: SamplingSliderProps) {
  const id = useId();
  return (
    <div className={cn("space-y-1.5", className)} {...props}>
      <div className="flex items-baseline justify-between gap-3">
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        <output htmlFor={id} className="text-sm font-medium tabular-nums">
          {format(value)}
        </output>
      </div>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        disabled={disabled}
        aria-valuetext={format(value)}
        aria-describedby={`${id}-help`}
        onChange={(event) => onChange(Number(event.target.value))}
        className="h-5 w-full cursor-pointer accent-primary disabled:cursor-not-allowed disabled:opacity-50"
      />
      <p id={`${id}-help`} className="text-xs text-pretty text-muted-foreground">
        {help}
      </p>
    </div>
  );
}
