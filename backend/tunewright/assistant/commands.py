"""From a command's slots to a reply: names looked up, then the REST action the UI would take.

Both interpreters hand their `CommandSlots` to `build_reply`, so a name Claude heard and a name
the offline rules found are looked up the same way, against the candidates the service read from
the database. A name that fits several things gets a question with the options, never a guess;
a name that fits nothing gets a reply saying what exists.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from tunewright.assistant import explain as explaining
from tunewright.assistant.claude import ClaudeConfig
from tunewright.assistant.contract import (
    Action,
    Candidates,
    ChangeRefused,
    CommandContext,
    CommandReply,
    CommandSlots,
    Curve,
    DatasetRef,
    DeploymentRef,
    InterpreterName,
    ModelRef,
    Question,
    QuestionOption,
    RunRef,
    SettingsContext,
    check_change,
    format_value,
    label,
)
from tunewright.assistant.offline import explicit_overrides
from tunewright.templates import Template, catalog

T = TypeVar("T")
CurveLoader = Callable[[int], Curve | None]
SHOWN = 8  # options in a question, names in a "what exists" reply
EXTENSIONS = re.compile(r"\.(csv|tsv|jsonl?|txt|parquet|xlsx?)$", re.IGNORECASE)
LOWER_IS_BETTER = re.compile(r"loss|perplexity|rmse|mae|error|latency", re.IGNORECASE)
FINISHED = ("succeeded", "failed", "cancelled", "interrupted")
ACTIVE = ("queued", "running", "preparing", "training", "evaluating")

COMMAND_EXAMPLES = [
    "train a classifier on reviews",
    "train a regression model on titanic to predict fare",
    "deploy the latest support bot",
    "roll back support-bot",
    "how is support-bot doing?",
    "compare runs 3 and 5",
    "download support bot as onnx",
    "explain the current curve",
    "what is perplexity?",
]


# ---- finding things by name -------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", EXTENSIONS.sub("", text.lower())).split())


@dataclass
class Lookup(Generic[T]):
    """A name looked up: one item, several (ask), close spellings (ask), or nothing."""

    found: T | None = None
    options: list[T] = field(default_factory=list)
    close: bool = False  # options are spellings near the query, not matches


def lookup(
    query: str, items: Sequence[T], names: Callable[[T], list[str]], ident: Callable[[T], int]
) -> Lookup[T]:
    """Find `query` among items by "#id", exact name, whole-word prefix, words or spelling."""
    if match := re.search(r"#\s*(\d+)", query):
        wanted = int(match[1])
        return Lookup(found=next((i for i in items if ident(i) == wanted), None))
    raw, q = query.strip().lower(), _norm(query)
    exact = [i for i in items if raw in (n.lower() for n in names(i))]
    same = [i for i in items if q and q in (_norm(n) for n in names(i))]
    # "reviews" also names "reviews_clean": a cleaned version is as likely as the original
    longer = [
        i for i in items if i not in same and any(_norm(n).startswith(q + " ") for n in names(i))
    ]
    others = [i for i in [*same, *longer] if i not in exact]
    if len(exact) == 1 and (not others or EXTENSIONS.search(raw)):
        return Lookup(found=exact[0])  # typed exactly, file extension and all
    if len(same) == 1 and not longer and not exact:
        return Lookup(found=same[0])
    if exact or same or longer:
        return Lookup(options=_unique([*exact, *same, *longer]))
    if not q:
        return Lookup()
    words = set(q.split())
    containing = [i for i in items if any(words <= set(_norm(n).split()) for n in names(i))]
    if len(containing) == 1:
        return Lookup(found=containing[0])
    if containing:
        return Lookup(options=containing)
    spelled = [(_norm(n), i) for i in items for n in names(i)]
    near = set(difflib.get_close_matches(q, [n for n, _ in spelled], n=SHOWN, cutoff=0.75))
    close = _unique([i for n, i in spelled if n in near])
    return Lookup(options=close, close=bool(close))


def _unique(items: list[T]) -> list[T]:
    return list({id(i): i for i in items}.values())


def _option_message(message: str, query: str | None, reference: str) -> str:
    """The original message with the ambiguous name replaced by an explicit reference."""
    if query and re.search(re.escape(query), message, re.IGNORECASE):
        return re.sub(re.escape(query), reference, message, count=1, flags=re.IGNORECASE)
    return f"{message} ({reference})"


def _ask(
    noun: str,
    items: Sequence[T],
    describe: Callable[[T], str],
    reference: Callable[[T], str],
    message: str,
    query: str | None,
    close: bool = False,
) -> CommandReply:
    shown = list(items)[:SHOWN]
    labels = [describe(i) for i in shown]
    if close:
        text = f"Did you mean {' or '.join(labels)}?" if len(labels) <= 3 else f"Which {noun}?"
    elif len(labels) <= 3:
        text = f"Which {noun}: {' or '.join(labels)}?"
    else:
        text = f"Which {noun} do you mean?"
    options = [
        QuestionOption(label=lab, message=_option_message(message, query, reference(i)))
        for lab, i in zip(labels, shown, strict=True)
    ]
    return CommandReply(
        interpreter="offline", reply=text, question=Question(text=text, options=options)
    )


def _missing(noun: str, query: str, existing: list[str], hint: str) -> CommandReply:
    if existing:
        listed = ", ".join(existing[:SHOWN]) + (", …" if len(existing) > SHOWN else "")
        return CommandReply(
            interpreter="offline", reply=f"There is no {noun} called “{query}”. You have: {listed}."
        )
    return CommandReply(interpreter="offline", reply=f"There is no {noun} called “{query}”. {hint}")


def _dataset_label(d: DatasetRef) -> str:
    return d.name if d.version == 1 else f"{d.name} v{d.version} (cleaned)"


def _model_label(m: ModelRef) -> str:
    return f"{m.name} v{m.version}"


def _deployment_label(d: DeploymentRef) -> str:
    return d.slug if d.slug == d.name or not d.name else f"{d.slug} ({d.name})"


def _unique_labels(
    items: Sequence[T], describe: Callable[[T], str], ident: Callable[[T], int]
) -> Callable[[T], str]:
    counts: dict[str, int] = {}
    for item in items:
        counts[describe(item)] = counts.get(describe(item), 0) + 1
    return lambda item: (
        describe(item) + (f" (#{ident(item)})" if counts[describe(item)] > 1 else "")
    )


# ---- the reply ---------------------------------------------------------------------------------


@dataclass
class Request:
    """One command being answered, with the notes collected on the way."""

    slots: CommandSlots
    message: str
    context: CommandContext
    candidates: Candidates
    claude: ClaudeConfig | None
    load_curve: CurveLoader | None
    notes: list[str] = field(default_factory=list)


def build_reply(
    slots: CommandSlots,
    message: str,
    context: CommandContext,
    candidates: Candidates,
    claude: ClaudeConfig | None = None,
    load_curve: CurveLoader | None = None,
) -> CommandReply:
    """The reply to a command: an action to confirm or open, a question, or an answer."""
    request = Request(slots, message, context, candidates, claude, load_curve)
    handler = HANDLERS[slots.kind]
    return handler(request)


def not_understood(message: str) -> CommandReply:
    """The reply when no rule matched: what works instead."""
    return CommandReply(
        interpreter="offline",
        reply=f"I didn't understand “{message.strip()}” — try “{COMMAND_EXAMPLES[0]}” or "
        f"“{COMMAND_EXAMPLES[2]}”.",
        examples=COMMAND_EXAMPLES,
    )


def _help(request: Request) -> CommandReply:
    reply = request.slots.reply or (
        "I can train, deploy, roll back, show usage, compare runs, download models and explain "
        "metrics or curves. For example:"
    )
    return CommandReply(interpreter="offline", reply=reply, examples=COMMAND_EXAMPLES)


def _find_dataset(request: Request) -> DatasetRef | CommandReply:
    datasets = request.candidates.datasets
    query = request.slots.dataset
    if query is None and request.context.dataset_id is not None:
        query = f"dataset #{request.context.dataset_id}"
    if not datasets:
        return CommandReply(
            interpreter="offline", reply="You have no datasets yet: upload one on the Data step."
        )
    describe = _unique_labels(datasets, _dataset_label, lambda d: d.id)
    if query is None:
        return _ask(
            "dataset",
            datasets,
            describe,
            lambda d: f"dataset #{d.id}",
            request.message,
            None,
        )
    found = lookup(query, datasets, lambda d: [d.name, d.filename], lambda d: d.id)
    if found.found is not None:
        return found.found
    if found.options:
        return _ask(
            "dataset",
            found.options,
            describe,
            lambda d: f"dataset #{d.id}",
            request.message,
            query,
            found.close,
        )
    return _missing(
        "dataset", query, [d.name for d in datasets], "Upload one on the Data step first."
    )


def _choose_template(request: Request, dataset: DatasetRef) -> Template | CommandReply:
    templates = catalog()
    chosen = request.slots.template_id
    if chosen is not None and chosen not in templates:
        return CommandReply(
            interpreter="offline",
            reply=f"There is no template called {chosen!r}; choose one of: {', '.join(templates)}.",
        )
    if chosen is None and (request.slots.target or dataset.shape == "tabular"):
        chosen = "tabular-predictor"
    chosen = chosen or dataset.template_id
    if chosen is None:
        fitting = [t for t in templates.values() if dataset.shape in t.accepted_shapes]
        if len(fitting) == 1:
            chosen = fitting[0].id
        else:
            options = fitting or list(templates.values())
            return _ask(
                "kind of model",
                options,
                lambda t: t.name,
                lambda t: f"with the {t.name} template",
                request.message,
                None,
            )
    return templates[chosen]


def _train(request: Request) -> CommandReply:
    dataset = _find_dataset(request)
    if isinstance(dataset, CommandReply):
        return dataset
    template = _choose_template(request, dataset)
    if isinstance(template, CommandReply):
        return template
    slots = request.slots
    overrides = _checked_overrides(request, template)
    body: dict[str, Any] = {
        "template_id": template.id,
        "dataset_id": dataset.id,
        "overrides": overrides,
    }
    if slots.name:
        body["name"] = slots.name
    settings_words = "".join(
        f", {label(name)} {format_value(value)}" for name, value in overrides.items()
    )
    train = Action(
        kind="train",
        method="POST",
        path="/api/runs",
        body=body,
        summary=f"Train a {template.name} on {dataset.name} ({dataset.rows} rows){settings_words}.",
        needs_confirmation=True,
    )
    notes = " ".join(request.notes)
    if template.task != "tabular":
        return _confirm(train, notes)
    target = slots.target
    current = dataset.roles.get("target")
    if target is None and current is None:
        columns = dataset.columns[:SHOWN]
        return CommandReply(
            interpreter="offline",
            reply=f"Which column of {dataset.name} should the model predict?",
            question=Question(
                text=f"Which column of {dataset.name} should the model predict?",
                options=[
                    QuestionOption(label=c, message=f"{request.message} to predict {c}")
                    for c in columns
                ],
            ),
        )
    if target is None or target == current:
        train.summary = train.summary[:-1] + f", predicting {current}."
        return _confirm(train, notes)
    column = next((c for c in dataset.columns if c.lower() == target.lower()), None)
    if column is None and dataset.columns:
        return CommandReply(
            interpreter="offline",
            reply=f"{dataset.name} has no column “{target}”. Its columns: "
            f"{', '.join(dataset.columns[:20])}.",
        )
    column = column or target
    if column == current:
        train.summary = train.summary[:-1] + f", predicting {column}."
        return _confirm(train, notes)
    train.summary = train.summary[:-1] + f", predicting {column}."
    set_target = Action(
        kind="set_target",
        method="PATCH",
        path=f"/api/datasets/{dataset.id}",
        body={"roles": {"target": column}},
        summary=f"Make {column} the column to predict in {dataset.name}"
        f"{f' (instead of {current})' if current else ''}, then train.",
        needs_confirmation=True,
        then=train,
    )
    return _confirm(set_target, notes)


def _checked_overrides(request: Request, template: Template) -> dict[str, Any]:
    if request.slots.overrides:
        proposed, notes = dict(request.slots.overrides), list[str]()
    else:
        # the dataset's own name ("batch_2024") must not read as a setting
        text = request.message.replace(request.slots.dataset or "\0", " ")
        proposed, notes = explicit_overrides(text, template.task)
    context = SettingsContext(step="training", task=template.task)
    checked = {}
    for name, value in proposed.items():
        try:
            checked[name] = check_change(context, name, value)
        except ChangeRefused as exc:
            notes.append(f"Left out {name}: {exc}.")
    request.notes.extend(notes)
    return checked


def _confirm(action: Action, notes: str = "") -> CommandReply:
    tail = f" {notes}" if notes else ""
    verb = "Confirm to go ahead." if action.needs_confirmation else ""
    return CommandReply(
        interpreter="offline", reply=f"{action.summary} {verb}{tail}".strip(), action=action
    )


def _find_model(request: Request) -> ModelRef | CommandReply:
    models = request.candidates.models
    slots = request.slots
    if not models:
        return CommandReply(
            interpreter="offline",
            reply="There are no trained models yet: train one on the Training step.",
        )
    query = slots.model
    if query is None and request.context.model_id is not None and not slots.latest:
        query = f"model #{request.context.model_id}"
    if query is None:
        newest = max(models, key=lambda m: m.id)
        names = list(dict.fromkeys(m.name for m in models))
        if slots.latest or len(names) == 1:
            return _version_of(request, [m for m in models if m.name == newest.name], newest.name)
        latest = [max((m for m in models if m.name == n), key=lambda m: m.version) for n in names]
        return _ask(
            "model", latest, lambda m: m.name, lambda m: f"model #{m.id}", request.message, None
        )
    if query.lower().startswith("model #"):
        found = lookup(query, models, lambda m: [m.name], lambda m: m.id)
        if found.found is None:
            return _missing("model", query, [_model_label(m) for m in models], "")
        return found.found
    groups = list(dict.fromkeys(m.name for m in models))
    found_name = lookup(query, groups, lambda n: [n], lambda n: 0)
    if found_name.found is not None:
        name = found_name.found
        return _version_of(request, [m for m in models if m.name == name], name)
    if found_name.options:
        latest = [
            max((m for m in models if m.name == n), key=lambda m: m.version)
            for n in found_name.options
        ]
        return _ask(
            "model",
            latest,
            lambda m: m.name,
            lambda m: f"model #{m.id}",
            request.message,
            query,
            found_name.close,
        )
    return _missing("model", query, groups, "")


def _version_of(request: Request, versions: list[ModelRef], name: str) -> ModelRef | CommandReply:
    wanted = request.slots.version
    if wanted is None:
        return max(versions, key=lambda m: m.version)
    found = next((m for m in versions if m.version == wanted), None)
    if found is None:
        have = ", ".join(f"v{m.version}" for m in sorted(versions, key=lambda m: m.version))
        return CommandReply(
            interpreter="offline", reply=f"{name} has no version {wanted}; it has {have}."
        )
    return found


def _find_deployment(request: Request, active_only: bool = False) -> DeploymentRef | CommandReply:
    deployments = request.candidates.deployments
    query = request.slots.deployment
    if query is None and request.context.deployment_id is not None:
        query = f"endpoint #{request.context.deployment_id}"
    if not deployments:
        return CommandReply(
            interpreter="offline", reply="Nothing is deployed yet: deploy a model first."
        )
    if query is None:
        pool = [d for d in deployments if d.status == "active"] if active_only else deployments
        if len(pool) == 1:
            return pool[0]
        return _ask(
            "endpoint",
            pool or deployments,
            _deployment_label,
            lambda d: f"endpoint #{d.id}",
            request.message,
            None,
        )
    found = lookup(query, deployments, lambda d: [d.slug, d.name], lambda d: d.id)
    if found.found is not None:
        return found.found
    if found.options:
        return _ask(
            "endpoint",
            found.options,
            _deployment_label,
            lambda d: f"endpoint #{d.id}",
            request.message,
            query,
            found.close,
        )
    return _missing("endpoint", query, [d.slug for d in deployments], "")


def _deploy(request: Request) -> CommandReply:
    model = _find_model(request)
    if isinstance(model, CommandReply):
        return model
    described = _model_label(model)
    if request.slots.deployment is not None:
        target = _find_deployment(request)
        if isinstance(target, CommandReply):
            return target
        if target.model_version_id == model.id and target.status == "active":
            return CommandReply(
                interpreter="offline", reply=f"{target.slug} already serves {described}."
            )
        return _confirm(
            Action(
                kind="switch_version",
                method="PUT",
                path=f"/api/deployments/{target.id}/version",
                body={"model_version_id": model.id},
                summary=f"Serve {described} at {target.slug} (same URL, replacing model "
                f"#{target.model_version_id}).",
                needs_confirmation=True,
            )
        )
    by_id = {m.id: m for m in request.candidates.models}
    serving = [
        d
        for d in request.candidates.deployments
        if d.status == "active"
        and (
            d.model_version_id == model.id
            or getattr(by_id.get(d.model_version_id), "name", None) == model.name
        )
    ]
    same = [d for d in serving if d.model_version_id == model.id]
    if same and not request.slots.new_endpoint:
        return CommandReply(
            interpreter="offline",
            reply=f"{described} is already deployed at {same[0].slug}.",
        )
    if serving and not request.slots.new_endpoint:
        current = serving[0]
        old = by_id.get(current.model_version_id)
        old_label = _model_label(old) if old else f"model #{current.model_version_id}"
        text = (
            f"{current.slug} serves {old_label}. Update it to {described} or create a new endpoint?"
        )
        return CommandReply(
            interpreter="offline",
            reply=text,
            question=Question(
                text=text,
                options=[
                    QuestionOption(
                        label=f"Update {current.slug} to v{model.version} (same URL)",
                        message=f"deploy model #{model.id} to endpoint #{current.id}",
                    ),
                    QuestionOption(
                        label="Create a new endpoint",
                        message=f"deploy model #{model.id} as a new endpoint",
                    ),
                ],
            ),
        )
    return _confirm(
        Action(
            kind="deploy",
            method="POST",
            path="/api/deployments",
            body={"model_version_id": model.id},
            summary=f"Deploy {described} to a new endpoint with its own URL and API key.",
            needs_confirmation=True,
        )
    )


def _rollback(request: Request) -> CommandReply:
    deployment = _find_deployment(request, active_only=True)
    if isinstance(deployment, CommandReply):
        return deployment
    if not deployment.can_roll_back:
        return CommandReply(
            interpreter="offline",
            reply=f"{deployment.slug} has only ever served one version: there is nothing to "
            "roll back to.",
        )
    return _confirm(
        Action(
            kind="rollback",
            method="POST",
            path=f"/api/deployments/{deployment.id}/rollback",
            summary=f"Roll {deployment.slug} back to the version it served before.",
            needs_confirmation=True,
        )
    )


def _undeploy(request: Request) -> CommandReply:
    deployment = _find_deployment(request, active_only=True)
    if isinstance(deployment, CommandReply):
        return deployment
    if deployment.status != "active":
        return CommandReply(interpreter="offline", reply=f"{deployment.slug} is not deployed.")
    return _confirm(
        Action(
            kind="undeploy",
            method="POST",
            path=f"/api/deployments/{deployment.id}/undeploy",
            summary=f"Stop serving {deployment.slug} (its URL answers 404 until you deploy again).",
            needs_confirmation=True,
        )
    )


def _usage(request: Request) -> CommandReply:
    deployment = _find_deployment(request, active_only=True)
    if isinstance(deployment, CommandReply):
        return deployment
    return _confirm(
        Action(
            kind="usage",
            method="GET",
            path=f"/api/deployments/{deployment.id}/usage",
            summary=f"Requests, errors and latency of {deployment.slug}.",
            needs_confirmation=False,
        )
    )


def _download(request: Request) -> CommandReply:
    model = _find_model(request)
    if isinstance(model, CommandReply):
        return model
    described = _model_label(model)
    fmt = request.slots.format
    if fmt is None:
        text = f"Which format for {described}?"
        choices = (
            ("PyTorch (Hugging Face folder)", "pytorch"),
            ("ONNX", "onnx"),
            ("ONNX int8 (smaller, faster on CPU)", "onnx int8"),
        )
        return CommandReply(
            interpreter="offline",
            reply=text,
            question=Question(
                text=text,
                options=[
                    QuestionOption(label=lab, message=f"download model #{model.id} as {word}")
                    for lab, word in choices
                ],
            ),
        )
    return _confirm(
        Action(
            kind="download",
            method="GET",
            path=f"/api/models/{model.id}/download?format={fmt}",
            summary=f"Download {described} as {fmt}.",
            needs_confirmation=False,
        )
    )


def _find_run(request: Request) -> RunRef | CommandReply:
    runs = request.candidates.runs
    run_id = request.slots.runs[0] if request.slots.runs else request.context.run_id
    if run_id is None:
        recent = ", ".join(f"#{r.id} ({r.status})" for r in runs[:SHOWN]) or "none yet"
        return CommandReply(
            interpreter="offline", reply=f"Which run? Say e.g. “run 5”. Recent runs: {recent}."
        )
    run = next((r for r in runs if r.id == run_id), None)
    if run is None:
        return CommandReply(interpreter="offline", reply=f"Run {run_id} does not exist.")
    return run


def _cancel(request: Request) -> CommandReply:
    run = _find_run(request)
    if isinstance(run, CommandReply):
        return run
    if run.status not in ACTIVE:
        return CommandReply(interpreter="offline", reply=f"Run {run.id} is already {run.status}.")
    return _confirm(
        Action(
            kind="cancel_run",
            method="POST",
            path=f"/api/runs/{run.id}/cancel",
            summary=f"Stop run {run.id} at its next step (a checkpoint is kept).",
            needs_confirmation=True,
        )
    )


def _resume(request: Request) -> CommandReply:
    run = _find_run(request)
    if isinstance(run, CommandReply):
        return run
    if run.status not in ("interrupted", "cancelled", "failed"):
        return CommandReply(
            interpreter="offline",
            reply=f"Run {run.id} is {run.status}; only interrupted, cancelled or failed runs "
            "resume.",
        )
    return _confirm(
        Action(
            kind="resume_run",
            method="POST",
            path=f"/api/runs/{run.id}/resume",
            summary=f"Resume run {run.id} from its last checkpoint.",
            needs_confirmation=True,
        )
    )


def _numbers(metrics: dict[str, Any] | None) -> dict[str, float]:
    return {
        k: float(v)
        for k, v in (metrics or {}).items()
        if isinstance(v, int | float) and not isinstance(v, bool) and k != "model_version_id"
    }


def compare_runs(a: RunRef, b: RunRef) -> dict[str, Any]:
    """Shared metrics side by side (with which run is better) and the settings that differ."""
    ma, mb = _numbers(a.metrics), _numbers(b.metrics)
    metrics = []
    for name in [k for k in ma if k in mb]:
        lower = LOWER_IS_BETTER.search(name) is not None
        better = None
        if ma[name] != mb[name]:
            better = a.id if (ma[name] < mb[name]) == lower else b.id
        metrics.append({"name": name, "a": ma[name], "b": mb[name], "better": better})
    settings = [
        {"name": k, "a": a.settings.get(k), "b": b.settings.get(k)}
        for k in dict.fromkeys([*a.settings, *b.settings])
        if a.settings.get(k) != b.settings.get(k) and k not in ("sample_prompts", "device")
    ]
    return {"runs": [a.id, b.id], "metrics": metrics, "settings": settings}


def _compare(request: Request) -> CommandReply:
    runs = request.candidates.runs
    ids = list(request.slots.runs)
    if request.slots.latest_runs or not ids:
        finished = [r for r in runs if r.status in FINISHED and r.metrics]
        ids = [r.id for r in finished[:2]] if request.slots.latest_runs else ids
    if len(ids) < 2:
        recent = ", ".join(f"#{r.id} ({r.status})" for r in runs[:SHOWN]) or "none yet"
        return CommandReply(
            interpreter="offline",
            reply=f"Which two runs? Say e.g. “compare runs 3 and 5”. Recent runs: {recent}.",
        )
    by_id = {r.id: r for r in runs}
    missing = [i for i in ids if i not in by_id]
    if missing:
        return CommandReply(
            interpreter="offline",
            reply=f"Run {missing[0]} does not exist. Recent runs: "
            f"{', '.join(f'#{r.id}' for r in runs[:SHOWN]) or 'none'}.",
        )
    a, b = by_id[ids[0]], by_id[ids[1]]
    data = compare_runs(a, b)
    if not data["metrics"]:
        text = f"Runs {a.id} and {b.id} have no metrics in common yet ({a.status}, {b.status})."
    else:
        parts = []
        for row in data["metrics"][:6]:
            winner = f" (run {row['better']} better)" if row["better"] else ""
            parts.append(f"{label(row['name'])} {row['a']:.4g} vs {row['b']:.4g}{winner}")
        text = f"Run {a.id} vs run {b.id}: " + "; ".join(parts) + "."
    if data["settings"]:
        changed = ", ".join(
            f"{label(s['name'])} {format_value(s['a'])} → {format_value(s['b'])}"
            for s in data["settings"][:6]
        )
        text += f" Settings that differ: {changed}."
    return CommandReply(interpreter="offline", reply=text, data=data)


def _explain(request: Request) -> CommandReply:
    topic = request.slots.topic
    run_id = request.slots.runs[0] if request.slots.runs else request.context.run_id
    if topic is None and run_id is not None:
        topic = "curve"
    curve = None
    if topic == "curve" and run_id is not None and request.load_curve is not None:
        curve = request.load_curve(run_id)
        if curve is None:
            return CommandReply(interpreter="offline", reply=f"Run {run_id} does not exist.")
    found = explaining.explain(topic, curve, request.claude)
    return CommandReply(
        interpreter="claude" if found.by_claude else "offline",
        notice=found.notice,
        reply=found.text,
    )


def _list(request: Request) -> CommandReply:
    c = request.candidates
    listing = request.slots.listing or "datasets"
    names: list[str] = {
        "datasets": [f"{d.name} (#{d.id}, {d.rows} rows)" for d in c.datasets],
        "models": [f"{_model_label(m)} (#{m.id})" for m in c.models],
        "deployments": [f"{d.slug} ({d.status})" for d in c.deployments],
        "runs": [f"#{r.id} {r.status}" for r in c.runs],
    }[listing]
    if not names:
        return CommandReply(interpreter="offline", reply=f"You have no {listing} yet.")
    more = f" and {len(names) - SHOWN} more" if len(names) > SHOWN else ""
    return CommandReply(
        interpreter="offline", reply=f"Your {listing}: {', '.join(names[:SHOWN])}{more}."
    )


HANDLERS: dict[str, Callable[[Request], CommandReply]] = {
    "train": _train,
    "deploy": _deploy,
    "rollback": _rollback,
    "undeploy": _undeploy,
    "usage": _usage,
    "compare": _compare,
    "download": _download,
    "explain": _explain,
    "cancel_run": _cancel,
    "resume_run": _resume,
    "list": _list,
    "help": _help,
}


def with_interpreter(
    reply: CommandReply, interpreter: InterpreterName, notice: str | None
) -> CommandReply:
    """The reply marked with who interpreted the command (an explanation keeps its own)."""
    if reply.interpreter == "offline":
        reply.interpreter = interpreter
    reply.notice = " ".join(n for n in (notice, reply.notice) if n) or None
    return reply
