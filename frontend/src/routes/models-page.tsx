import { PageHeader } from "@/components/common/page-header";
import { ModelTable } from "@/components/models/model-table";
import { RunTable } from "@/components/models/run-table";

/** `/models`: every trained model version and every run, outside the wizard. */
export function ModelsPage() {
  return (
    <div className="space-y-10">
      <PageHeader
        title="Models & runs"
        description="Every model you have trained, how it did, and the runs that made them."
      />
      <section className="space-y-4" aria-labelledby="models-heading">
        <h2 id="models-heading" className="text-lg font-semibold tracking-tight">
          Model versions
        </h2>
        <ModelTable />
      </section>
      <section className="space-y-4" aria-labelledby="all-runs-heading">
        <h2 id="all-runs-heading" className="text-lg font-semibold tracking-tight">
          Runs
        </h2>
        <RunTable />
      </section>
    </div>
  );
}
