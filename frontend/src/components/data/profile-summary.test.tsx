import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { makeDataset } from "@/test/fixtures";

import { ProfileSummary } from "./profile-summary";

const profile = makeDataset().profile;

describe("ProfileSummary", () => {
  it("test_profile_shows_rows_duplicates_and_lengths", () => {
    render(<ProfileSummary profile={profile} />);

    const stat = (label: string) => screen.getByText(label, { selector: "dt" }).nextElementSibling;
    expect(stat("Rows")).toHaveTextContent("12");
    expect(stat("Columns")).toHaveTextContent("2");
    expect(stat("Duplicates")).toHaveTextContent("18%");
    expect(screen.getByText("Tokens").parentElement).toHaveTextContent("Tokens · distilbert-base-uncased");
    expect(screen.getByText(/every example fits the model's 512-token limit/i)).toBeInTheDocument();
  });

  it("test_profile_label_bars_most_common_first", () => {
    render(<ProfileSummary profile={profile} />);

    const bars = within(screen.getByRole("list", { name: "Label counts" })).getAllByRole("listitem");
    expect(bars.map((bar) => bar.textContent)).toEqual(["complaint5 (42%)", "question4 (33%)", "praise3 (25%)"]);
  });

  it("test_profile_without_lengths_or_labels_skips_those_sections", () => {
    render(<ProfileSummary profile={{ ...profile, lengths: null, labels: null, target_kind: "regression" }} />);

    expect(screen.queryByText("Example length")).not.toBeInTheDocument();
    expect(screen.queryByText("Label distribution")).not.toBeInTheDocument();
    expect(screen.getByText("A number")).toBeInTheDocument();
  });

  it("test_profile_warns_about_examples_over_the_token_limit", () => {
    const lengths = { ...profile.lengths!, over_limit: 3 };
    render(<ProfileSummary profile={{ ...profile, lengths }} />);
    expect(screen.getByText(/3 examples are longer than the model's 512-token limit/i)).toBeInTheDocument();
  });
});
