import { LineChart } from "@/components/common/line-chart";
import { TermHelp } from "@/components/common/term-help";
import type { Point } from "@/lib/run-events";

interface LossChartProps extends Omit<React.ComponentProps<"section">, "children"> {
  loss: Point[];
  valLoss: Point[];
}

/** Training loss and validation loss by step: both should fall; a rising validation line is overfitting. */
export function LossChart({ loss, valLoss, ...props }: LossChartProps) {
  return (
    <section aria-label="Loss" className="min-w-0 space-y-3" {...props}>
      <h3 className="text-sm font-medium">
        Loss <TermHelp term="loss" />
        <span className="ml-3 text-muted-foreground">
          vs validation loss <TermHelp term="validation_loss" />
        </span>
      </h3>
      <LineChart
        label="Loss by step"
        xLabel="step"
        series={[
          { id: "train", label: "Training loss", points: loss, color: "var(--primary)" },
          { id: "validation", label: "Validation loss", points: valLoss, color: "var(--warning)", markers: true },
        ]}
        empty="The loss curve appears after the first training steps."
      />
      {overfitting(valLoss) ? (
        <p className="text-sm text-[oklch(0.5_0.13_60)]">
          Validation loss has started to rise: the model may be overfitting<TermHelp term="overfitting" />. We keep the
          best weights, not the last ones.
        </p>
      ) : (
        <p className="text-sm text-muted-foreground">
          Both lines should go down. If validation loss climbs while training loss keeps falling, the model is
          overfitting<TermHelp term="overfitting" />.
        </p>
      )}
    </section>
  );
}

/** Two evaluations in a row worse than the best one so far. */
function overfitting(valLoss: Point[]): boolean {
  if (valLoss.length < 3) return false;
  const best = Math.min(...valLoss.map((p) => p.y));
  return valLoss.slice(-2).every((p) => p.y > best);
}

/** The learning rate by step: warm-up, then decay. */
export function LearningRateChart({ points, ...props }: { points: Point[] } & Omit<React.ComponentProps<"section">, "children">) {
  return (
    <section aria-label="Learning rate" className="min-w-0 space-y-3" {...props}>
      <h3 className="text-sm font-medium">
        Learning rate <TermHelp term="learning_rate" />
      </h3>
      <LineChart
        label="Learning rate by step"
        xLabel="step"
        height={140}
        series={[{ id: "lr", label: "Learning rate", points, color: "oklch(0.6 0.13 163)" }]}
        formatY={(value) => value.toExponential(1)}
        empty="Appears with the first steps."
      />
    </section>
  );
}
