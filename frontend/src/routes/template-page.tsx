import { useNavigate } from "react-router";

import type { Template } from "@/client";
import { PageHeader } from "@/components/common/page-header";
import { TemplateGrid } from "@/components/template/template-grid";
import { useSelectedTemplate } from "@/hooks/use-selected-template";

/** Step 1: choose what to build. */
export function TemplatePage() {
  const navigate = useNavigate();
  const [selectedId, remember] = useSelectedTemplate();

  function choose(template: Template) {
    remember(template.id);
    navigate({ pathname: "/data", search: `?template=${encodeURIComponent(template.id)}` });
  }

  return (
    <div className="space-y-8">
      <PageHeader
        title="What do you want to build?"
        description="Pick the template closest to your goal. It decides which model we start from and what your data should look like — you can change it later."
      />
      <TemplateGrid selectedId={selectedId} onChoose={choose} />
    </div>
  );
}
