import { Compass } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

import { useTour } from "./use-tour";
import { tourSteps, type TourStep } from "./tour-steps";
import { findTourTarget, useTargetRect } from "./use-target-rect";

/** Space between the target and its ring, in pixels. */
const RING_GAP = 6;
/** Layers that handle Escape themselves (the assistant sheet, a select, a confirm dialog). */
const OTHER_LAYERS = "[role=dialog], [role=alertdialog], [role=listbox], [role=menu]";

/** Escape closes the tour unless another layer has it, or a layer other than the card holds focus. */
function isTourEscape(event: KeyboardEvent, card: HTMLElement | null): boolean {
  if (event.key !== "Escape" || event.defaultPrevented) return false;
  const layer = event.target instanceof Element ? event.target.closest(OTHER_LAYERS) : null;
  return !layer || layer === card;
}

/** The first-visit tour, while it is open (see TourProvider for when that is). */
export function GuidedTour({ className }: { className?: string }) {
  const { isOpen, session, closeTour } = useTour();
  if (!isOpen) return null;
  return <TourPanel key={session} steps={tourSteps} onClose={closeTour} className={className} />;
}

interface TourPanelProps {
  steps: readonly TourStep[];
  onClose: () => void;
  className?: string;
}

/**
 * A small non-modal card (bottom right; full width at the bottom of a phone) and a ring around
 * the step's target. Nothing covers the page: the ring lets clicks through, and there is no backdrop.
 */
function TourPanel({ steps, onClose, className }: TourPanelProps) {
  const [index, setIndex] = useState(0);
  const step = steps[Math.min(index, steps.length - 1)]!;
  const last = index >= steps.length - 1;
  const rect = useTargetRect(step.target);
  const titleId = useId();
  const bodyId = useId();
  const cardRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  useEffect(() => {
    findTourTarget(step.target)?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [step.target]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isTourEscape(event, cardRef.current)) onClose();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [onClose]);

  function back() {
    setIndex((value) => Math.max(0, value - 1));
    // Back turns disabled on step 1; keep focus in the card instead of dropping it to the page.
    if (index === 1) nextRef.current?.focus();
  }

  return (
    <>
      {rect && (
        <div
          data-slot="tour-highlight"
          aria-hidden="true"
          className="fixed z-40 rounded-xl border-2 border-primary ring-4 ring-primary/25 motion-safe:transition-all motion-safe:duration-200"
          style={{
            top: rect.top - RING_GAP,
            left: rect.left - RING_GAP,
            width: rect.width + RING_GAP * 2,
            height: rect.height + RING_GAP * 2,
            pointerEvents: "none",
          }}
        />
      )}
      <div
        ref={cardRef}
        role="dialog"
        aria-modal="false"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        className={cn(
          "fixed inset-x-0 bottom-0 z-50 max-h-[40dvh] overflow-y-auto rounded-t-xl border-t bg-card p-4 text-card-foreground shadow-lg",
          "sm:inset-x-auto sm:right-6 sm:bottom-6 sm:w-96 sm:rounded-xl sm:border sm:p-5",
          className,
        )}
      >
        <div aria-live="polite">
          <p className="flex items-center justify-between gap-2 text-xs font-medium text-muted-foreground">
            <span className="flex items-center gap-1.5">
              <Compass aria-hidden="true" className="size-3.5" />
              Quick tour
            </span>
            <span>
              Step {index + 1} of {steps.length}
            </span>
          </p>
          <h2
            ref={headingRef}
            id={titleId}
            tabIndex={-1}
            className="mt-2 text-base font-semibold text-pretty outline-none"
          >
            {step.title}
          </h2>
          <p id={bodyId} className="mt-1.5 text-sm text-pretty text-muted-foreground">
            {step.body}
          </p>
        </div>
        <div className="mt-4 flex items-center gap-2">
          <Button variant="ghost" size="sm" className="mr-auto" onClick={onClose}>
            Skip tour
          </Button>
          <Button variant="outline" size="sm" disabled={index === 0} onClick={back}>
            Back
          </Button>
          <Button ref={nextRef} size="sm" onClick={last ? onClose : () => setIndex(index + 1)}>
            {last ? "Done" : "Next"}
          </Button>
        </div>
      </div>
    </>
  );
}
