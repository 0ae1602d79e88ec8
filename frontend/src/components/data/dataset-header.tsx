import { ArrowLeft, ArrowRight, GitBranch } from "lucide-react";
import { Link, useNavigate } from "react-router";

import type { Dataset } from "@/client";
import { PageHeader } from "@/components/common/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatBytes, formatWhen } from "@/lib/format";
import { fixLabels } from "@/lib/labels";

import { DatasetDownload } from "./dataset-download";
import { DeleteDatasetButton } from "./delete-dataset-button";

/** The Training step for this dataset, with the template it was checked against. */
function trainingLink(dataset: Dataset): string {
  const params = new URLSearchParams({ dataset: String(dataset.id) });
  if (dataset.template_id) params.set("template", dataset.template_id);
  return `/training?${params}`;
}

/** The dataset's name, version lineage, its downloads and the way forward. */
export function DatasetHeader({ dataset }: { dataset: Dataset }) {
  const navigate = useNavigate();
  return (
    <div className="space-y-3">
      <Link
        to="/data"
        className="inline-flex items-center gap-1.5 rounded-sm text-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        <ArrowLeft aria-hidden="true" className="size-4" /> All datasets
      </Link>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1 break-all">
            {dataset.name}
            <Badge variant="secondary" className="text-sm">
              Version {dataset.version}
            </Badge>
          </span>
        }
        description={
          <p className="flex flex-wrap items-center gap-x-2 text-sm">
            <span className="break-all">{dataset.filename}</span>
            <span aria-hidden="true">·</span>
            <span>{formatBytes(dataset.size_bytes)}</span>
            <span aria-hidden="true">·</span>
            <span>uploaded {formatWhen(dataset.created_at)}</span>
            {dataset.parent_id != null && (
              <>
                <span aria-hidden="true">·</span>
                <Link
                  to={`/data/${dataset.parent_id}`}
                  className="inline-flex items-center gap-1 rounded-sm text-primary underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
                >
                  <GitBranch aria-hidden="true" className="size-3.5" /> cleaned from the previous version
                </Link>
                {dataset.clean_ops && dataset.clean_ops.length > 0 && (
                  <span>({dataset.clean_ops.map((op) => fixLabels[op].toLowerCase()).join(", ")})</span>
                )}
              </>
            )}
          </p>
        }
        actions={
          <>
            <DeleteDatasetButton
              id={dataset.id}
              name={dataset.name}
              version={dataset.version}
              onDeleted={() => navigate("/data")}
            />
            <DatasetDownload dataset={dataset} />
            <Button asChild>
              <Link to={trainingLink(dataset)}>
                Continue to Training <ArrowRight aria-hidden="true" />
              </Link>
            </Button>
          </>
        }
      />
    </div>
  );
}
