import { createContext, useContext } from "react";

export interface TourContextValue {
  isOpen: boolean;
  /** Bumped on every opening, so re-opening starts again at step 1. */
  session: number;
  /** Open at step 1; focus returns to `trigger` when the tour is closed. */
  openTour: (trigger?: HTMLElement | null) => void;
  /** Close and remember that the tour was seen. */
  closeTour: () => void;
}

/** Provided by TourProvider (tour-context.tsx); kept apart so that file exports only components. */
export const TourContext = createContext<TourContextValue | null>(null);

/** The tour's state and controls; only inside <TourProvider> (mounted by the root layout). */
export function useTour(): TourContextValue {
  const value = useContext(TourContext);
  if (!value) throw new Error("useTour must be used inside <TourProvider>; render the component within RootLayout.");
  return value;
}
