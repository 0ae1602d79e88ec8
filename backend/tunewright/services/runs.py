"""Runs: plan a dataset + template, queue it, cancel, resume, and read what happened."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tunewright import base_models
from tunewright.data.selection import feature_columns, merge_choices, select_columns
from tunewright.data.types import ColumnDecision, ColumnFlag
from tunewright.db.models import Dataset, ModelVersion, Run
from tunewright.db.repositories import default_project
from tunewright.errors import ConflictError, InvalidInputError, NotFoundError
from tunewright.services.datasets import choices_of, get_dataset, require_template
from tunewright.settings import Settings
from tunewright.templates import Template
from tunewright.training import plan as planning
from tunewright.training import throughput
from tunewright.training.hardware import Hardware, probe
from tunewright.training.targets import parse_target
from tunewright.worker.queue import ACTIVE_STATES

REQUIRED_ROLES: dict[str, list[tuple[str, ...]]] = {
    "classifier": [("text", "label")],
    "tabular": [("target",)],
    "causal_lm": [("messages",), ("prompt", "response"), ("text",)],
}


def check_dataset_fits(dataset: Dataset, template: Template) -> dict[str, str]:
    """The dataset's roles if it can train this template, else a 422 that says what is missing."""
    errors = [f for f in dataset.findings if f.get("severity") == "error"]
    if errors:
        first = errors[0]
        raise InvalidInputError(
            f"The data has {len(errors)} problem(s) to fix first: {first['message']}",
            hint=first["hint"],
            code="dataset_has_errors",
        )
    roles: dict[str, str] = dict(dataset.profile.get("roles", {}))
    options = REQUIRED_ROLES[template.task]
    if not any(all(role in roles for role in option) for option in options):
        wanted = " or ".join("+".join(option) for option in options)
        raise InvalidInputError(
            f"{template.name} needs columns playing the role {wanted}; this dataset has "
            f"{', '.join(roles) or 'none'}.",
            hint="Set the column roles on the Data step, or choose a template that fits the data.",
            code="missing_roles",
        )
    return roles


def _figures(profile: dict[str, Any]) -> planning.DataFigures:
    lengths = profile.get("lengths") or {}
    tokens = lengths.get("tokens")
    if tokens is None and lengths.get("words"):  # no tokenizer: ~1.4 tokens per English word
        tokens = {k: float(v) * 1.4 for k, v in lengths["words"].items()}
    tokens = tokens or {"p50": 64.0, "p95": 128.0, "max": 256.0}
    return planning.DataFigures(
        rows=int(profile["rows"]),
        tokens_p50=float(tokens["p50"]),
        tokens_p95=float(tokens["p95"]),
        tokens_max=float(tokens["max"]),
        over_model_limit=int(lengths.get("over_limit") or 0),
        classes=len(profile.get("labels") or {}),
    )


def build_plan(
    session: Session,
    settings: Settings,
    *,
    template_id: str,
    dataset_id: int,
    preset: str,
    overrides: dict[str, Any],
    base_model: str | None = None,
    hardware: Hardware | None = None,
    columns: dict[str, list[str]] | None = None,
    success_target: str | None = None,
) -> dict[str, Any]:
    """Every setting for this dataset, template, preset and machine, each with its reason."""
    template = require_template(template_id)
    dataset = get_dataset(session, dataset_id)
    roles = check_dataset_fits(dataset, template)
    decisions = column_plan(dataset, template, roles, columns or {})
    plan = plan_for_profile(
        settings,
        template,
        dataset.profile,
        preset=preset,
        overrides=overrides,
        base_model=base_model,
        hardware=hardware,
    )
    target = _success_target(success_target, template, dataset.profile)
    return {
        "dataset_id": dataset.id,
        **plan,
        "columns": [asdict(d) for d in decisions],
        "success_target": target,
    }


def _success_target(
    text: str | None, template: Template, profile: dict[str, Any]
) -> dict[str, Any] | None:
    """The parsed target for this template's metrics, or a 422 that shows the form."""
    if not text:
        return None
    kinds: list[str] = [template.task]
    if template.task == "tabular":
        kind = profile.get("target_kind")
        kinds = [f"tabular_{kind}"] if kind else ["tabular_classification", "tabular_regression"]
    try:
        return parse_target(text, kinds).as_dict()
    except ValueError as exc:
        raise InvalidInputError(
            str(exc),
            hint="Write a metric, >= or <=, and a number, e.g. accuracy >= 0.85 or rmse <= 3000.",
            code="invalid_success_target",
            details={"field": "success_target"},
        ) from exc


def column_plan(
    dataset: Dataset, template: Template, roles: dict[str, str], columns: dict[str, list[str]]
) -> list[ColumnDecision]:
    """Each column's part in this run: the dataset's choices with the run's on top."""
    profile = dataset.profile
    names = [str(c["name"]) for c in profile.get("columns", [])]
    flags = [ColumnFlag(**f) for f in profile.get("flags") or []]
    choices = merge_choices(
        choices_of(dataset), columns.get("include", []), columns.get("exclude", [])
    )
    try:
        decisions = select_columns(names, roles, template.task, flags, choices)
    except ValueError as exc:
        raise InvalidInputError(
            str(exc),
            hint="Name columns exactly as the Data step lists them.",
            code="invalid_columns",
            details={"field": "columns"},
        ) from exc
    if template.task == "tabular" and not feature_columns(decisions):
        raise InvalidInputError(
            f"No columns are left to predict {roles.get('target')!r} from: every other column "
            "is left out.",
            hint="Use at least one column (switch it on under Columns used for training).",
            code="no_features",
            details={"field": "columns"},
        )
    return decisions


def plan_for_profile(
    settings: Settings,
    template: Template,
    profile: dict[str, Any],
    *,
    preset: str,
    overrides: dict[str, Any],
    base_model: str | None = None,
    hardware: Hardware | None = None,
) -> dict[str, Any]:
    """The plan for data with this profile (a dataset's, or a template's sample)."""
    try:
        preset_spec = template.preset(preset)
    except ValueError as exc:
        raise InvalidInputError(
            str(exc),
            hint="Use beginner, intermediate or advanced.",
            code="invalid_preset",
            details={"field": "preset"},
        ) from exc
    hw = hardware or probe()
    if template.task == "tabular":
        return _tabular_plan(
            template,
            int(profile["rows"]),
            preset_spec.id,
            overrides,
            hw,
            preset_spec.visible_settings,
        )
    hub_id = base_model or template.default_model
    allowed = [template.default_model, *template.alternative_models]
    if hub_id not in allowed:
        raise InvalidInputError(
            f"{hub_id!r} is not a base model for {template.name}.",
            hint=f"Choose one of: {', '.join(allowed)}.",
            code="invalid_base_model",
            details={"field": "base_model"},
        )
    try:
        resolved = base_models.resolve(
            hub_id,
            template.task,
            source=settings.model_source,
            hub_timeout_s=settings.hub_timeout_s,
            hf_token=settings.hf_token,
            models_dir=settings.models_dir,
        )
    except RuntimeError as exc:
        raise InvalidInputError(
            str(exc), hint=base_models.INSTALL_BUNDLED_HINT, code="no_base_model"
        ) from exc
    try:
        text_plan = planning.plan_text(
            task=template.task,
            spec=base_models.spec_for(resolved),
            data=_figures(profile),
            hw=hw,
            preset_defaults=preset_spec.defaults,
            overrides=overrides,
            budget_fraction=settings.memory_budget_fraction,
            sample_prompts=template.sample_prompts,
            speed=lambda method, threads: throughput.measured_speed(
                settings.cache_dir, throughput.SpeedKey(resolved.name, method, hw.device, threads)
            ),
        )
    except planning.PlanError as exc:
        raise InvalidInputError(
            exc.message if exc.field in exc.message else f"{exc.field} {exc.message}",
            hint=exc.hint,
            code="invalid_setting",
            details={"field": exc.field},
        ) from exc
    visible = set(preset_spec.visible_settings)
    return {
        "template_id": template.id,
        "preset": preset_spec.id,
        "task": template.task,
        "base_model": resolved.as_dict(),
        "settings": text_plan.settings.as_dict(),
        "items": [{**dataclasses.asdict(i), "visible": i.name in visible} for i in text_plan.items],
        "memory": text_plan.memory.as_dict(),
        "estimated_seconds": round(text_plan.estimated_seconds, 1),
        "estimate_basis": text_plan.estimate_basis,
        "tokens_per_step": text_plan.tokens_per_step,
        "flops_per_token": text_plan.flops_per_token,
        "train_rows": text_plan.train_rows,
        "val_rows": text_plan.val_rows,
        "total_steps": text_plan.total_steps,
        "truncation": text_plan.truncation,
        "warnings": text_plan.warnings,
        "hardware": hw.as_dict(),
    }


def _tabular_plan(
    template: Template,
    rows: int,
    preset: str,
    overrides: dict[str, Any],
    hw: Hardware,
    visible: list[str],
) -> dict[str, Any]:
    try:
        tabular = planning.plan_tabular(rows=rows, hw=hw, overrides=overrides)
    except planning.PlanError as exc:
        raise InvalidInputError(
            f"{exc.field} {exc.message}",
            hint=exc.hint,
            code="invalid_setting",
            details={"field": exc.field},
        ) from exc
    return {
        "template_id": template.id,
        "preset": preset,
        "task": "tabular",
        "base_model": {
            "name": "scikit-learn model search",
            "source": "local",
            "reason": "tables are learned from scratch by classical models",
        },
        "settings": tabular.settings,
        "items": [{**dataclasses.asdict(i), "visible": i.name in visible} for i in tabular.items],
        "memory": None,
        "estimated_seconds": tabular.estimated_seconds,
        "estimate_basis": None,
        "train_rows": tabular.train_rows,
        "val_rows": tabular.val_rows,
        "total_steps": None,
        "truncation": None,
        "warnings": [],
        "hardware": hw.as_dict(),
    }


def create_run(
    session: Session,
    settings: Settings,
    *,
    template_id: str,
    dataset_id: int,
    preset: str,
    overrides: dict[str, Any],
    base_model: str | None,
    name: str | None,
    columns: dict[str, list[str]] | None = None,
    success_target: str | None = None,
) -> Run:
    """Plan and queue a run; the worker picks it up."""
    plan = build_plan(
        session,
        settings,
        template_id=template_id,
        dataset_id=dataset_id,
        preset=preset,
        overrides=overrides,
        base_model=base_model,
        columns=columns,
        success_target=success_target,
    )
    dataset = get_dataset(session, dataset_id)
    plan["model_name"] = (name or dataset.name)[:200]
    run = Run(
        project_id=default_project(session).id,
        dataset_id=dataset_id,
        template_id=template_id,
        preset=plan["preset"],
        status="queued",
        plan=plan,
        overrides=overrides,
        base_model=plan["base_model"],
        total_steps=plan["total_steps"],
    )
    session.add(run)
    session.commit()
    session.refresh(run)
    return run


def get_run(session: Session, run_id: int) -> Run:
    """The run with this id, or a 404."""
    run = session.get(Run, run_id)
    if run is None:
        raise NotFoundError(f"Run {run_id} does not exist.", hint="Pick a run from the list.")
    return run


def log_path(run: Run) -> Path:
    """The run's log file, or a 404 that says why there is none yet."""
    path = Path(run.run_dir) / "run.log" if run.run_dir else None
    if path is None or not path.is_file():
        raise NotFoundError(
            f"Run {run.id} has no log yet.",
            hint="The log appears once the worker has started the run; try again in a moment.",
        )
    return path


def cancel_run(session: Session, run: Run) -> Run:
    """Ask a run to stop at its next step (it keeps a checkpoint); a queued run stops at once."""
    if run.status == "queued":
        run.status = "cancelled"
    elif run.status in ACTIVE_STATES:
        run.cancel_requested = True
    else:
        raise ConflictError(
            f"Run {run.id} is already {run.status}.",
            hint="Only queued or running runs can be cancelled.",
            code="not_running",
        )
    session.commit()
    session.refresh(run)
    return run


def resume_run(session: Session, run: Run) -> Run:
    """Queue an interrupted, cancelled or failed run again; it continues from its checkpoint."""
    if run.status not in ("interrupted", "cancelled", "failed"):
        raise ConflictError(
            f"Run {run.id} is {run.status}; only interrupted, cancelled or failed runs resume.",
            hint="Start a new run to train again from scratch.",
            code="not_resumable",
        )
    run.status, run.cancel_requested, run.error, run.finished_at = "queued", False, None, None
    session.commit()
    session.refresh(run)
    return run


def model_version_of(session: Session, run: Run) -> ModelVersion | None:
    """The model version a succeeded run registered."""
    return session.scalar(select(ModelVersion).where(ModelVersion.run_id == run.id))
