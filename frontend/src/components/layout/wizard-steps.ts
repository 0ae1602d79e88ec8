import { Database, FlaskConical, LayoutTemplate, type LucideIcon, Sparkles } from "lucide-react";

export interface WizardStep {
  id: "template" | "data" | "training" | "testing";
  title: string;
  description: string;
  path: string;
  /** Other paths that belong to this step (a run page is part of Training). */
  alsoActiveOn?: string[];
  icon: LucideIcon;
}

/** The four steps of the wizard; the header's tab bar and the routes are built from this list. */
export const wizardSteps: readonly WizardStep[] = [
  {
    id: "template",
    title: "Template",
    description: "Choose what to build",
    path: "/template",
    icon: LayoutTemplate,
  },
  { id: "data", title: "Data", description: "Upload and check", path: "/data", icon: Database },
  {
    id: "training",
    title: "Training",
    description: "Teach the model",
    path: "/training",
    alsoActiveOn: ["/runs"],
    icon: Sparkles,
  },
  { id: "testing", title: "Testing", description: "Try it out", path: "/testing", icon: FlaskConical },
];

/** Whether the current path belongs to a step: its own path, below it, or one it claims. */
export function isStepActive(step: WizardStep, pathname: string): boolean {
  return [step.path, ...(step.alsoActiveOn ?? [])].some((path) => pathname === path || pathname.startsWith(`${path}/`));
}

/** The step the current path belongs to, if any (the Models screen is not a step). */
export function stepOf(pathname: string): WizardStep | undefined {
  return wizardSteps.find((step) => isStepActive(step, pathname));
}
