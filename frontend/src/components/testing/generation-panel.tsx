import { Play, Square } from "lucide-react";
import { useId, useState } from "react";

import type { ModelVersion, Template } from "@/client";
import { ErrorState } from "@/components/common/error-state";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { useGenerate } from "@/hooks/use-generate";
import { DEFAULT_GENERATION } from "@/lib/generation";

import { AnswerView } from "./answer-view";
import { GenerationSettingsPanel } from "./generation-settings";
import { textareaClass } from "./styles";

interface GenerationPanelProps {
  model: ModelVersion;
  template: Template | undefined;
}

/** Causal LM playground: sample prompts, a prompt box, sampling sliders, the streamed answer, and base vs fine-tuned. */
export function GenerationPanel({ model, template }: GenerationPanelProps) {
  const promptId = useId();
  const compareId = useId();
  const samples = template?.sample_prompts ?? [];
  const [prompt, setPrompt] = useState(samples[0] ?? "");
  const [compare, setCompare] = useState(false);
  const [settings, setSettings] = useState(template?.generation_defaults ?? DEFAULT_GENERATION);
  const { answers, status, error, generate, stop } = useGenerate(model.id);
  const streaming = status === "streaming";
  const shownCompare = answers.base !== undefined;

  function submit() {
    if (!prompt.trim() || streaming) return;
    generate({ prompt: prompt.trim(), ...settings }, compare);
  }

  return (
    <div className="space-y-6">
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {samples.length > 0 && (
          <div className="space-y-2">
            <p id={`${promptId}-samples`} className="text-sm text-muted-foreground">
              Try one of these:
            </p>
            <ul aria-labelledby={`${promptId}-samples`} className="flex flex-wrap gap-2">
              {samples.map((sample) => (
                <li key={sample} className="max-w-full">
                  <Button type="button" variant="outline" size="sm" className="h-auto max-w-full py-1.5 text-left whitespace-normal" onClick={() => setPrompt(sample)}>
                    {sample}
                  </Button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="space-y-2">
          <label htmlFor={promptId} className="text-sm font-medium">
            Your prompt
          </label>
          <textarea
            id={promptId}
            value={prompt}
            maxLength={20_000}
            placeholder="Ask or instruct the model…"
            onChange={(event) => setPrompt(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
                event.preventDefault();
                submit();
              }
            }}
            className={textareaClass}
          />
        </div>
        <div className="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
          <div className="flex items-start gap-3">
            <Switch id={compareId} checked={compare} onCheckedChange={setCompare} disabled={streaming} aria-describedby={`${compareId}-help`} className="mt-0.5" />
            <div>
              <label htmlFor={compareId} className="text-sm font-medium">
                Compare with the base model
              </label>
              <p id={`${compareId}-help`} className="text-xs text-muted-foreground">
                The model before fine-tuning answers the same prompt, beside yours.
              </p>
            </div>
          </div>
          {streaming ? (
            <Button type="button" variant="outline" onClick={stop}>
              <Square aria-hidden="true" /> Stop
            </Button>
          ) : (
            <Button type="submit" disabled={!prompt.trim()}>
              <Play aria-hidden="true" /> Generate
            </Button>
          )}
        </div>
      </form>
      {error && <ErrorState error={error} onRetry={submit} />}
      <div className={shownCompare ? "grid gap-4 md:grid-cols-2" : undefined}>
        <AnswerView title={shownCompare ? "Fine-tuned model" : "Answer"} answer={answers.tuned} active={streaming} />
        {shownCompare && (
          <AnswerView title="Base model (before fine-tuning)" answer={answers.base} active={streaming} waiting="Starts when the fine-tuned answer is done." />
        )}
      </div>
      <section aria-labelledby={`${promptId}-settings`} className="space-y-4 border-t pt-5">
        <h4 id={`${promptId}-settings`} className="text-sm font-medium">
          How it writes
        </h4>
        <GenerationSettingsPanel settings={settings} onChange={setSettings} task={model.task as Template["task"]} templateId={model.template_id} disabled={streaming} />
      </section>
    </div>
  );
}
