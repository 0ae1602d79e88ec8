import { useEffect, useRef, useState } from "react";

import { domainOf, linePath, niceTicks, scale } from "@/lib/chart";
import { formatMeasure } from "@/lib/format";
import type { Point } from "@/lib/run-events";
import { cn } from "@/lib/utils";

export interface ChartSeries {
  id: string;
  label: string;
  points: Point[];
  /** Any CSS colour; the theme's, e.g. "var(--color-primary)". */
  color: string;
  /** Draw a dot on every point (for sparse series such as evaluations). */
  markers?: boolean;
  /** Dots only, no line between them (separate measurements, not a curve). */
  dotsOnly?: boolean;
}

interface LineChartProps extends React.ComponentProps<"figure"> {
  /** What the chart shows; it becomes the accessible name. */
  label: string;
  series: ChartSeries[];
  xLabel: string;
  formatY?: (value: number) => string;
  height?: number;
  /** Shown in place of the plot while no series has a point. */
  empty?: React.ReactNode;
}

const MARGIN = { top: 10, right: 12, bottom: 34, left: 52 };

/** Width of the element, following resizes (a chart drawn at its real size keeps text legible). */
function useWidth<T extends Element>(fallback: number) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry && entry.contentRect.width > 0) setWidth(Math.round(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

/** Spoken summary: each series' first and last value (what a glance at the chart tells you). */
function describe(series: ChartSeries[], xLabel: string, format: (value: number) => string): string {
  return series
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const first = s.points[0]!;
      const last = s.points[s.points.length - 1]!;
      return s.points.length === 1
        ? `${s.label} ${format(last.y)} at ${xLabel} ${last.x}`
        : `${s.label} from ${format(first.y)} to ${format(last.y)} (${xLabel} ${first.x} to ${last.x})`;
    })
    .join("; ");
}

/** A small dependency-free SVG line chart: axes with round ticks, one line per series, a legend. */
export function LineChart({ label, series, xLabel, formatY = formatMeasure, height = 220, empty, className, ...props }: LineChartProps) {
  const [ref, width] = useWidth<HTMLDivElement>(560);
  const all = series.flatMap((s) => s.points);
  const plotRight = width - MARGIN.right;
  const plotBottom = height - MARGIN.bottom;
  const xs = all.map((p) => p.x);
  const xDomain = xs.length > 1 && Math.min(...xs) !== Math.max(...xs) ? domainOf(xs, 0) : domainOf(xs);
  const yDomain = domainOf(all.map((p) => p.y));
  const x = scale(xDomain, MARGIN.left, plotRight);
  const y = scale(yDomain, plotBottom, MARGIN.top);
  const xTicks = niceTicks(xDomain.min, xDomain.max, width < 400 ? 3 : 6).filter((t) => Number.isInteger(t));
  const yTicks = niceTicks(yDomain.min, yDomain.max, height < 180 ? 3 : 4);

  return (
    <figure className={cn("min-w-0 space-y-2", className)} {...props}>
      <div ref={ref} className="w-full overflow-hidden">
        {all.length === 0 ? (
          <div
            className="flex items-center justify-center rounded-lg border border-dashed text-center text-sm text-muted-foreground"
            style={{ height }}
          >
            {empty ?? "No points yet."}
          </div>
        ) : (
          <svg role="img" aria-label={`${label}: ${describe(series, xLabel, formatY)}`} width={width} height={height} className="block overflow-visible">
            <g className="text-[11px] text-muted-foreground" fill="currentColor">
              {yTicks.map((tick) => (
                <g key={`y${tick}`}>
                  <line x1={MARGIN.left} x2={plotRight} y1={y(tick)} y2={y(tick)} className="stroke-border" />
                  <text x={MARGIN.left - 6} y={y(tick)} textAnchor="end" dominantBaseline="middle">
                    {formatY(tick)}
                  </text>
                </g>
              ))}
              {xTicks.map((tick) => (
                <text key={`x${tick}`} x={x(tick)} y={plotBottom + 16} textAnchor="middle">
                  {tick}
                </text>
              ))}
              <text x={plotRight} y={height - 2} textAnchor="end">
                {xLabel}
              </text>
              <line x1={MARGIN.left} x2={plotRight} y1={plotBottom} y2={plotBottom} stroke="currentColor" />
            </g>
            {series.map((s) => (
              <g key={s.id} data-series={s.id} style={{ color: s.color }}>
                {!s.dotsOnly && (
                  <path d={linePath(s.points, x, y)} fill="none" stroke="currentColor" strokeWidth={2} strokeLinejoin="round" />
                )}
                {(s.markers || s.dotsOnly || s.points.length === 1) &&
                  s.points.map((p, index) => <circle key={index} cx={x(p.x)} cy={y(p.y)} r={3} fill="currentColor" />)}
              </g>
            ))}
          </svg>
        )}
      </div>
      <figcaption>
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground" aria-label={`${label} legend`}>
          {series.map((s) => (
            <li key={s.id} className="flex items-center gap-1.5">
              <span
                aria-hidden="true"
                className={s.dotsOnly ? "size-2 rounded-full" : "h-0.5 w-4 rounded-full"}
                style={{ backgroundColor: s.color }}
              />
              {s.label}
              {s.points.length > 0 && (
                <span className="font-medium text-foreground tabular-nums">{formatY(s.points[s.points.length - 1]!.y)}</span>
              )}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
