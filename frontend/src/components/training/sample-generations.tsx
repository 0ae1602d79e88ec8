import { MessageSquareText } from "lucide-react";

import { Empty, EmptyDescription, EmptyHeader, EmptyMedia, EmptyTitle } from "@/components/ui/empty";
import { formatInt } from "@/lib/format";
import type { SampleGroup } from "@/lib/run-events";
import { cn } from "@/lib/utils";

interface SampleGenerationsProps extends React.ComponentProps<"div"> {
  samples: SampleGroup[];
}

/** What the model writes for the sample prompts, newest first, so you can watch it change. */
export function SampleGenerations({ samples, className, ...props }: SampleGenerationsProps) {
  if (samples.length === 0) return <SampleGenerationsEmpty />;
  return (
    <div className={cn("space-y-4", className)} {...props}>
      {samples.map((group) => {
        const [latest, ...earlier] = [...group.outputs].reverse();
        return (
          <article key={group.prompt} className="space-y-2 rounded-lg border p-4" aria-label={`Prompt: ${group.prompt}`}>
            <p className="text-sm">
              <span className="font-medium text-muted-foreground">Prompt: </span>
              {group.prompt}
            </p>
            {latest && (
              <div className="rounded-md bg-accent/50 px-3 py-2">
                <p className="text-xs text-muted-foreground">At step {formatInt(latest.step)}</p>
                <p className="text-sm whitespace-pre-wrap break-words" aria-live="polite">
                  {latest.output || "(nothing yet)"}
                </p>
              </div>
            )}
            {earlier.length > 0 && (
              <details className="text-sm">
                <summary className="cursor-pointer rounded-sm text-muted-foreground outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
                  Earlier answers ({earlier.length})
                </summary>
                <ol className="mt-2 space-y-2">
                  {earlier.map((sample) => (
                    <li key={sample.step} className="border-l-2 pl-3">
                      <p className="text-xs text-muted-foreground">Step {formatInt(sample.step)}</p>
                      <p className="whitespace-pre-wrap break-words">{sample.output || "(empty)"}</p>
                    </li>
                  ))}
                </ol>
              </details>
            )}
          </article>
        );
      })}
    </div>
  );
}

export function SampleGenerationsEmpty() {
  return (
    <Empty className="py-6 md:py-8">
      <EmptyHeader>
        <EmptyMedia>
          <MessageSquareText aria-hidden="true" />
        </EmptyMedia>
        <EmptyTitle>No samples yet</EmptyTitle>
        <EmptyDescription>Every so often the model answers a few prompts, so you can see it learn your style.</EmptyDescription>
      </EmptyHeader>
    </Empty>
  );
}
