import { describe, expect, it } from "vitest";

import { makeEvent } from "@/test/fixtures";

import { niceTicks } from "./chart";
import { progressPercent, readEvents } from "./run-events";

describe("readEvents", () => {
  it("test_events_fold_into_curves_latest_figures_samples_and_logs", () => {
    const timeline = readEvents([
      makeEvent(1, "phase", { phase: "preparing" }),
      makeEvent(2, "phase", { phase: "training" }),
      makeEvent(3, "step", { step: 5, total_steps: 20, loss: 2.5, learning_rate: 1e-4, eta_s: 30 }),
      makeEvent(4, "sample", { step: 5, prompt: "Hi", output: "Hel" }),
      makeEvent(5, "step", { step: 10, total_steps: 20, loss: 1.5, learning_rate: 8e-5, eta_s: 15 }),
      makeEvent(6, "eval", { step: 10, val_loss: 1.7, accuracy: 0.6 }),
      makeEvent(7, "sample", { step: 10, prompt: "Hi", output: "Hello there" }),
      makeEvent(8, "log", { message: "Out of memory.", hint: "Lower batch_size." }),
    ]);
    expect(timeline.phase).toBe("training");
    expect(timeline.loss).toEqual([{ x: 5, y: 2.5 }, { x: 10, y: 1.5 }]);
    expect(timeline.valLoss).toEqual([{ x: 10, y: 1.7 }]);
    expect(timeline.learningRate).toHaveLength(2);
    expect(timeline.last).toMatchObject({ step: 10, total_steps: 20, eta_s: 15 });
    expect(timeline.samples).toEqual([{ prompt: "Hi", outputs: [{ step: 5, output: "Hel" }, { step: 10, output: "Hello there" }] }]);
    expect(timeline.logs).toEqual([{ seq: 8, message: "Out of memory.", hint: "Lower batch_size." }]);
    expect(progressPercent(timeline.last)).toBe(50);
  });

  it("test_progress_without_total_steps_uses_time", () => {
    expect(progressPercent({ step: 3, elapsed_s: 6, eta_s: 2 })).toBe(75);
    expect(progressPercent({ step: 3 })).toBeNull();
    expect(progressPercent(null)).toBeNull();
  });
});

describe("niceTicks", () => {
  it("test_ticks_are_round_numbers_inside_the_range", () => {
    expect(niceTicks(0.13, 2.4, 4)).toEqual([0.5, 1, 1.5, 2]);
    expect(niceTicks(0, 120, 6)).toEqual([0, 20, 40, 60, 80, 100, 120]);
  });
});
