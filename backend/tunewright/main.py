"""The app factory: routers under /api, the built SPA at /, one error model, request logs."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tunewright import __version__
from tunewright.api import (
    assistant,
    datasets,
    deployments,
    endpoints,
    exports,
    health,
    metrics,
    models,
    predict,
    runs,
    templates,
)
from tunewright.db.engine import session_scope
from tunewright.errors import VALIDATION_HINT, AppError, validation_message
from tunewright.logs import configure_logging, request_id_var
from tunewright.services.datasets import sweep_leftovers
from tunewright.services.serving import Serving
from tunewright.settings import Settings, get_settings

log = logging.getLogger("tunewright.http")

API_PREFIXES = ("/api/", "/v1/", "/metrics")


class RequestLogMiddleware:
    """Give every request an id (X-Request-ID) and log method, path, status and latency."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        request_id = headers.get(b"x-request-id", b"").decode()[:64] or uuid.uuid4().hex[:16]
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "latency_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            request_id_var.reset(token)


def _error(status: int, code: str, message: str, hint: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "hint": hint}}, status)


def install_error_handlers(app: FastAPI) -> None:
    """Answer every failure with `{"error": {"code", "message", "hint"}}`."""

    @app.exception_handler(AppError)
    async def app_error(_: Request, exc: AppError) -> JSONResponse:
        return JSONResponse(exc.body(), exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, "invalid_input", validation_message(exc.errors()), VALIDATION_HINT)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return _error(
                404,
                "not_found",
                f"There is no {request.method} {request.url.path}.",
                "Check the address; the API is listed at /api/docs.",
            )
        if exc.status_code == 405:
            return _error(405, "method_not_allowed", str(exc.detail), "See /api/docs.")
        return _error(exc.status_code, "http_error", str(exc.detail), "See /api/docs.")

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", exc_info=exc)
        return _error(
            500,
            "internal_error",
            "Something went wrong on our side.",
            f"Try again; if it persists, see the server log (request {request_id_var.get()}).",
        )


def mount_spa(app: FastAPI, spa_dir: Path) -> None:
    """Serve the built frontend at / with index.html for every client-side route."""
    assets = spa_dir / "assets"
    if assets.is_dir():
        app.mount("/assets", StaticFiles(directory=assets), name="assets")

    @app.get("/{path:path}", include_in_schema=False, response_model=None)
    async def spa(path: str) -> Response:
        if f"/{path}".startswith(API_PREFIXES) or path in ("api", "v1"):
            raise StarletteHTTPException(404)
        file = (spa_dir / path).resolve()
        if path and file.is_file() and file.is_relative_to(spa_dir.resolve()):
            return FileResponse(file)
        index = spa_dir / "index.html"
        if index.is_file():
            return FileResponse(index, headers={"Cache-Control": "no-cache"})
        return HTMLResponse(
            "<h1>Tunewright API is running</h1><p>The web app is not built yet: run "
            "<code>make run</code> (or <code>npm run build</code>) and reload.</p>"
            '<p>API docs: <a href="/api/docs">/api/docs</a></p>',
            status_code=503,
        )


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application (the database must already be migrated)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        settings.uploads_dir.mkdir(parents=True, exist_ok=True)
        with session_scope(settings.sqlalchemy_url) as session:
            removed = sweep_leftovers(session, settings)
        if removed:
            log.info("removed leftovers of interrupted uploads", extra={"folders": removed})
        serving.start()
        try:
            yield
        finally:
            serving.stop()  # pending usage records are written before the process exits

    app = FastAPI(
        title="Tunewright",
        version=__version__,
        summary="Fine-tune, test, deploy and export models from your own data.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.add_middleware(RequestLogMiddleware)
    install_error_handlers(app)
    serving = Serving(settings)
    app.state.serving = serving
    app.state.models = serving.models  # one cache (LRU within SERVING_MEMORY_MB) for all routes
    for router in (
        health.router,
        templates.router,
        datasets.router,
        runs.router,
        models.router,
        exports.router,
        predict.router,
        assistant.router,
        deployments.router,
    ):
        app.include_router(router, prefix="/api")
    app.include_router(endpoints.router)  # /v1/endpoints/{slug}/predict
    app.include_router(metrics.router)  # /metrics
    mount_spa(app, settings.spa_dir)
    return app


def app_from_env() -> FastAPI:
    """Entry point for `uvicorn --factory tunewright.main:app_from_env` (used by `make dev`)."""
    settings = get_settings()
    configure_logging(settings.log_format or "console", settings.log_level)
    return create_app(settings)
