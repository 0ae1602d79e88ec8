import { Skeleton } from "@/components/ui/skeleton";

/** Placeholder rows while a registry table loads: the first column wide, the rest short. */
export function TableSkeleton({ label, columns, rows = 3 }: { label: string; columns: number; rows?: number }) {
  return (
    <div className="divide-y rounded-xl border bg-card" role="status" aria-label={label}>
      {Array.from({ length: rows }, (_, row) => (
        <div key={row} className="flex items-center gap-4 px-4 py-4">
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-40 max-w-full" />
            <Skeleton className="h-3 w-28 max-w-full" />
          </div>
          {Array.from({ length: Math.min(columns - 1, 3) }, (_, column) => (
            <Skeleton key={column} className={column === 0 ? "h-5 w-16" : "hidden h-4 w-20 sm:block"} />
          ))}
        </div>
      ))}
    </div>
  );
}
