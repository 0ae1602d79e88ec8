import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Link } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { AppHeader } from "@/components/layout/app-header";
import { mockFetch } from "@/test/mock-fetch";
import { renderWithProviders } from "@/test/render";

import { GuidedTour } from "./guided-tour";
import { TOUR_STORAGE_KEY, TourProvider } from "./tour-context";
import { tourSteps } from "./tour-steps";

const total = tourSteps.length;
const onPageClick = vi.fn();

/** The real header (with its "Take the tour" button) above a page holding the first step's target. */
function Page() {
  return (
    <TourProvider>
      <AppHeader />
      <ul data-tour="templates" aria-label="Templates">
        <li>Text classifier</li>
      </ul>
      <button type="button" onClick={onPageClick}>
        Something on the page
      </button>
      <Link to="/data">Go to data</Link>
      <GuidedTour />
    </TourProvider>
  );
}

function renderPage(route = "/template") {
  return renderWithProviders(<Page />, { route });
}

const tour = () => screen.queryByRole("dialog", { name: tourSteps[0]!.title });
const highlight = () => document.querySelector<HTMLElement>("[data-slot=tour-highlight]");

describe("GuidedTour", () => {
  beforeEach(() => {
    mockFetch({
      "GET /api/health": { status: "ok", version: "0.1.0", database: { ok: true, engine: "sqlite" }, worker: { state: "idle" } },
    });
  });

  it("test_first_visit_on_template_opens_the_tour_non_modal_with_focus_on_its_heading", () => {
    renderPage();

    const dialog = screen.getByRole("dialog", { name: "Pick what you want to build" });
    expect(dialog).toHaveAttribute("aria-modal", "false");
    expect(within(dialog).getByText(`Step 1 of ${total}`)).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Pick what you want to build" })).toHaveFocus();
    expect(within(dialog).getByRole("button", { name: "Back" })).toBeDisabled();
    expect(localStorage.getItem(TOUR_STORAGE_KEY)).toBeNull();
  });

  it("test_tour_stays_closed_once_done", () => {
    localStorage.setItem(TOUR_STORAGE_KEY, "done");
    renderPage();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("test_tour_does_not_open_by_itself_on_another_route", () => {
    renderPage("/training");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("test_next_and_back_move_through_the_steps_and_the_last_is_done", async () => {
    renderPage();

    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(screen.getByText(`Step 2 of ${total}`)).toBeInTheDocument();
    expect(screen.getByRole("dialog", { name: "Bring your data — or use a sample" })).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Back" }));
    expect(screen.getByText(`Step 1 of ${total}`)).toBeInTheDocument();
    // Back is disabled now; focus stays in the card.
    expect(screen.getByRole("button", { name: "Next" })).toHaveFocus();

    for (let step = 1; step < total; step++) await userEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(screen.getByText(`Step ${total} of ${total}`)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Done" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(localStorage.getItem(TOUR_STORAGE_KEY)).toBe("done");
  });

  it("test_skip_closes_and_remembers", async () => {
    renderPage();
    await userEvent.click(screen.getByRole("button", { name: "Skip tour" }));
    expect(tour()).not.toBeInTheDocument();
    expect(localStorage.getItem(TOUR_STORAGE_KEY)).toBe("done");
  });

  it("test_escape_closes_and_remembers_even_with_focus_on_the_page", async () => {
    renderPage();
    screen.getByRole("button", { name: "Something on the page" }).focus();
    await userEvent.keyboard("{Escape}");
    expect(tour()).not.toBeInTheDocument();
    expect(localStorage.getItem(TOUR_STORAGE_KEY)).toBe("done");
  });

  it("test_header_button_reopens_at_step_one_and_gets_focus_back", async () => {
    localStorage.setItem(TOUR_STORAGE_KEY, "done");
    renderPage("/models");
    const trigger = screen.getByRole("button", { name: "Take the tour" });

    await userEvent.click(trigger);
    expect(screen.getByText(`Step 1 of ${total}`)).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: tourSteps[0]!.title })).toHaveFocus();

    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(trigger).toHaveFocus();
  });

  it("test_page_behind_stays_clickable_while_the_tour_is_open", async () => {
    renderPage();
    await userEvent.click(screen.getByRole("button", { name: "Something on the page" }));
    expect(onPageClick).toHaveBeenCalledTimes(1);
    expect(tour()).toBeInTheDocument();
  });

  it("test_ring_follows_the_target_and_lets_clicks_through_and_is_absent_without_target", async () => {
    renderPage();
    // jsdom has no layout: give the target a place, then tell the tour the window changed.
    const target = screen.getByRole("list", { name: "Templates" });
    vi.spyOn(target, "getBoundingClientRect").mockReturnValue(DOMRect.fromRect({ x: 40, y: 120, width: 300, height: 200 }));
    expect(highlight()).toBeNull();
    act(() => void window.dispatchEvent(new Event("resize")));

    expect(highlight()).toHaveStyle({ top: "114px", left: "34px", width: "312px", height: "212px", pointerEvents: "none" });

    // Step 2 points at the sample data, which is not on this page: the card shows without a ring.
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(highlight()).toBeNull();
  });

  it("test_leaving_the_page_closes_the_tour_for_good", async () => {
    renderPage();
    await userEvent.click(screen.getByRole("link", { name: "Go to data" }));
    expect(screen.getByTestId("location")).toHaveTextContent("/data");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(localStorage.getItem(TOUR_STORAGE_KEY)).toBe("done");
  });
});
