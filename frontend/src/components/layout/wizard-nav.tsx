import { Check } from "lucide-react";
import { Link, useLocation } from "react-router";

import { useSelectedTemplate } from "@/hooks/use-selected-template";
import { cn } from "@/lib/utils";

import { isStepActive, wizardSteps } from "./wizard-steps";

/** The wizard's tab bar: one link per step, the current one marked with aria-current. */
export function WizardNav({ className, ...props }: React.ComponentProps<"nav">) {
  const [templateId] = useSelectedTemplate();
  const { pathname } = useLocation();
  const search = templateId ? `?template=${encodeURIComponent(templateId)}` : "";

  return (
    <nav aria-label="Wizard steps" data-tour="wizard-steps" className={cn("w-full", className)} {...props}>
      <ol className="grid grid-cols-4 gap-1 sm:gap-2">
        {wizardSteps.map((step, index) => {
          const done = step.id === "template" && Boolean(templateId);
          const isActive = isStepActive(step, pathname);
          return (
            <li key={step.id} className="min-w-0">
              <Link
                to={{ pathname: step.path, search }}
                aria-current={isActive ? "page" : undefined}
                className={cn(
                  "group flex min-w-0 flex-col items-center gap-1.5 rounded-lg px-1 py-2 text-center outline-none transition-colors focus-visible:ring-[3px] focus-visible:ring-ring/50 sm:flex-row sm:gap-3 sm:px-3 sm:text-left",
                  isActive ? "bg-accent" : "hover:bg-muted",
                )}
              >
                <span
                  className={cn(
                    "flex size-7 shrink-0 items-center justify-center rounded-full border text-xs font-semibold",
                    isActive && "border-primary bg-primary text-primary-foreground",
                    !isActive && done && "border-primary/40 bg-card text-primary",
                    !isActive && !done && "bg-card text-muted-foreground",
                  )}
                  aria-hidden="true"
                >
                  {done && !isActive ? <Check className="size-3.5" /> : index + 1}
                </span>
                <span className="min-w-0">
                  <span
                    className={cn(
                      "block truncate text-xs font-medium sm:text-sm",
                      isActive ? "text-accent-foreground" : "text-foreground",
                    )}
                  >
                    {step.title}
                  </span>
                  <span className="hidden truncate text-xs text-muted-foreground md:block">
                    {step.description}
                  </span>
                </span>
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
