import { useId, useRef, useState } from "react";

import { CodeBlock } from "@/components/common/code-block";
import { cn } from "@/lib/utils";

const languageNames: Record<string, string> = { curl: "curl", python: "Python", javascript: "JavaScript" };

/** Ready-to-paste calls, one tab per language (arrow keys move between tabs). */
export function SnippetTabs({ snippets, className, ...props }: { snippets: Record<string, string> } & React.ComponentProps<"div">) {
  const id = useId();
  const names = Object.keys(snippets);
  const [active, setActive] = useState(names[0] ?? "");
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  function move(from: number, step: number) {
    const next = (from + step + names.length) % names.length;
    setActive(names[next]!);
    tabs.current[next]?.focus();
  }

  return (
    <div className={cn("space-y-2", className)} {...props}>
      <div role="tablist" aria-label="Call it from" className="inline-flex rounded-lg bg-muted p-1">
        {names.map((name, index) => (
          <button
            key={name}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            id={`${id}-tab-${name}`}
            type="button"
            role="tab"
            aria-selected={active === name}
            aria-controls={`${id}-panel-${name}`}
            tabIndex={active === name ? 0 : -1}
            onClick={() => setActive(name)}
            onKeyDown={(event) => {
              if (event.key === "ArrowRight") move(index, 1);
              if (event.key === "ArrowLeft") move(index, -1);
            }}
            className={cn(
              "rounded-md px-3 py-1 text-sm font-medium outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
              active === name ? "bg-card text-foreground shadow-xs" : "text-muted-foreground hover:text-foreground",
            )}
          >
            {languageNames[name] ?? name}
          </button>
        ))}
      </div>
      {names.map((name) => (
        <div key={name} id={`${id}-panel-${name}`} role="tabpanel" aria-labelledby={`${id}-tab-${name}`} hidden={active !== name}>
          <CodeBlock code={snippets[name]!} label={`the ${languageNames[name] ?? name} call`} />
        </div>
      ))}
    </div>
  );
}
