"""Deployments: a stable URL per deployment, the model version behind it, its API keys.

A key is shown once and only its SHA-256 is stored (keys are 256 random bits, so a slow hash
adds nothing). The URL never changes: deploying a newer version or rolling back swaps the
version behind it and appends to the deployment's history.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tunewright.db.models import ApiKey, Deployment, ModelVersion, utcnow
from tunewright.errors import (
    AppError,
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    UnauthorizedError,
)
from tunewright.templates import get_template

KEY_PREFIX = "tw_"
SHOWN_PREFIX_CHARS = 10  # "tw_" + 7 characters: enough to tell keys apart in the UI
AUTH_CACHE_S = 5.0  # a revoked key stops working here at once, elsewhere within this


def hash_key(plain: str) -> str:
    """The stored form of an API key."""
    return hashlib.sha256(plain.encode()).hexdigest()


def _slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60]
    return slug or "model"


def _unique_slug(session: Session, name: str) -> str:
    base = _slugify(name)
    taken = set(session.scalars(select(Deployment.slug).where(Deployment.slug.like(f"{base}%"))))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, 10_000) if f"{base}-{n}" not in taken)


def get_deployment(session: Session, deployment_id: int) -> Deployment:
    """The deployment with this id, or a 404."""
    deployment = session.get(Deployment, deployment_id)
    if deployment is None:
        raise NotFoundError(
            f"Deployment {deployment_id} does not exist.", hint="Pick one from the list."
        )
    return deployment


def get_version(session: Session, model_version_id: int) -> ModelVersion:
    """The model version to deploy, or a 404 naming the field."""
    version = session.get(ModelVersion, model_version_id)
    if version is None:
        raise NotFoundError(
            f"Model {model_version_id} does not exist.",
            hint="Choose model_version_id from GET /api/models.",
            details={"field": "model_version_id"},
        )
    return version


def add_key(session: Session, deployment: Deployment, name: str = "default") -> tuple[ApiKey, str]:
    """A new key for `deployment`; the plain key is returned once and never stored."""
    plain = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        deployment_id=deployment.id,
        name=name,
        prefix=plain[:SHOWN_PREFIX_CHARS],
        key_hash=hash_key(plain),
    )
    session.add(key)
    return key, plain


def create_deployment(
    session: Session,
    *,
    model_version_id: int,
    name: str | None,
    rate_limit_per_minute: int,
) -> tuple[Deployment, str]:
    """Deploy a model version behind a new slug with one API key (returned in plain once)."""
    version = get_version(session, model_version_id)
    deployment = Deployment(
        project_id=version.project_id,
        model_version_id=version.id,
        slug=_unique_slug(session, name or version.name),
        name=name or f"{version.name} v{version.version}",
        status="active",
        history=[{"model_version_id": version.id, "at": utcnow().isoformat()}],
        rate_limit_per_minute=rate_limit_per_minute,
    )
    session.add(deployment)
    session.flush()
    _, plain = add_key(session, deployment)
    session.commit()
    return deployment, plain


def switch_version(session: Session, deployment: Deployment, model_version_id: int) -> Deployment:
    """Serve another version (newer, or an earlier one to roll back) at the same URL."""
    version = get_version(session, model_version_id)
    current = session.get(ModelVersion, deployment.model_version_id)
    if current is not None and version.task != current.task:
        raise InvalidInputError(
            f"{version.name} v{version.version} is a {version.task} model; this endpoint serves "
            f"{current.task} requests.",
            hint="Deploy it as a new endpoint instead, so existing callers keep working.",
            code="task_mismatch",
            details={"field": "model_version_id"},
        )
    deployment.model_version_id = version.id
    deployment.status = "active"
    deployment.engine = None  # chosen again when the new version is warmed up
    deployment.history = [
        *deployment.history,
        {"model_version_id": version.id, "at": utcnow().isoformat()},
    ]
    session.commit()
    return deployment


def previous_version(deployment: Deployment) -> int | None:
    """The latest version this deployment served other than the current one, if any."""
    previous = [
        h["model_version_id"]
        for h in deployment.history or []
        if h["model_version_id"] != deployment.model_version_id
    ]
    return previous[-1] if previous else None


def rollback(session: Session, deployment: Deployment) -> Deployment:
    """Serve the version that was live before the current one."""
    previous = previous_version(deployment)
    if previous is None:
        raise ConflictError(
            "This deployment has never served another version, so there is nothing to roll "
            "back to.",
            hint="Deploy another model version to it first.",
            code="nothing_to_roll_back",
        )
    return switch_version(session, deployment, previous)


def undeploy(session: Session, deployment: Deployment) -> Deployment:
    """Stop serving; the URL answers 404 until a version is deployed again."""
    deployment.status = "undeployed"
    session.commit()
    return deployment


def delete_deployment(session: Session, deployment: Deployment) -> None:
    """Remove an undeployed endpoint with its keys and usage (a live one is refused)."""
    if deployment.status == "active":
        raise ConflictError(
            f"The endpoint {deployment.slug!r} is live.",
            hint=f"Undeploy it first (POST /api/deployments/{deployment.id}/undeploy).",
            code="deployment_active",
        )
    session.delete(deployment)
    session.commit()


def revoke_key(session: Session, deployment: Deployment, key_id: int) -> ApiKey:
    """Revoke one key of this deployment (callers using it get 403 from now on)."""
    key = session.get(ApiKey, key_id)
    if key is None or key.deployment_id != deployment.id:
        raise NotFoundError(
            f"Key {key_id} does not belong to deployment {deployment.id}.",
            hint="List the deployment's keys with GET /api/deployments/{id}.",
        )
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.commit()
    return key


def keys_of(session: Session, deployment: Deployment) -> list[ApiKey]:
    """The deployment's keys, oldest first."""
    return list(
        session.scalars(
            select(ApiKey).where(ApiKey.deployment_id == deployment.id).order_by(ApiKey.id)
        )
    )


def snippets(url: str, key: str) -> dict[str, str]:
    """Ready-to-paste calls of the endpoint (curl, Python, JavaScript)."""
    return {
        "curl": (
            f"curl -X POST {url} \\\n"
            f'  -H "Authorization: Bearer {key}" \\\n'
            f'  -H "Content-Type: application/json" \\\n'
            f"  -d @request.json"
        ),
        "python": (
            "import requests\n\n"
            f'response = requests.post(\n    "{url}",\n'
            f'    headers={{"Authorization": "Bearer {key}"}},\n'
            "    json=payload,  # see the example body for this model\n"
            "    timeout=60,\n)\nresponse.raise_for_status()\nprint(response.json())"
        ),
        "javascript": (
            f'const response = await fetch("{url}", {{\n  method: "POST",\n'
            f'  headers: {{ Authorization: "Bearer {key}", "Content-Type": "application/json" }},\n'
            "  body: JSON.stringify(payload), // see the example body for this model\n});\n"
            "if (!response.ok) throw new Error((await response.json()).error.message);\n"
            "console.log(await response.json());"
        ),
    }


@dataclass(frozen=True)
class Caller:
    """Who is calling a public endpoint, and what it serves (resolved from the key)."""

    deployment_id: int
    slug: str
    key_id: int
    model_version_id: int
    artifact_path: str
    task: str
    engine: str | None
    rate_limit_per_minute: int


class Authenticator:
    """Resolves `Authorization: Bearer <key>` for a slug, with a short in-process cache.

    The cache keeps the hot path off the database; changes made through this process
    (revoke, rollback, undeploy) clear it at once, other processes see them within
    AUTH_CACHE_S.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        self._cache: dict[tuple[str, str], tuple[float, Caller | AppError]] = {}
        self._lock = threading.Lock()

    def clear(self) -> None:
        """Forget every cached answer (after a deployment or key changed)."""
        with self._lock:
            self._cache.clear()

    def authenticate(self, slug: str, authorization: str | None) -> Caller:
        """The caller behind this header for this slug, or a 401/403/404 with a hint."""
        plain = _bearer(authorization)
        cache_key = (slug, hash_key(plain))
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(cache_key)
        if hit is None or now - hit[0] > AUTH_CACHE_S:
            try:
                with self.sessions() as session:
                    answer: Caller | AppError = _resolve(session, slug, cache_key[1])
            except AppError as exc:
                answer = exc
            with self._lock:
                self._cache[cache_key] = (now, answer)
        else:
            answer = hit[1]
        if isinstance(answer, AppError):
            raise answer
        return answer


def _bearer(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise UnauthorizedError(
            "This endpoint needs an API key.",
            hint="Send the header 'Authorization: Bearer <your key>' (the key shown when you "
            "deployed; create another on the deployment's page).",
            code="missing_api_key",
        )
    return token.strip()


def _resolve(session: Session, slug: str, key_hash: str) -> Caller:
    deployment = session.scalar(select(Deployment).where(Deployment.slug == slug))
    if deployment is None or deployment.status != "active":
        raise NotFoundError(
            f"There is no live endpoint called {slug!r}.",
            hint="Check the URL on the deployment's page; an undeployed endpoint answers again "
            "once a version is deployed to it.",
            code="no_such_endpoint",
        )
    try:
        return _check_key(session, deployment, key_hash)
    except AppError as exc:
        exc.deployment_id = deployment.id  # type: ignore[attr-defined]  # usage still counts it
        raise


def _check_key(session: Session, deployment: Deployment, key_hash: str) -> Caller:
    key = session.scalar(select(ApiKey).where(ApiKey.key_hash == key_hash))
    if key is None:
        raise UnauthorizedError(
            "This API key is not valid.",
            hint="Copy the key again from when you deployed, or create a new one.",
            code="invalid_api_key",
        )
    if key.deployment_id != deployment.id:
        raise ForbiddenError(
            "This API key belongs to another endpoint.",
            hint="Use a key created for this deployment.",
            code="wrong_api_key",
        )
    if key.revoked_at is not None:
        raise ForbiddenError(
            "This API key was revoked.",
            hint="Create a new key on the deployment's page.",
            code="revoked_api_key",
        )
    version = session.get(ModelVersion, deployment.model_version_id)
    if version is None:  # pragma: no cover - RESTRICT keeps a deployed version alive
        raise NotFoundError("The deployed model is gone.", hint="Deploy a version again.")
    return Caller(
        deployment_id=deployment.id,
        slug=deployment.slug,
        key_id=key.id,
        model_version_id=version.id,
        artifact_path=version.artifact_path,
        task=version.task,
        engine=deployment.engine,
        rate_limit_per_minute=deployment.rate_limit_per_minute,
    )


def example_body(version: ModelVersion) -> dict[str, Any]:
    """A request body this model answers, for the snippets and the docs."""
    if version.task == "tabular":
        metadata = Path(version.artifact_path) / "metadata.json"
        row = json.loads(metadata.read_text()).get("example_input") if metadata.exists() else None
        return {"rows": [row or {}]}
    if version.task == "classifier":
        return {"texts": ["The parcel arrived broken and nobody answers my emails."]}
    prompts = get_template(version.template_id).sample_prompts
    return {"prompt": prompts[0] if prompts else "Hello!", "max_new_tokens": 64}


def public_view(deployment: Deployment, keys: list[ApiKey], base_url: str) -> dict[str, Any]:
    """The API view of a deployment with its URL and keys (never their hashes)."""
    return {
        "id": deployment.id,
        "slug": deployment.slug,
        "name": deployment.name,
        "status": deployment.status,
        "url": f"{base_url.rstrip('/')}/v1/endpoints/{deployment.slug}/predict",
        "model_version_id": deployment.model_version_id,
        "engine": deployment.engine,
        "history": deployment.history,
        "rate_limit_per_minute": deployment.rate_limit_per_minute,
        "created_at": deployment.created_at,
        "updated_at": deployment.updated_at,
        "keys": keys,
    }
