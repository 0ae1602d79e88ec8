"""Dependencies injected into routes; tests override the same seams."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.requests import HTTPConnection
from sqlalchemy.orm import Session

from tunewright.db.engine import session_factory
from tunewright.services.serving import Serving
from tunewright.serving.cache import ModelCache
from tunewright.settings import Settings


def get_app_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]


def get_session(settings: SettingsDep) -> Iterator[Session]:
    """A database session per request, closed afterwards."""
    session = session_factory(settings.sqlalchemy_url)()
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]


def get_serving(request: Request) -> Serving:
    """The app's serving state: model cache, key checks, rate limits, usage, metrics."""
    serving: Serving = request.app.state.serving
    return serving


ServingDep = Annotated[Serving, Depends(get_serving)]


def get_model_cache(connection: HTTPConnection) -> ModelCache:
    """The app's one model cache (HTTPConnection: usable from HTTP and WebSocket routes)."""
    cache: ModelCache = connection.app.state.models
    return cache


ModelCacheDep = Annotated[ModelCache, Depends(get_model_cache)]
