/** Every failure a user can see, as the API's `{error: {code, message, hint}}`. */
export class ApiError extends Error {
  readonly code: string;
  readonly hint: string;
  readonly status: number;
  /** The request field the server blamed (`details.field`), when it named one. */
  readonly field: string | undefined;

  constructor(status: number, code: string, message: string, hint: string, field?: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.hint = hint;
    this.field = field;
  }

  /** Build an ApiError from a failed response's status and parsed body, whatever its shape. */
  static from(status: number, body: unknown): ApiError {
    const error = (
      body as { error?: Partial<Record<"code" | "message" | "hint" | "details", unknown>> } | null
    )?.error;
    if (error && typeof error.message === "string") {
      const field = (error.details as { field?: unknown } | null | undefined)?.field;
      return new ApiError(
        status,
        typeof error.code === "string" ? error.code : "error",
        error.message,
        typeof error.hint === "string" ? error.hint : "",
        typeof field === "string" ? field : undefined,
      );
    }
    // FastAPI's own request validation errors: {detail: [{msg, loc}]} or {detail: "..."}.
    const detail = (body as { detail?: unknown } | null)?.detail;
    if (Array.isArray(detail) && detail.length > 0) {
      const first = detail[0] as { msg?: string; loc?: unknown[] };
      const where = Array.isArray(first.loc) ? first.loc.slice(1).join(".") : "";
      return new ApiError(
        status,
        "invalid_request",
        `The request was not accepted: ${where ? `${where}: ` : ""}${first.msg ?? "invalid value"}.`,
        "Reload the page and try again; if it keeps happening, report it with the steps you took.",
      );
    }
    if (typeof detail === "string") {
      return new ApiError(status, "error", detail, "Reload the page and try again.");
    }
    return new ApiError(
      status,
      "http_error",
      `The server answered with an unexpected error (HTTP ${status}).`,
      "Try again in a moment; if it keeps happening, check the server log.",
    );
  }
}

/** Whether asking again can help: not for a 4xx, whose answer will not change. */
export function isRetryable(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status >= 500;
}

export interface ErrorDescription {
  title: string;
  hint: string;
}

/** The message and suggested fix to show for any thrown value. */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof ApiError) return { title: error.message, hint: error.hint };
  if (error instanceof TypeError) {
    // fetch rejects with a TypeError when the server cannot be reached at all.
    return {
      title: "Cannot reach the Tunewright server.",
      hint: "Check that `tunewright serve` is running, then try again.",
    };
  }
  if (error instanceof Error) {
    return { title: error.message, hint: "Try again; if it keeps happening, reload the page." };
  }
  return { title: "Something went wrong.", hint: "Try again; if it keeps happening, reload the page." };
}
