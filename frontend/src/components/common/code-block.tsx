import { cn } from "@/lib/utils";

import { CopyButton } from "./copy-button";

interface CodeBlockProps extends React.ComponentProps<"div"> {
  code: string;
  /** What the code is, for the copy button's name: "the curl call". */
  label: string;
}

/** Preformatted code that scrolls sideways on a phone, under a bar with its copy button. */
export function CodeBlock({ code, label, className, ...props }: CodeBlockProps) {
  return (
    <div className={cn("min-w-0 rounded-lg border bg-muted/40", className)} {...props}>
      <div className="flex justify-end border-b px-1.5 py-1">
        <CopyButton text={code} label={`Copy ${label}`} size="sm" variant="ghost" />
      </div>
      <pre className="overflow-x-auto p-3 text-xs leading-relaxed">
        <code>{code}</code>
      </pre>
    </div>
  );
}
