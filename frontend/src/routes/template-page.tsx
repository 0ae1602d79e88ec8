import { useNavigate } from "react-router";

import type { Preset, Template } from "@/client";
import { PageHeader } from "@/components/common/page-header";
import { TemplateGrid } from "@/components/template/template-grid";
import { PresetPicker } from "@/components/training/preset-picker";
import { useSelectedPreset } from "@/hooks/use-selected-preset";
import { useSelectedTemplate } from "@/hooks/use-selected-template";
import { useTemplates } from "@/hooks/use-templates";

/** Step 1: choose what to build, and how much to decide yourself. */
export function TemplatePage() {
  const navigate = useNavigate();
  const [selectedId, remember] = useSelectedTemplate();
  const [preset, rememberPreset] = useSelectedPreset();
  const templates = useTemplates();
  const presets = (templates.data?.find((t) => t.id === selectedId) ?? templates.data?.[0])?.presets;

  function choose(template: Template) {
    remember(template.id);
    navigate({ pathname: "/data", search: `?template=${encodeURIComponent(template.id)}` });
  }

  function choosePreset(next: Preset) {
    rememberPreset(next);
    // Re-render with the new choice; the URL stays shareable without it (Beginner is the default).
    navigate({ search: next === "beginner" ? "" : `?preset=${next}` }, { replace: true });
  }

  return (
    <div className="space-y-8">
      <PageHeader
        title="What do you want to build?"
        description="Pick the template closest to your goal. It decides which model we start from and what your data should look like — you can change it later."
      />
      {presets && (
        <PresetPicker
          presets={presets}
          value={preset}
          onChange={choosePreset}
          className="rounded-xl border bg-card p-4 sm:p-5"
        />
      )}
      <TemplateGrid selectedId={selectedId} onChoose={choose} />
    </div>
  );
}
