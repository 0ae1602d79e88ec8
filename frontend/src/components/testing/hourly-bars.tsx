import { cn } from "@/lib/utils";

export interface BarSeries {
  id: string;
  label: string;
  /** Any CSS colour; the theme's, e.g. "var(--primary)". */
  color: string;
}

export interface HourValues {
  /** The hour's start, in ms since the epoch. */
  start: number;
  /** One value per series (null: nothing measured that hour). */
  values: (number | null)[];
}

interface HourlyBarsProps extends React.ComponentProps<"figure"> {
  /** What the chart shows; it becomes the accessible name. */
  label: string;
  series: BarSeries[];
  hours: HourValues[];
  format?: (value: number) => string;
}

const hourText = (start: number) => new Date(start).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });

/** Bars per hour, one per series side by side, from zero: readable with one busy hour or twelve. */
export function HourlyBars({ label, series, hours, format = String, className, ...props }: HourlyBarsProps) {
  const max = Math.max(0, ...hours.flatMap((hour) => hour.values.map((value) => value ?? 0))) || 1;
  const last = [...hours].reverse().find((hour) => hour.values.some((value) => value !== null && value > 0));
  const summary = last
    ? `${series.map((s, i) => `${s.label} ${format(last.values[i] ?? 0)}`).join(", ")} in the hour from ${hourText(last.start)}`
    : "nothing yet";
  const every = Math.ceil(hours.length / 4); // four hour labels fit a phone

  return (
    <figure className={cn("min-w-0 space-y-2", className)} {...props}>
      <figcaption className="flex items-baseline justify-between gap-2 text-sm font-medium">
        {label}
        <span className="text-xs font-normal text-muted-foreground tabular-nums">top {format(max)}</span>
      </figcaption>
      <div role="img" aria-label={`${label}: ${summary}`} className="flex h-28 items-end gap-1 border-b">
        {hours.map((hour) => (
          <div key={hour.start} className="flex h-full flex-1 items-end justify-center gap-px" title={hourText(hour.start)}>
            {hour.values.map((value, index) => (
              <span
                key={series[index]?.id ?? index}
                className="w-full max-w-3 rounded-t-sm"
                style={{ height: `${((value ?? 0) / max) * 100}%`, backgroundColor: series[index]?.color }}
              />
            ))}
          </div>
        ))}
      </div>
      <div aria-hidden="true" className="flex gap-1 text-[11px] text-muted-foreground tabular-nums">
        {hours.map((hour, index) => (
          <span key={hour.start} className="flex-1 overflow-visible text-center whitespace-nowrap">
            {(hours.length - 1 - index) % every === 0 ? hourText(hour.start) : ""}
          </span>
        ))}
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground" aria-label={`${label} legend`}>
        {series.map((s) => (
          <li key={s.id} className="flex items-center gap-1.5">
            <span aria-hidden="true" className="size-2 rounded-sm" style={{ backgroundColor: s.color }} />
            {s.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
