import { LayoutTemplate } from "lucide-react";

import type { Template } from "@/client";
import { ErrorState } from "@/components/common/error-state";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { Empty, EmptyDescription, EmptyHeader, EmptyMedia, EmptyTitle } from "@/components/ui/empty";
import { Skeleton } from "@/components/ui/skeleton";
import { useTemplates } from "@/hooks/use-templates";

import { TemplateCard } from "./template-card";

const grid = "grid gap-4 md:grid-cols-2 xl:grid-cols-3";

interface TemplateGridProps {
  selectedId: string | null;
  onChoose: (template: Template) => void;
}

/** The template catalog as cards, with its loading, empty and error states. */
export function TemplateGrid({ selectedId, onChoose }: TemplateGridProps) {
  const templates = useTemplates();

  if (templates.isPending) return <TemplateGridSkeleton />;
  if (templates.isError) return <ErrorState error={templates.error} onRetry={() => templates.refetch()} />;
  if (templates.data.length === 0) return <TemplateGridEmpty />;

  return (
    <ul className={grid} aria-label="Templates" data-tour="templates">
      {templates.data.map((template) => (
        <li key={template.id}>
          <TemplateCard template={template} selected={template.id === selectedId} onChoose={onChoose} />
        </li>
      ))}
    </ul>
  );
}

export function TemplateGridSkeleton() {
  return (
    <div className={grid} role="status" aria-label="Loading templates">
      {Array.from({ length: 5 }, (_, index) => (
        <Card key={index}>
          <CardHeader className="gap-3">
            <Skeleton className="h-5 w-24" />
            <Skeleton className="h-6 w-2/3" />
            <Skeleton className="h-4 w-full" />
            <Skeleton className="h-4 w-5/6" />
          </CardHeader>
          <CardContent className="space-y-2">
            <Skeleton className="h-4 w-1/2" />
            <Skeleton className="h-9 w-full" />
          </CardContent>
        </Card>
      ))}
    </div>
  );
}

export function TemplateGridEmpty() {
  return (
    <Empty>
      <EmptyHeader>
        <EmptyMedia>
          <LayoutTemplate aria-hidden="true" />
        </EmptyMedia>
        <EmptyTitle>No templates installed</EmptyTitle>
        <EmptyDescription>
          The server returned an empty catalog. Reinstall Tunewright or check the server log.
        </EmptyDescription>
      </EmptyHeader>
    </Empty>
  );
}
