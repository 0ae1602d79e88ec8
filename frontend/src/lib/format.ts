/** Human-readable formatting shared by every screen. */

const integer = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });

export function formatInt(value: number): string {
  return integer.format(value);
}

export function formatNumber(value: number): string {
  return compact.format(value);
}

export function formatBytes(bytes: number): string {
  // A no-break space keeps "1.8 KB" on one line.
  if (bytes < 1024) return `${bytes}\u00a0B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${compact.format(value)}\u00a0${units[unit]}`;
}

export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return "0%";
  const percent = (part / whole) * 100;
  return `${percent < 1 && percent > 0 ? "<1" : Math.round(percent)}%`;
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "3 minutes ago", "yesterday"; absolute date beyond a week. */
export function formatWhen(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso;
  const seconds = Math.round((then.getTime() - now.getTime()) / 1000);
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ["second", 60],
    ["minute", 60],
    ["hour", 24],
    ["day", 7],
  ];
  let value = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return relative.format(unit === "second" ? 0 : value, unit);
    value = Math.round(value / size);
  }
  return then.toLocaleDateString("en", { year: "numeric", month: "short", day: "numeric" });
}

/** "1 row" / "3 rows". */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${formatInt(count)} ${count === 1 ? noun : pluralNoun}`;
}

/** "45 s", "3 min 20 s", "1 h 5 min": a duration as people say it. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total}\u00a0s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) {
    const rest = total % 60;
    return rest ? `${minutes}\u00a0min ${rest}\u00a0s` : `${minutes}\u00a0min`;
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours}\u00a0h ${rest}\u00a0min` : `${hours}\u00a0h`;
}

/** A measured value with 3–4 significant digits: 0.0123, 2.457, 1,234. */
export function formatMeasure(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  if (size !== 0 && (size < 1e-3 || size >= 1e6)) return value.toExponential(2);
  return new Intl.NumberFormat("en", { maximumSignificantDigits: size >= 1000 ? 6 : 4 }).format(value);
}

const probability = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });

/** A probability or share as a percentage: 0.9134 → "91.3%". */
export function formatProbability(value: number): string {
  return probability.format(value);
}
