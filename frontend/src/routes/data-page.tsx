import { useNavigate } from "react-router";

import type { Dataset } from "@/client";
import { PageHeader } from "@/components/common/page-header";
import { DatasetList } from "@/components/data/dataset-list";
import { SampleDataset } from "@/components/data/sample-dataset";
import { TemplateContext } from "@/components/data/template-context";
import { UploadDropzone } from "@/components/data/upload-dropzone";
import { useSelectedTemplate } from "@/hooks/use-selected-template";
import { useTemplate } from "@/hooks/use-templates";

/** Step 2: upload a file (it is checked at once), load the template's sample, or reopen an earlier one. */
export function DataPage() {
  const navigate = useNavigate();
  const [templateId] = useSelectedTemplate();
  const template = useTemplate(templateId);
  const openDataset = (dataset: Dataset) => navigate(`/data/${dataset.id}`);

  return (
    <div className="space-y-10">
      <section className="space-y-5" aria-labelledby="upload-heading">
        <PageHeader
          id="upload-heading"
          title="Upload your data"
          description="We read the file, work out its layout and check it for problems before any training starts."
        />
        <TemplateContext template={template} />
        <UploadDropzone
          templateId={template?.id}
          onUploaded={openDataset}
        />
        {template && (
          <SampleDataset
            data-tour="sample-data"
            template={template}
            onLoaded={openDataset}
          />
        )}
      </section>
      <section className="space-y-4" aria-labelledby="datasets-heading">
        <h2 id="datasets-heading" className="text-lg font-semibold tracking-tight">
          Your datasets
        </h2>
        <DatasetList />
      </section>
    </div>
  );
}
