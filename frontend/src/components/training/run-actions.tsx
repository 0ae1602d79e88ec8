import { Loader2, Play, RotateCcw, Square } from "lucide-react";
import { Link } from "react-router";

import type { Run } from "@/client";
import { Button } from "@/components/ui/button";
import { useCancelRun, useResumeRun } from "@/hooks/use-runs";
import { isFinal, isResumable } from "@/lib/run-events";

interface RunActionsProps {
  run: Run;
  status: string;
  /** Called once the server has queued the run again. */
  onResumed: () => void;
}

/** Stop a running run (it keeps a checkpoint), resume a stopped one, or train again after a finished one. */
export function RunActions({ run, status, onResumed }: RunActionsProps) {
  const cancel = useCancelRun(run.id);
  const resume = useResumeRun(run.id);

  if (!isFinal(status)) {
    const stopping = run.cancel_requested || cancel.isPending;
    return (
      <Button variant="outline" disabled={stopping} onClick={() => cancel.mutate()}>
        {stopping ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Square aria-hidden="true" />}
        {stopping ? "Stopping at the next step…" : "Stop training"}
      </Button>
    );
  }
  if (isResumable(status)) {
    return (
      <Button disabled={resume.isPending} onClick={() => resume.mutate(undefined, { onSuccess: onResumed })}>
        {resume.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Play aria-hidden="true" />}
        Resume
      </Button>
    );
  }
  return (
    <Button variant="outline" asChild>
      <Link to={`/training?dataset=${run.dataset_id}&template=${encodeURIComponent(run.template_id)}`}>
        <RotateCcw aria-hidden="true" /> Train again
      </Link>
    </Button>
  );
}
