import { useHealth } from "@/hooks/use-health";
import { describeError } from "@/lib/errors";
import { cn } from "@/lib/utils";

/** A small dot saying whether the server answers; the tooltip carries the detail. */
export function HealthBadge({ className, ...props }: React.ComponentProps<"span">) {
  const health = useHealth();
  const ok = health.data?.status === "ok" && health.data.database.ok;
  const label = health.isPending
    ? "Connecting…"
    : health.isError
      ? "Server offline"
      : ok
        ? "Connected"
        : "Database problem";
  const detail = health.isError
    ? describeError(health.error).hint
    : health.data
      ? `Version ${health.data.version} · ${health.data.database.engine} · worker ${health.data.worker.state}`
      : undefined;

  return (
    <span
      role="status"
      title={detail}
      className={cn("inline-flex items-center gap-2 text-xs text-muted-foreground", className)}
      {...props}
    >
      <span
        aria-hidden="true"
        className={cn(
          "size-2 rounded-full",
          health.isPending && "bg-muted-foreground/40",
          !health.isPending && ok && "bg-emerald-500",
          !health.isPending && !ok && "bg-destructive",
        )}
      />
      <span className="hidden sm:inline">{label}</span>
      <span className="sr-only sm:hidden">{label}</span>
    </span>
  );
}
