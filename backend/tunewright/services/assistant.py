"""The assistant's database side: what a command may name, and run curves, as plain data.

The assistant library never touches the database; this module reads the candidates (datasets,
model versions, deployments, runs) and a run's curve, and hands them over.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tunewright.assistant.claude import ClaudeConfig
from tunewright.assistant.commands import CurveLoader
from tunewright.assistant.contract import (
    Candidates,
    CommandContext,
    CommandReply,
    Curve,
    CurvePoint,
    DatasetRef,
    DeploymentRef,
    Interpretation,
    ModelRef,
    RunRef,
    SettingsContext,
)
from tunewright.assistant.interpret import interpret_settings, run_command
from tunewright.db.models import Dataset, Deployment, ModelVersion, Run, RunEvent
from tunewright.services.deployments import previous_version
from tunewright.settings import Settings

LIMIT = 500  # newest of each kind; older ones are still reachable by "#id" in the UI
CURVE_POINTS = 5000


def candidates(session: Session) -> Candidates:
    """Everything a command may name, newest first."""
    datasets = session.scalars(select(Dataset).order_by(Dataset.id.desc()).limit(LIMIT))
    models = session.scalars(select(ModelVersion).order_by(ModelVersion.id.desc()).limit(LIMIT))
    deployments = session.scalars(select(Deployment).order_by(Deployment.id.desc()).limit(LIMIT))
    runs = session.scalars(select(Run).order_by(Run.id.desc()).limit(LIMIT))
    return Candidates(
        datasets=[
            DatasetRef(
                id=d.id,
                name=d.name,
                filename=d.filename,
                version=d.version,
                rows=d.rows,
                shape=d.shape,
                template_id=d.template_id,
                columns=[str(c.get("name")) for c in d.profile.get("columns") or []],
                roles=dict(d.profile.get("roles") or {}),
            )
            for d in datasets
        ],
        models=[
            ModelRef(
                id=m.id, name=m.name, version=m.version, task=m.task, template_id=m.template_id
            )
            for m in models
        ],
        deployments=[
            DeploymentRef(
                id=d.id,
                slug=d.slug,
                name=d.name,
                status=d.status,
                model_version_id=d.model_version_id,
                can_roll_back=previous_version(d) is not None,
            )
            for d in deployments
        ],
        runs=[
            RunRef(
                id=r.id,
                status=r.status,
                template_id=r.template_id,
                dataset_id=r.dataset_id,
                metrics=r.metrics,
                settings=dict((r.plan or {}).get("settings") or {}),
            )
            for r in runs
        ],
    )


def curve_loader(session: Session) -> CurveLoader:
    """A function giving a run's curve (logged steps and evaluations), or None for no such run."""

    def load(run_id: int) -> Curve | None:
        run = session.get(Run, run_id)
        if run is None:
            return None
        events = session.scalars(
            select(RunEvent)
            .where(RunEvent.run_id == run_id, RunEvent.kind.in_(("step", "eval")))
            .order_by(RunEvent.seq)
            .limit(CURVE_POINTS)
        )
        steps: list[CurvePoint] = []
        evals: list[CurvePoint] = []
        for event in events:
            if "step" not in event.payload:
                continue
            point = CurvePoint.model_validate(event.payload)
            (steps if event.kind == "step" else evals).append(point)
        return Curve(
            run_id=run.id,
            status=run.status,
            task=(run.plan or {}).get("task"),
            steps=steps,
            evals=evals,
            stopped_early=any(getattr(e, "stopping_early", False) for e in evals),
        )

    return load


def interpret(settings: Settings, sentence: str, context: SettingsContext) -> Interpretation:
    """Proposed setting changes for a sentence (Claude when configured, else the rules)."""
    return interpret_settings(sentence, context, ClaudeConfig.from_settings(settings))


def command(
    session: Session, settings: Settings, message: str, context: CommandContext
) -> CommandReply:
    """The REST action, question or answer for a command."""
    return run_command(
        message,
        context,
        candidates(session),
        ClaudeConfig.from_settings(settings),
        curve_loader(session),
    )
