import { AlertCircle, RotateCw } from "lucide-react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describeError, isRetryable } from "@/lib/errors";

interface ErrorStateProps extends React.ComponentProps<typeof Alert> {
  error: unknown;
  onRetry?: () => void;
}

/** An inline error with the server's message and suggested fix, where content would have been. */
export function ErrorState({ error, onRetry, children, ...props }: ErrorStateProps) {
  const { title, hint } = describeError(error);
  const retry = onRetry && isRetryable(error) ? onRetry : undefined;
  return (
    <Alert variant="destructive" {...props}>
      <AlertCircle aria-hidden="true" />
      <AlertTitle>{title}</AlertTitle>
      <AlertDescription>
        {hint && <p>{hint}</p>}
        {(retry || children) && (
          <div className="mt-2 flex flex-wrap gap-2">
            {retry && (
              <Button variant="outline" size="sm" onClick={retry}>
                <RotateCw aria-hidden="true" />
                Try again
              </Button>
            )}
            {children}
          </div>
        )}
      </AlertDescription>
    </Alert>
  );
}
