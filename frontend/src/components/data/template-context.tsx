import { Info, LayoutTemplate } from "lucide-react";
import { Link } from "react-router";

import type { Template } from "@/client";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { cn } from "@/lib/utils";

interface TemplateContextProps extends React.ComponentProps<typeof Alert> {
  template: Template | undefined;
}

/** Reminds the user which template their data is checked against, or asks them to pick one. */
export function TemplateContext({ template, className, ...props }: TemplateContextProps) {
  const changeLink = (
    <Link
      to="/template"
      className="rounded-sm font-medium text-primary underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
    >
      {template ? "Change template" : "Choose a template"}
    </Link>
  );

  if (!template) {
    return (
      <Alert className={className} {...props}>
        <Info aria-hidden="true" />
        <AlertTitle>No template chosen yet</AlertTitle>
        <AlertDescription>
          <p>You can upload now; pick a template so we can check your data against what it needs.</p>
          {changeLink}
        </AlertDescription>
      </Alert>
    );
  }
  return (
    <Alert className={cn("border-primary/20 bg-accent/50", className)} {...props}>
      <LayoutTemplate aria-hidden="true" className="text-primary" />
      <AlertTitle>Template: {template.name}</AlertTitle>
      <AlertDescription>
        <p>{template.data_shape}</p>
        {changeLink}
      </AlertDescription>
    </Alert>
  );
}
