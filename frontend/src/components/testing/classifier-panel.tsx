import { Loader2, Tags } from "lucide-react";
import { useId, useState } from "react";

import type { ModelVersion, Template } from "@/client";
import { ErrorState } from "@/components/common/error-state";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useClassify } from "@/hooks/use-predict";
import { plural } from "@/lib/format";

import { ClassifierResults } from "./classifier-results";
import { textareaClass } from "./styles";

const MAX_TEXTS = 64; // ClassifyInput's limit per request

/** The texts in the box, one per line, blank lines skipped. */
function linesOf(value: string): string[] {
  return value.split("\n").map((line) => line.trim()).filter(Boolean);
}

/** The template's sample texts to start from (or its example rows' texts). */
function exampleText(template: Template | undefined): string {
  if (template?.sample_prompts.length) return template.sample_prompts.join("\n");
  const rows = template?.example_rows ?? [];
  return rows.map((row) => (typeof row.text === "string" ? row.text : "")).filter(Boolean).join("\n");
}

/** Classifier playground: one or many texts in, a label with probabilities and an attention view per text. */
export function ClassifierPanel({ model, template }: { model: ModelVersion; template: Template | undefined }) {
  const id = useId();
  const [value, setValue] = useState(() => exampleText(template));
  const classify = useClassify(model.id);
  const texts = linesOf(value);
  const tooMany = texts.length > MAX_TEXTS;

  function submit() {
    if (texts.length === 0 || tooMany || classify.isPending) return;
    classify.mutate(texts);
  }

  return (
    <div className="space-y-6">
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <label htmlFor={id} className="text-sm font-medium">
          Texts to label
        </label>
        <textarea
          id={id}
          value={value}
          placeholder="Type or paste a text; put each text on its own line to label several at once."
          aria-describedby={`${id}-help`}
          aria-invalid={tooMany || undefined}
          onChange={(event) => setValue(event.target.value)}
          className={textareaClass}
        />
        <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
          <p id={`${id}-help`} className={tooMany ? "text-sm text-destructive" : "text-sm text-muted-foreground"}>
            {tooMany ? `At most ${MAX_TEXTS} texts at once; you have ${texts.length}.` : `One text per line · ${plural(texts.length, "text")}`}
          </p>
          <Button type="submit" disabled={texts.length === 0 || tooMany || classify.isPending}>
            {classify.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Tags aria-hidden="true" />}
            Label {texts.length > 1 ? "them" : "it"}
          </Button>
        </div>
      </form>
      {classify.isError && <ErrorState error={classify.error} onRetry={submit} />}
      {classify.isPending && <ResultsSkeleton />}
      {classify.data && !classify.isPending && <ClassifierResults texts={classify.variables} output={classify.data} />}
    </div>
  );
}

function ResultsSkeleton() {
  return (
    <div role="status" aria-label="Labelling" className="space-y-3 rounded-lg border p-4">
      <Skeleton className="h-6 w-32" />
      <Skeleton className="h-3 w-full" />
      <Skeleton className="h-3 w-2/3" />
    </div>
  );
}
