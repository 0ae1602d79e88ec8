import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";

import { Button } from "@/components/ui/button";
import { copyText } from "@/lib/clipboard";
import { handleError } from "@/lib/handle-error";

interface CopyButtonProps extends Omit<React.ComponentProps<typeof Button>, "onClick"> {
  text: string;
  /** What is copied, for the accessible name: "Copy the API key". */
  label: string;
}

/** A button that copies `text` and says so for two seconds. */
export function CopyButton({ text, label, variant = "outline", size = "sm", children, ...props }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2_000);
    return () => clearTimeout(timer);
  }, [copied]);

  return (
    <Button
      type="button"
      variant={variant}
      size={size}
      aria-label={label}
      onClick={() =>
        copyText(text).then(
          () => setCopied(true),
          (error: unknown) => handleError(new Error(`Could not copy: ${error instanceof Error ? error.message : "unknown reason"}`)),
        )
      }
      {...props}
    >
      {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
      <span aria-live="polite">{copied ? "Copied" : (children ?? "Copy")}</span>
    </Button>
  );
}
