import { ChevronDown } from "lucide-react";
import { useState } from "react";

import type { PlannedSetting } from "@/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { formatSetting, settingTitle } from "@/lib/settings";
import { cn } from "@/lib/utils";

const FIRST = 6; // enough to see what the plan is about; the rest on request

const sourceBadges: Record<PlannedSetting["source"], { label: string; variant: "tip" | "outline" } | null> = {
  auto: null,
  preset: { label: "Preset", variant: "outline" },
  override: { label: "You set", variant: "tip" },
};

/** Every setting of the plan with the value chosen and the one-line reason for it. */
export function PlanSettingsList({ items, className, ...props }: { items: PlannedSetting[] } & React.ComponentProps<"div">) {
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, FIRST);
  return (
    <div className={cn("space-y-3", className)} {...props}>
      <ul className="divide-y rounded-lg border" aria-label="Settings and why">
        {shown.map((item) => {
          const badge = sourceBadges[item.source];
          return (
            <li key={item.name} className="grid gap-1 px-4 py-3 sm:grid-cols-[minmax(0,14rem)_1fr] sm:gap-4">
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
                  {settingTitle(item.name)}
                  {badge && <Badge variant={badge.variant}>{badge.label}</Badge>}
                </p>
                <p className="font-mono text-sm break-words">{formatSetting(item.name, item.value)}</p>
              </div>
              <p className="text-sm text-pretty text-muted-foreground">{item.reason}</p>
            </li>
          );
        })}
      </ul>
      {items.length > FIRST && (
        <Button variant="ghost" size="sm" aria-expanded={all} onClick={() => setAll((value) => !value)}>
          <ChevronDown aria-hidden="true" className={cn("transition-transform", all && "rotate-180")} />
          {all ? "Show fewer settings" : `Show all ${items.length} settings`}
        </Button>
      )}
    </div>
  );
}

export function PlanSettingsListSkeleton() {
  return (
    <div className="divide-y rounded-lg border" aria-hidden="true">
      {Array.from({ length: 4 }, (_, index) => (
        <div key={index} className="grid gap-2 px-4 py-3 sm:grid-cols-[14rem_1fr]">
          <Skeleton className="h-4 w-32" />
          <Skeleton className="h-4 w-full" />
        </div>
      ))}
    </div>
  );
}
