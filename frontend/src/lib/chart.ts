import type { Point } from "./run-events";

/** About `count` round tick values covering [min, max] (1, 2 or 5 times a power of ten apart). */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const span = max - min;
  const power = 10 ** Math.floor(Math.log10(span / Math.max(1, count)));
  // the finest round step that gives at most half as many intervals again as asked for
  const step = [1, 2, 5, 10, 20].map((f) => f * power).find((s) => span / s <= count * 1.5) ?? span;
  const ticks: number[] = [];
  for (let value = Math.ceil(min / step) * step; value <= max + step * 1e-9; value += step) {
    ticks.push(Number(value.toPrecision(12))); // 0.30000000000000004 → 0.3
  }
  return ticks;
}

export interface Domain {
  min: number;
  max: number;
}

/** The range covered by every point, widened a little so lines do not touch the frame. */
export function domainOf(values: number[], pad = 0.05): Domain {
  if (values.length === 0) return { min: 0, max: 1 };
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    const spread = Math.abs(min) * 0.1 || 1;
    return { min: min - spread, max: max + spread };
  }
  const margin = (max - min) * pad;
  min -= margin;
  max += margin;
  return { min, max };
}

/** A linear map from a domain onto [from, to] pixels. */
export function scale(domain: Domain, from: number, to: number) {
  const span = domain.max - domain.min || 1;
  return (value: number) => from + ((value - domain.min) / span) * (to - from);
}

/** An SVG path through the points, in order. */
export function linePath(points: Point[], x: (v: number) => number, y: (v: number) => number): string {
  return points
    .map((p, index) => `${index === 0 ? "M" : "L"}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`)
    .join(" ");
}
