import { CircleHelp } from "lucide-react";
import { useId, useState } from "react";

import { glossary, type GlossaryKey } from "@/lib/glossary";
import { cn } from "@/lib/utils";

interface TermHelpProps extends React.ComponentProps<"span"> {
  term: GlossaryKey;
}

/**
 * A "What is this?" button beside an ML word: hovering shows the explanation as a tooltip,
 * pressing it (mouse, touch or keyboard) opens it in place, Escape closes it.
 */
export function TermHelp({ term, className, ...props }: TermHelpProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const entry = glossary[term];
  return (
    <span className={cn("normal-case", className)} {...props}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        aria-label={`What is ${entry.term.toLowerCase()}?`}
        title={entry.text}
        onClick={() => setOpen((value) => !value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") setOpen(false);
        }}
        className="ml-1 inline-flex size-5 translate-y-[-1px] items-center justify-center rounded-full align-middle text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        <CircleHelp aria-hidden="true" className="size-3.5" />
      </button>
      <span
        id={id}
        role="note"
        hidden={!open}
        className="mt-1.5 block rounded-md border bg-accent/60 px-2.5 py-2 text-xs leading-relaxed font-normal tracking-normal text-foreground"
      >
        <span className="font-medium">{entry.term}: </span>
        {entry.text}
      </span>
    </span>
  );
}
