import { useId } from "react";

import type { InputField } from "@/client";
import { Badge } from "@/components/ui/badge";
import { labelOf, inputKindLabels } from "@/lib/labels";
import { describeInput } from "@/lib/tabular-fields";
import { cn } from "@/lib/utils";

interface InputContractProps extends React.ComponentProps<"section"> {
  /** The model's input schema; table models only. */
  fields: InputField[];
}

/** The columns an endpoint reads, with what each takes: the contract an app developer codes against. */
export function InputContract({ fields, className, ...props }: InputContractProps) {
  const id = useId();
  if (fields.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-title`} className={cn("space-y-2", className)} {...props}>
      <div className="space-y-0.5">
        <h4 id={`${id}-title`} className="text-sm font-medium">
          This endpoint reads these columns
        </h4>
        <p className="text-xs text-muted-foreground">
          Every row in <code>rows</code> needs each of these keys; send <code>null</code> when a value is unknown.
        </p>
      </div>
      <ul aria-label="Columns the endpoint reads" className="divide-y rounded-md border bg-card text-sm">
        {fields.map((field) => (
          <li key={field.name} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-3 py-1.5">
            <code className="max-w-full truncate font-mono text-xs font-semibold" title={field.name}>
              {field.name}
            </code>
            <Badge variant="secondary" className="font-normal">
              {labelOf(inputKindLabels, field.kind)}
            </Badge>
            <span className="min-w-0 truncate text-xs text-muted-foreground sm:ml-auto" title={describeInput(field)}>
              {describeInput(field)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
