import { useCallback, useMemo, useSyncExternalStore } from "react";

/** Where a tour target sits in the viewport (getBoundingClientRect, rounded to whole pixels). */
export interface TargetRect {
  top: number;
  left: number;
  width: number;
  height: number;
}

/** The element a step points at, or null while it is not on the page. */
export function findTourTarget(target: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-tour="${target}"]`);
}

/** The rect as a string: useSyncExternalStore compares snapshots with Object.is, and strings compare by value. */
function measure(target: string): string {
  const element = findTourTarget(target);
  if (!element) return "";
  const { top, left, width, height } = element.getBoundingClientRect();
  // A hidden element (display: none) measures 0 × 0: ringing a point would only confuse.
  if (width === 0 && height === 0) return "";
  return [top, left, width, height].map(Math.round).join(" ");
}

function subscribe(onChange: () => void) {
  let frame = 0;
  // Content loads (the template grid arrives after its request) and layout shifts: once per frame at most.
  const onMutation = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(onChange);
  };
  const observer = new MutationObserver(onMutation);
  observer.observe(document.body, { childList: true, subtree: true, attributes: true });
  window.addEventListener("resize", onChange);
  // Capture: scrolling any container, not only the page, moves the target.
  window.addEventListener("scroll", onChange, true);
  return () => {
    cancelAnimationFrame(frame);
    observer.disconnect();
    window.removeEventListener("resize", onChange);
    window.removeEventListener("scroll", onChange, true);
  };
}

/** The live viewport rect of `[data-tour="<target>"]`, re-measured on resize, scroll and DOM changes. */
export function useTargetRect(target: string): TargetRect | null {
  const getSnapshot = useCallback(() => measure(target), [target]);
  const snapshot = useSyncExternalStore(subscribe, getSnapshot, () => "");
  return useMemo(() => {
    if (!snapshot) return null;
    const [top = 0, left = 0, width = 0, height = 0] = snapshot.split(" ").map(Number);
    return { top, left, width, height };
  }, [snapshot]);
}
