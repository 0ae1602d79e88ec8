import { Link, useParams } from "react-router";

import { ErrorState } from "@/components/common/error-state";
import { ModelDetail } from "@/components/models/model-detail";
import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/errors";

/** `/models/:modelId`: one model version's record. */
export function ModelPage() {
  const id = Number(useParams().modelId);
  if (!Number.isInteger(id) || id <= 0) {
    return (
      <ErrorState error={new ApiError(404, "not_found", "That is not a model address.", "Open a model from the Models & runs list.")}>
        <Button variant="outline" size="sm" asChild>
          <Link to="/models">Models & runs</Link>
        </Button>
      </ErrorState>
    );
  }
  return <ModelDetail key={id} id={id} />;
}
