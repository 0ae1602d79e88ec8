import { Loader2 } from "lucide-react";
import { useId } from "react";

import type { Dataset, TaskKind } from "@/client";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { useUpdateRoles } from "@/hooks/use-datasets";
import { roleInfo, rolesFor, visibleRoles, type RoleName } from "@/lib/roles";
import { cn } from "@/lib/utils";

// Radix Select cannot hold an empty value, so "not used" has a name of its own.
const UNUSED = "__unused__";

interface RoleMapperProps extends React.ComponentProps<"div"> {
  dataset: Dataset;
  task?: TaskKind | null;
}

/** Which column plays which role; a change is saved at once and the data re-checked. */
export function RoleMapper({ dataset, task, className, ...props }: RoleMapperProps) {
  const update = useUpdateRoles(dataset.id);
  const roles = dataset.profile.roles;
  const needed = rolesFor(task, dataset.detection.shape);
  const shown = visibleRoles(needed, roles);
  const columns = dataset.profile.columns.map((column) => column.name);

  function change(role: RoleName, column: string) {
    const next = { ...roles };
    if (column === UNUSED) delete next[role];
    else next[role] = column;
    update.mutate(next);
  }

  return (
    <div className={cn("space-y-4", className)} {...props}>
      {shown.map((role) => (
        <RoleRow
          key={role}
          role={role}
          value={roles[role]}
          columns={columns}
          required={needed.includes(role) && role !== "input"}
          disabled={update.isPending}
          onChange={(column) => change(role, column)}
        />
      ))}
      {update.isPending && (
        <p className="flex items-center gap-2 text-sm text-muted-foreground" role="status">
          <Loader2 aria-hidden="true" className="size-4 animate-spin" /> Re-checking your data…
        </p>
      )}
    </div>
  );
}

interface RoleRowProps {
  role: RoleName;
  value: string | undefined;
  columns: string[];
  required: boolean;
  disabled: boolean;
  onChange: (column: string) => void;
}

function RoleRow({ role, value, columns, required, disabled, onChange }: RoleRowProps) {
  const id = useId();
  const info = roleInfo[role];
  return (
    <div className="grid gap-2 sm:grid-cols-[1fr_minmax(0,14rem)] sm:items-center sm:gap-4">
      <div>
        <label htmlFor={id} className="text-sm font-medium">
          {info.title}
          {!required && <span className="font-normal text-muted-foreground"> (optional)</span>}
        </label>
        <p id={`${id}-hint`} className="text-sm text-muted-foreground">
          {info.description}
        </p>
      </div>
      <Select value={value ?? UNUSED} onValueChange={onChange} disabled={disabled}>
        <SelectTrigger id={id} aria-describedby={`${id}-hint`} className="w-full">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={UNUSED}>Not used</SelectItem>
          {columns.map((column) => (
            <SelectItem key={column} value={column}>
              {column}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}

export function RoleMapperSkeleton() {
  return (
    <div className="space-y-4" role="status" aria-label="Loading column roles">
      {Array.from({ length: 2 }, (_, index) => (
        <div key={index} className="flex items-center justify-between gap-4">
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-24" />
            <Skeleton className="h-3 w-48" />
          </div>
          <Skeleton className="h-9 w-40" />
        </div>
      ))}
    </div>
  );
}
