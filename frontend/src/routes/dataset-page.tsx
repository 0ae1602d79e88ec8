import { useEffect } from "react";
import { Link, useParams } from "react-router";

import { ErrorState } from "@/components/common/error-state";
import { ColumnChoices, ColumnChoicesSkeleton } from "@/components/data/column-choices";
import { ColumnsTable } from "@/components/data/columns-table";
import { DatasetHeader } from "@/components/data/dataset-header";
import { DetectionSummary, DetectionSummarySkeleton } from "@/components/data/detection-summary";
import { FindingsList, FindingsListSkeleton } from "@/components/data/findings-list";
import { PreviewTable } from "@/components/data/preview-table";
import { ProfileSummary, ProfileSummarySkeleton } from "@/components/data/profile-summary";
import { RoleMapper, RoleMapperSkeleton } from "@/components/data/role-mapper";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useDataset } from "@/hooks/use-datasets";
import { useSelectedDataset } from "@/hooks/use-selected-dataset";
import { useTemplate } from "@/hooks/use-templates";
import { plural } from "@/lib/format";
import { ApiError } from "@/lib/errors";

function Section({ title, description, children }: { title: string; description?: string; children: React.ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        {description && <CardDescription>{description}</CardDescription>}
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

/** Step 2, one dataset: how it was read, what is wrong with it, its profile and its rows. */
export function DatasetPage() {
  const id = Number(useParams().datasetId);
  const valid = Number.isInteger(id) && id > 0;
  const dataset = useDataset(valid ? id : 0);
  const template = useTemplate(dataset.data?.template_id);
  const [, rememberDataset] = useSelectedDataset();
  const loadedId = dataset.data?.id;

  useEffect(() => {
    // The dataset looked at last is the one Training offers first.
    if (loadedId) rememberDataset(loadedId);
  }, [loadedId, rememberDataset]);

  const notFound = !valid ? new ApiError(404, "not_found", "That is not a dataset address.", "Open a dataset from the list.") : null;
  if (notFound || dataset.isError) {
    return (
      <ErrorState error={notFound ?? dataset.error} onRetry={() => dataset.refetch()}>
        <Button variant="outline" size="sm" asChild>
          <Link to="/data">All datasets</Link>
        </Button>
      </ErrorState>
    );
  }
  if (dataset.isPending) return <DatasetPageSkeleton />;

  const { profile, findings, detection } = dataset.data;
  const errors = findings.filter((finding) => finding.severity === "error").length;

  return (
    <div className="space-y-6">
      <DatasetHeader dataset={dataset.data} />
      <Section
        title="Findings"
        description={
          errors > 0
            ? `${plural(errors, "error")} to fix before training can start.`
            : findings.length > 0
              ? "Nothing blocks training; these would make the model better."
              : undefined
        }
      >
        <FindingsList datasetId={dataset.data.id} rows={profile.rows} findings={findings} />
      </Section>
      <div className="grid gap-6 lg:grid-cols-2">
        <DetectionSummary detection={detection} />
        <Section title="Column roles" description="Tell us which column is which. We guessed; change anything that is wrong.">
          <RoleMapper dataset={dataset.data} task={template?.task} />
        </Section>
      </div>
      <Section
        title="Columns used for training"
        description={
          template?.task === "tabular"
            ? "We learn from every column that can help and leave out the ones that would let the model cheat or that say nothing. Switch a column on or off to change that."
            : "This template reads only the columns it needs; the others are ignored."
        }
      >
        <ColumnChoices dataset={dataset.data} editable={template?.task === "tabular"} />
      </Section>
      <Section title="Profile" description={template ? `Checked against the ${template.name} template.` : undefined}>
        <ProfileSummary profile={profile} />
      </Section>
      <Section title="Column profile" description="Every column as read: its type, gaps, variety and a few values.">
        <ColumnsTable columns={profile.columns} roles={profile.roles} />
      </Section>
      <Section title="Preview" description="Your rows as training will see them.">
        <PreviewTable key={dataset.data.id} datasetId={dataset.data.id} />
      </Section>
    </div>
  );
}

function DatasetPageSkeleton() {
  return (
    <div className="space-y-6" role="status" aria-label="Loading dataset">
      <Skeleton className="h-4 w-28" />
      <Skeleton className="h-9 w-72 max-w-full" />
      <Section title="Findings">
        <FindingsListSkeleton />
      </Section>
      <div className="grid gap-6 lg:grid-cols-2">
        <DetectionSummarySkeleton />
        <Section title="Column roles">
          <RoleMapperSkeleton />
        </Section>
      </div>
      <Section title="Columns used for training">
        <ColumnChoicesSkeleton />
      </Section>
      <Section title="Profile">
        <ProfileSummarySkeleton />
      </Section>
    </div>
  );
}
