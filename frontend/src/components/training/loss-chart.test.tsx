import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { LossChart } from "./loss-chart";

const loss = [
  { x: 5, y: 2.31 },
  { x: 10, y: 1.2 },
  { x: 15, y: 0.52 },
];
const valLoss = [{ x: 10, y: 1.4 }, { x: 15, y: 0.61 }];

describe("LossChart", () => {
  it("test_chart_draws_train_and_validation_series_with_a_summary", () => {
    const { container } = render(<LossChart loss={loss} valLoss={valLoss} />);

    const chart = screen.getByRole("img", { name: /loss by step/i });
    expect(chart).toHaveAccessibleName(
      "Loss by step: Training loss from 2.31 to 0.52 (step 5 to 15); Validation loss from 1.4 to 0.61 (step 10 to 15)",
    );
    const train = container.querySelector('[data-series="train"] path')!;
    expect(train.getAttribute("d")!.match(/[ML]/g)).toHaveLength(3);
    expect(container.querySelectorAll('[data-series="validation"] circle')).toHaveLength(2);

    const legend = screen.getByRole("list", { name: /legend/i });
    expect(within(legend).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      "Training loss0.52",
      "Validation loss0.61",
    ]);
    // Axes: round tick labels, and the x axis is named.
    expect(within(chart).getByText("step")).toBeInTheDocument();
    expect(within(chart).getByText("10")).toBeInTheDocument();
  });

  it("test_chart_without_points_says_when_it_will_appear", () => {
    render(<LossChart loss={[]} valLoss={[]} />);
    expect(screen.queryByRole("img")).not.toBeInTheDocument();
    expect(screen.getByText("The loss curve appears after the first training steps.")).toBeInTheDocument();
  });

  it("test_rising_validation_loss_explains_overfitting", async () => {
    render(<LossChart loss={loss} valLoss={[{ x: 5, y: 0.9 }, { x: 10, y: 1.0 }, { x: 15, y: 1.1 }]} />);
    expect(screen.getByText(/the model may be overfitting/i)).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "What is overfitting?" }));
    expect(screen.getByRole("button", { name: "What is overfitting?" })).toHaveAttribute("aria-expanded", "true");
    expect(screen.getByText(/memorises the training examples/i)).toBeVisible();
  });
});
