import { Link, useParams } from "react-router";

import { ErrorState } from "@/components/common/error-state";
import { RunView } from "@/components/training/run-view";
import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/errors";

/** Step 3, one run: `/runs/:runId` shows it live, and again after a reload. */
export function RunPage() {
  const id = Number(useParams().runId);
  if (!Number.isInteger(id) || id <= 0) {
    return (
      <ErrorState error={new ApiError(404, "not_found", "That is not a run address.", "Open a run from the list on the Training step.")}>
        <Button variant="outline" size="sm" asChild>
          <Link to="/training">Training</Link>
        </Button>
      </ErrorState>
    );
  }
  // Keyed by id: another run starts from a clean stream and cache view.
  return <RunView key={id} runId={id} />;
}
