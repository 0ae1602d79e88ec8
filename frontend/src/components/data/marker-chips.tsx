import type { ColumnProfile } from "@/client";
import { Button } from "@/components/ui/button";
import { formatInt } from "@/lib/format";
import { cn } from "@/lib/utils";

interface MarkerChipsProps extends Omit<React.ComponentProps<"ul">, "onChange"> {
  column: Pick<ColumnProfile, "name" | "markers" | "markers_off">;
  disabled?: boolean;
  /** Say a marker is a real value (`real`), or that it means "missing" after all. */
  onChange: (marker: string, real: boolean) => void;
}

/**
 * The stand-ins for "no value" found in a column ("?", "n/a", "-"), each with how often it occurs
 * and a button to say it is a real value instead (and back).
 */
export function MarkerChips({ column, disabled, onChange, className, ...props }: MarkerChipsProps) {
  const chips = [
    ...Object.entries(column.markers ?? {}).map(([marker, count]) => ({ marker, count, real: false })),
    ...Object.entries(column.markers_off ?? {}).map(([marker, count]) => ({ marker, count, real: true })),
  ];
  if (chips.length === 0) return null;

  return (
    <ul className={cn("flex flex-wrap gap-2", className)} aria-label={`Missing-value markers in ${column.name}`} {...props}>
      {chips.map(({ marker, count, real }) => (
        <li
          key={marker}
          className={cn(
            "flex flex-wrap items-center gap-x-2 gap-y-1 rounded-md border py-1 pr-1 pl-2.5 text-xs",
            real ? "border-dashed bg-card" : "bg-muted/40",
          )}
        >
          <span>
            <code className="rounded bg-muted px-1 font-mono font-semibold">{marker}</code> — {formatInt(count)}{" "}
            {real ? "kept as a real value" : "treated as missing"}
          </span>
          <Button
            type="button"
            variant="outline"
            size="sm"
            className="h-6 px-2 text-xs"
            disabled={disabled}
            onClick={() => onChange(marker, !real)}
          >
            {real ? "Treat as missing" : "It's a real value"}
            <span className="sr-only">
              {" "}
              (“{marker}” in {column.name})
            </span>
          </Button>
        </li>
      ))}
    </ul>
  );
}
