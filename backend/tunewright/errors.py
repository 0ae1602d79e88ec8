"""The one error model: every failure a user can see has a code, a message and a hint."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

VALIDATION_HINT = (
    "Correct the named field and send the request again (see /api/docs for the schema)."
)


class AppError(Exception):
    """An error shown to the user as `{"error": {"code", "message", "hint"}}`."""

    status_code = 400

    def __init__(
        self,
        message: str,
        *,
        hint: str,
        code: str | None = None,
        status_code: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code = code or self.default_code
        if status_code is not None:
            self.status_code = status_code
        self.details = details

    default_code = "bad_request"

    def body(self) -> dict[str, Any]:
        """The JSON body of the error response."""
        error: dict[str, Any] = {"code": self.code, "message": self.message, "hint": self.hint}
        if self.details:
            error["details"] = self.details
        return {"error": error}


class NotFoundError(AppError):
    status_code = 404
    default_code = "not_found"


class ConflictError(AppError):
    status_code = 409
    default_code = "conflict"


class PayloadTooLargeError(AppError):
    status_code = 413
    default_code = "too_large"


class InvalidInputError(AppError):
    status_code = 422
    default_code = "invalid_input"


def validation_message(errors: Sequence[Mapping[str, Any]], limit: int = 5) -> str:
    """Pydantic errors as one line naming each field: "texts: List should have at most 64..."."""
    problems = []
    for error in errors[:limit]:
        parts = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")]
        problems.append(f"{'.'.join(parts) or 'request'}: {error.get('msg', 'invalid')}")
    return "; ".join(problems)


class UnauthorizedError(AppError):
    status_code = 401
    default_code = "unauthorized"


class ForbiddenError(AppError):
    status_code = 403
    default_code = "forbidden"


class RateLimitedError(AppError):
    status_code = 429
    default_code = "rate_limited"
