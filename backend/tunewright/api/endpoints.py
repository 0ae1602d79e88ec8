"""The public endpoint of a deployment: `POST /v1/endpoints/{slug}/predict` with a Bearer key.

Every answer — success or failure — is accounted: usage row (status, latency, sizes, tokens,
no bodies), Prometheus counters, and for successes a drift sample of input and output.
"""

from __future__ import annotations

import json
import time
from typing import Any

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from tunewright.api.deps import ServingDep
from tunewright.errors import (
    AppError,
    InvalidInputError,
    PayloadTooLargeError,
    RateLimitedError,
    validation_message,
)
from tunewright.schemas.common import ERROR_RESPONSES
from tunewright.services.deployments import Caller
from tunewright.services.usage import UsageRecord
from tunewright.serving.types import INPUT_FOR_TASK

router = APIRouter(prefix="/v1/endpoints", tags=["endpoints"])

MAX_BODY_BYTES = 2 * 1024 * 1024


def _parse(raw: bytes, caller: Caller) -> Any:
    try:
        payload = json.loads(raw or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInputError(
            f"The request body is not valid JSON ({exc}).",
            hint="Send a JSON object with Content-Type: application/json.",
            code="malformed_json",
        ) from None
    schema = INPUT_FOR_TASK[caller.task]
    try:
        return schema.model_validate(payload)
    except ValidationError as exc:
        raise InvalidInputError(
            validation_message(exc.errors()),
            hint=f"This endpoint serves a {caller.task} model; see the example body on the "
            "deployment's page (or the snippets returned when it was deployed).",
            code="invalid_input",
        ) from None


@router.post(
    "/{slug}/predict",
    responses={**ERROR_RESPONSES, 401: {}, 403: {}, 429: {}},
    summary="Call a deployed model",
)
async def predict(
    slug: str,
    request: Request,
    serving: ServingDep,
    authorization: str | None = Header(default=None),
) -> JSONResponse:
    """Answer one request with the deployed model version (body depends on the model kind)."""
    started = time.perf_counter()
    caller: Caller | None = None
    deployment_id: int | None = None
    data: Any = None
    outputs: dict[str, Any] | None = None
    tokens, raw = 0, b""
    headers: dict[str, str] = {}
    try:
        declared = int(request.headers.get("content-length") or 0)
        if declared > MAX_BODY_BYTES:
            raise PayloadTooLargeError(
                f"The request body is {declared} bytes; the limit is {MAX_BODY_BYTES}.",
                hint="Send fewer texts or rows per request.",
            )
        caller = await run_in_threadpool(serving.auth.authenticate, slug, authorization)
        deployment_id = caller.deployment_id
        wait = serving.limiter.acquire(caller.key_id, caller.rate_limit_per_minute)
        if wait is not None:
            headers["Retry-After"] = str(max(1, round(wait)))
            raise RateLimitedError(
                f"Too many requests: this key may send {caller.rate_limit_per_minute} per minute.",
                hint=f"Wait {headers['Retry-After']} s, or ask for a higher limit.",
            )
        raw = await request.body()
        if len(raw) > MAX_BODY_BYTES:
            raise PayloadTooLargeError(
                f"The request body is {len(raw)} bytes; the limit is {MAX_BODY_BYTES}.",
                hint="Send fewer texts or rows per request.",
            )
        data = _parse(raw, caller)
        predictor = await run_in_threadpool(serving.predictor_for, caller)
        prediction = await run_in_threadpool(predictor.predict, data)  # InputError → 422
        tokens, outputs = prediction.tokens, prediction.body
        # which version answered: rollbacks are visible to callers without a body change
        response = JSONResponse(outputs, headers={"X-Model-Version": str(caller.model_version_id)})
    except AppError as exc:
        deployment_id = deployment_id or getattr(exc, "deployment_id", None)
        response = JSONResponse(exc.body(), exc.status_code, headers=headers)
        if exc.status_code == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
    elapsed = time.perf_counter() - started
    serving.metrics.observe(
        caller.slug if caller else "unknown", response.status_code, elapsed, tokens
    )
    if deployment_id is not None:
        serving.usage.record(
            UsageRecord(
                deployment_id=deployment_id,
                api_key_id=caller.key_id if caller else None,
                model_version_id=caller.model_version_id if caller else None,
                status_code=response.status_code,
                latency_ms=elapsed * 1000,
                request_bytes=len(raw),
                response_bytes=len(response.body),
                tokens=tokens,
                error_code=None if response.status_code < 400 else _code(response),
                inputs=data.model_dump() if outputs is not None else None,
                outputs=outputs,
            )
        )
    return response


def _code(response: JSONResponse) -> str | None:
    try:
        return str(json.loads(bytes(response.body))["error"]["code"])
    except (KeyError, ValueError, TypeError):
        return None
