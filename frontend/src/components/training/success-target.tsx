import { Target } from "lucide-react";
import { useId, useState } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";

const EXAMPLES: Record<string, string> = {
  classifier: "accuracy >= 0.85",
  tabular: "accuracy >= 0.85 or rmse <= 3000",
  causal_lm: "perplexity <= 20",
};

interface SuccessTargetProps extends Omit<React.ComponentProps<"form">, "onSubmit"> {
  task: string;
  /** The target the plan accepted, as the server wrote it ("accuracy ≥ 0.85"). */
  accepted?: string;
  /** Set while the server refuses the target: the input is marked and described by the error. */
  errorId?: string;
  onTargetChange: (target: string | null) => void;
  disabled?: boolean;
}

/** "Good enough for me is…": an optional bar the model must reach on held-out data to pass. */
export function SuccessTarget({ task, accepted, errorId, onTargetChange, disabled, className, ...props }: SuccessTargetProps) {
  const inputId = useId();
  const helpId = useId();
  const [text, setText] = useState("");
  return (
    <form
      className={cn("space-y-2 rounded-lg border px-4 py-3", className)}
      onSubmit={(event) => {
        event.preventDefault();
        onTargetChange(text.trim() || null);
      }}
      {...props}
    >
      <label htmlFor={inputId} className="flex items-center gap-2 text-sm font-medium">
        <Target aria-hidden="true" className="size-4 text-primary" /> Your success target (optional)
      </label>
      <div className="flex gap-2">
        <Input
          id={inputId}
          value={text}
          placeholder={`e.g. ${EXAMPLES[task] ?? "accuracy >= 0.85"}`}
          onChange={(event) => setText(event.target.value)}
          aria-invalid={errorId ? true : undefined}
          aria-describedby={errorId ? `${helpId} ${errorId}` : helpId}
          disabled={disabled}
        />
        <Button type="submit" variant="outline" disabled={disabled}>
          Set
        </Button>
      </div>
      <p id={helpId} className="text-sm text-muted-foreground">
        {accepted
          ? `The model passes only if it reaches ${accepted} on examples it has never seen.`
          : "Say what good enough means for you; it becomes one more check after training."}
      </p>
    </form>
  );
}
