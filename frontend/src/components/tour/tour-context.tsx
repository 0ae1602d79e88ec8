import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useLocation } from "react-router";

import { readStored, writeStored } from "@/lib/storage";

import { TourContext } from "./use-tour";

/** localStorage key; `done` once the tour was finished, skipped or walked away from. */
export const TOUR_STORAGE_KEY = "tunewright.tour";
/** The only page the tour opens on by itself: the first screen a new visitor sees. */
const LANDING_PATH = "/template";

/**
 * Whether the first-visit tour is showing. It opens by itself on the landing page until it was
 * dismissed once; leaving the page while it shows closes it for good (the visitor is on their way).
 */
export function TourProvider({ children }: { children: React.ReactNode }) {
  const { pathname } = useLocation();
  const [done, setDone] = useState(() => readStored(TOUR_STORAGE_KEY) === "done");
  const [isOpen, setIsOpen] = useState(false);
  const [session, setSession] = useState(0);
  const [seenPath, setSeenPath] = useState<string | null>(null);
  const triggerRef = useRef<HTMLElement | null>(null);

  // React to navigation while rendering, not in an effect, so the card never flashes on the wrong page.
  if (seenPath !== pathname) {
    setSeenPath(pathname);
    if (isOpen) {
      setIsOpen(false);
      setDone(true);
    } else if (!done && pathname === LANDING_PATH) {
      setIsOpen(true);
      setSession((value) => value + 1);
    }
  }

  useEffect(() => {
    if (done) writeStored(TOUR_STORAGE_KEY, "done");
  }, [done]);

  const openTour = useCallback((trigger?: HTMLElement | null) => {
    triggerRef.current = trigger ?? null;
    setIsOpen(true);
    setSession((value) => value + 1);
  }, []);

  const closeTour = useCallback(() => {
    setIsOpen(false);
    setDone(true);
    triggerRef.current?.focus();
    triggerRef.current = null;
  }, []);

  const value = useMemo(() => ({ isOpen, session, openTour, closeTour }), [isOpen, session, openTour, closeTour]);
  return <TourContext.Provider value={value}>{children}</TourContext.Provider>;
}
