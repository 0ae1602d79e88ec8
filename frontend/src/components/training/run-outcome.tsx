import { FlaskConical, PauseCircle } from "lucide-react";
import { Link } from "react-router";

import type { Run } from "@/client";
import { ErrorState } from "@/components/common/error-state";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useModel } from "@/hooks/use-runs";
import { ApiError } from "@/lib/errors";

import { RunVerdict, RunVerdictSkeleton } from "./run-verdict";

/** A failed run's error as the app's error type, so it shows like every other message and hint. */
function runError(run: Run): ApiError {
  const error = (run.error ?? {}) as Partial<Record<"code" | "message" | "hint", string>>;
  return new ApiError(
    0,
    error.code ?? "training_error",
    error.message ?? "Training stopped with an error.",
    error.hint ?? "Press Resume to continue from the last checkpoint.",
  );
}

/** How a finished run ended: the verdict of a success, the error and fix of a failure, or how to go on after a stop. */
export function RunOutcome({ run, status }: { run: Run; status: string }) {
  const model = useModel(status === "succeeded" ? run.model_version_id : null);

  if (status === "succeeded") {
    if (model.isError) return <ErrorState error={model.error} onRetry={() => model.refetch()} />;
    if (!model.data) return <RunVerdictSkeleton />;
    return (
      <RunVerdict
        model={model.data}
        action={
          <Button asChild>
            <Link to={`/testing?model=${model.data.id}`}>
              <FlaskConical aria-hidden="true" /> Test this model
            </Link>
          </Button>
        }
      />
    );
  }
  if (status === "failed") return <ErrorState error={runError(run)} />;
  if (status === "cancelled" || status === "interrupted") {
    return (
      <Alert>
        <PauseCircle aria-hidden="true" />
        <AlertTitle>{status === "cancelled" ? "You stopped this run." : "This run was interrupted."}</AlertTitle>
        <AlertDescription>
          <p>{run.error ? runError(run).hint : "A checkpoint was kept: press Resume to continue where it left off."}</p>
        </AlertDescription>
      </Alert>
    );
  }
  return null;
}
