import { TermHelp } from "@/components/common/term-help";
import { Progress } from "@/components/ui/progress";
import { formatDuration, formatInt, formatMeasure, formatNumber } from "@/lib/format";
import type { GlossaryKey } from "@/lib/glossary";
import { progressPercent, type RunTimeline } from "@/lib/run-events";
import { cn } from "@/lib/utils";

interface Tile {
  label: string;
  value: string;
  unit?: string;
  help?: GlossaryKey;
}

function evalNumber(timeline: RunTimeline, key: string): number | undefined {
  const value = timeline.lastEval?.[key];
  return typeof value === "number" ? value : undefined;
}

function tiles(timeline: RunTimeline, epochs: number | undefined): Tile[] {
  const last = timeline.last;
  const list: (Tile | false | undefined)[] = [
    last?.epoch !== undefined && {
      label: "Epoch",
      value: epochs ? `${formatNumber(last.epoch)} of ${formatNumber(epochs)}` : formatNumber(last.epoch),
      help: "epoch",
    },
    last?.loss !== undefined && { label: "Loss", value: formatMeasure(last.loss), help: "loss" },
    evalNumber(timeline, "val_loss") !== undefined && {
      label: "Validation loss",
      value: formatMeasure(evalNumber(timeline, "val_loss")!),
      help: "validation_loss",
    },
    evalNumber(timeline, "accuracy") !== undefined && {
      label: "Accuracy",
      value: `${Math.round(evalNumber(timeline, "accuracy")! * 100)}%`,
      help: "accuracy",
    },
    evalNumber(timeline, "perplexity") !== undefined && {
      label: "Perplexity",
      value: formatMeasure(evalNumber(timeline, "perplexity")!),
      help: "perplexity",
    },
    last?.learning_rate !== undefined && {
      label: "Learning rate",
      value: last.learning_rate.toExponential(1),
      help: "learning_rate",
    },
    last?.tokens_per_s !== undefined
      ? { label: "Speed", value: formatInt(last.tokens_per_s), unit: "tokens/s", help: "throughput" }
      : last?.samples_per_s !== undefined && {
          label: "Speed",
          value: formatNumber(last.samples_per_s),
          unit: "examples/s",
          help: "throughput",
        },
  ];
  return list.filter((tile): tile is Tile => Boolean(tile));
}

interface RunProgressProps extends React.ComponentProps<"div"> {
  status: string;
  timeline: RunTimeline;
  /** The planned number of epochs, to say "1.5 of 3". */
  epochs?: number;
}

/** How far along the run is: a progress bar with step and time left, then the latest figures. */
export function RunProgress({ status, timeline, epochs, className, ...props }: RunProgressProps) {
  const last = timeline.last;
  const percent = status === "succeeded" ? 100 : progressPercent(last);
  const running = status === "preparing" || status === "training" || status === "evaluating";
  const where = last?.total_steps ? `Step ${formatInt(last.step)} of ${formatInt(last.total_steps)}` : last ? `Step ${formatInt(last.step)}` : "";

  return (
    <div className={cn("space-y-5", className)} {...props}>
      <div className="space-y-2">
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
          <span className="font-medium tabular-nums">
            {percent !== null ? `${Math.floor(percent)}%` : running ? "Working…" : "Not started"}
            {where && <span className="ml-2 font-normal text-muted-foreground">{where}</span>}
          </span>
          <span className="text-muted-foreground tabular-nums">
            {running && last?.eta_s !== undefined && `About ${formatDuration(last.eta_s)} left`}
            {running && last?.eta_s !== undefined && last.elapsed_s !== undefined && " · "}
            {last?.elapsed_s !== undefined &&
              (running ? `${formatDuration(last.elapsed_s)} so far` : `Took ${formatDuration(last.elapsed_s)}`)}
          </span>
        </div>
        <Progress value={percent ?? undefined} aria-label="Training progress" className={cn(percent === null && running && "animate-pulse")} />
      </div>
      <TileGrid tiles={tiles(timeline, epochs)} />
    </div>
  );
}

function TileGrid({ tiles }: { tiles: Tile[] }) {
  if (tiles.length === 0) return null;
  return (
    <dl className="grid grid-cols-2 items-start gap-3 sm:grid-cols-3 lg:grid-cols-6" aria-label="Latest figures">
      {tiles.map((tile) => (
        <div key={tile.label} className="min-w-0 rounded-lg border bg-muted/30 px-3 py-2.5">
          <dt className="text-xs font-medium text-muted-foreground">
            {tile.label}
            {tile.help && <TermHelp term={tile.help} />}
          </dt>
          <dd className="mt-0.5 text-lg font-semibold break-words tabular-nums">
            {tile.value}
            {tile.unit && <span className="ml-1 text-xs font-normal text-muted-foreground">{tile.unit}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
