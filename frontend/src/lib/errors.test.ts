import { describe, expect, it } from "vitest";

import { ApiError, describeError } from "./errors";

describe("ApiError", () => {
  it("test_from_reads_the_api_error_body", () => {
    const error = ApiError.from(413, { error: { code: "too_large", message: "Too big.", hint: "Upload less." } });
    expect(error).toMatchObject({ status: 413, code: "too_large", message: "Too big.", hint: "Upload less." });
  });

  it("test_from_reads_the_blamed_field", () => {
    const error = ApiError.from(422, {
      error: { code: "invalid_setting", message: "epochs must be between 0.05 and 100; got 0", hint: "Choose 0.05 to 100.", details: { field: "epochs" } },
    });
    expect(error).toMatchObject({ status: 422, code: "invalid_setting", field: "epochs" });
  });

  it("test_from_reads_fastapi_validation_errors", () => {
    const error = ApiError.from(422, { detail: [{ loc: ["body", "ops"], msg: "List should have at least 1 item" }] });
    expect(error.message).toBe("The request was not accepted: ops: List should have at least 1 item.");
    expect(error.hint).not.toBe("");
  });

  it("test_from_unknown_body_still_has_message_and_hint", () => {
    const error = ApiError.from(502, null);
    expect(error.message).toContain("HTTP 502");
    expect(error.hint).not.toBe("");
  });

  it("test_describe_network_failure_says_how_to_fix_it", () => {
    expect(describeError(new TypeError("Failed to fetch"))).toEqual({
      title: "Cannot reach the Tunewright server.",
      hint: "Check that `tunewright serve` is running, then try again.",
    });
  });
});
