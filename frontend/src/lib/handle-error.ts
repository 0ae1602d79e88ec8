import { toast } from "sonner";

import { describeError } from "@/lib/errors";

/** The one place API errors reach the user: a toast with the message and the suggested fix. */
export function handleError(error: unknown): void {
  const { title, hint } = describeError(error);
  toast.error(title, { description: hint || undefined });
}
