import { Boxes, Compass } from "lucide-react";
import { Link, NavLink } from "react-router";

import { CommandPanel } from "@/components/assistant/command-panel";
import { useTour } from "@/components/tour/use-tour";
import { Button, buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/utils";

import { HealthBadge } from "./health-badge";
import { WizardNav } from "./wizard-nav";

/** The product name, Models & runs, the tour, the assistant, the server status and the wizard's four steps. */
export function AppHeader() {
  const { openTour } = useTour();
  return (
    <header className="border-b bg-card/80 backdrop-blur supports-[backdrop-filter]:bg-card/70">
      <div className="mx-auto flex max-w-6xl flex-col gap-3 px-4 pt-4 pb-3 sm:px-6">
        <div className="flex items-center justify-between gap-4">
          <Link
            to="/template"
            className="flex items-center gap-2.5 rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
          >
            <img src="/favicon.svg" alt="" className="size-7" />
            <span className="text-lg font-semibold tracking-tight">Tunewright</span>
          </Link>
          <div className="flex items-center gap-2 sm:gap-3">
            <NavLink
              to="/models"
              data-tour="models"
              className={({ isActive }) =>
                cn(buttonVariants({ variant: "ghost", size: "sm" }), isActive && "bg-accent text-accent-foreground")
              }
            >
              <Boxes aria-hidden="true" />
              <span>
                Models<span className="hidden sm:inline"> &amp; runs</span>
              </span>
            </NavLink>
            <Button variant="ghost" size="sm" aria-label="Take the tour" onClick={(event) => openTour(event.currentTarget)}>
              <Compass aria-hidden="true" />
              <span className="hidden sm:inline">Take the tour</span>
            </Button>
            <CommandPanel />
            <HealthBadge />
          </div>
        </div>
        <WizardNav />
      </div>
    </header>
  );
}

