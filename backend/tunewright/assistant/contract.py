"""The assistant's contract: what a sentence may change, and which REST action a command becomes.

Both interpreters (the offline rules and Claude) answer in these shapes, and every proposed value
goes through `check_change` — the plan's `Rule`s for training settings, `GenerateInput`'s field
constraints for generation settings — so nothing unknown or out of range ever reaches the user.
The assistant only proposes: the UI applies a change or an action through the normal API after
the user confirms it.
"""

from __future__ import annotations

import math
from dataclasses import fields
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tunewright.serving.types import GenerateInput
from tunewright.templates import catalog
from tunewright.training.plan import TABULAR_RULES, TEXT_RULES, PlanError, Rule
from tunewright.training.settings import TextTrainSettings

Step = Literal["training", "testing"]
Task = Literal["causal_lm", "classifier", "tabular"]
InterpreterName = Literal["offline", "claude"]
ExportFormat = Literal["pytorch", "onnx", "onnx-int8"]
CommandKind = Literal[
    "train",
    "deploy",
    "rollback",
    "undeploy",
    "usage",
    "compare",
    "download",
    "explain",
    "cancel_run",
    "resume_run",
    "list",
    "help",
]
ActionKind = Literal[
    "train",
    "set_target",
    "deploy",
    "switch_version",
    "rollback",
    "undeploy",
    "usage",
    "download",
    "cancel_run",
    "resume_run",
]
Listing = Literal["datasets", "models", "deployments", "runs"]

GENERATION_SETTINGS = ("temperature", "top_p", "top_k", "max_new_tokens", "repetition_penalty")
BASE_MODEL = "base_model"  # not a plan override: the `base_model` field of the plan request
TABULAR_DEFAULTS: dict[str, Any] = {
    "time_budget_s": 60.0,
    "test_size": 0.2,
    "cv_folds": 5,
    "seed": 42,
}


# ---- settings ------------------------------------------------------------------------------


class SettingsContext(BaseModel):
    """Where the sentence was typed, and the current values it may change."""

    model_config = ConfigDict(extra="forbid")

    step: Step
    task: Task | None = None  # None: a language model (the settings of a causal LM or classifier)
    template_id: str | None = None  # training: lets "use the small model" pick a base model
    settings: dict[str, Any] = Field(default_factory=dict)  # plan or generation settings


class Change(BaseModel):
    """One proposed change: the setting, its value now and after, and why."""

    setting: str
    old: Any
    new: Any
    reason: str


class Interpretation(BaseModel):
    """What a sentence would change; the user confirms before anything is applied."""

    interpreter: InterpreterName
    notice: str | None = None  # e.g. why Claude's answer was not used
    changes: list[Change]
    message: str
    examples: list[str] | None = None  # phrasings that work, when the sentence was not understood


class ChangeRefused(ValueError):
    """A proposed value the rules do not allow; the message names the setting and the range."""


def _generation_rule(name: str) -> tuple[Rule, bool]:
    """A Rule mirroring GenerateInput's constraints on `name`, and whether its low is exclusive."""
    info = GenerateInput.model_fields[name]
    low = high = None
    exclusive = False
    for item in info.metadata:
        if getattr(item, "ge", None) is not None:
            low = item.ge
        if getattr(item, "gt", None) is not None:
            low, exclusive = item.gt, True
        if getattr(item, "le", None) is not None:
            high = item.le
    kind = int if info.annotation is int else float
    return Rule(kind, low, high), exclusive


GENERATION_RULES: dict[str, Rule] = {n: _generation_rule(n)[0] for n in GENERATION_SETTINGS}
EXCLUSIVE_LOW = frozenset(n for n in GENERATION_SETTINGS if _generation_rule(n)[1])


def base_model_choices(template_id: str | None) -> tuple[str, ...]:
    """The base models a template may start from (its default first); none for tabular."""
    template = catalog().get(template_id or "")
    if template is None or template.task == "tabular":
        return ()
    return (template.default_model, *template.alternative_models)


def task_of(context: SettingsContext) -> Task | None:
    """The task, from the context or its template."""
    if context.task is not None:
        return context.task
    template = catalog().get(context.template_id or "")
    return template.task if template is not None else None


def rules_for(context: SettingsContext) -> dict[str, Rule]:
    """Every setting that may change at this step, with its allowed values."""
    task = task_of(context)
    if context.step == "testing":
        return dict(GENERATION_RULES) if task in (None, "causal_lm") else {}
    if task == "tabular":
        return dict(TABULAR_RULES)
    rules = dict(TEXT_RULES)
    choices = base_model_choices(context.template_id)
    if len(choices) > 1:
        rules[BASE_MODEL] = Rule(str, choices=choices)
    return rules


def defaults_for(context: SettingsContext) -> dict[str, Any]:
    """Values to start from when the context does not say (the defaults of each setting)."""
    task = task_of(context)
    if context.step == "testing":
        return {n: GenerateInput.model_fields[n].default for n in GENERATION_SETTINGS}
    if task == "tabular":
        return dict(TABULAR_DEFAULTS)
    text = TextTrainSettings()
    values = {f.name: getattr(text, f.name) for f in fields(TextTrainSettings)}
    choices = base_model_choices(context.template_id)
    if choices:
        values[BASE_MODEL] = choices[0]
    return values


def current_values(context: SettingsContext) -> dict[str, Any]:
    """The context's values over the defaults, for the settings that may change."""
    rules = rules_for(context)
    merged = {**defaults_for(context), **context.settings}
    if isinstance(merged.get(BASE_MODEL), dict):  # the plan's record: {"requested": hub id, ...}
        record = merged[BASE_MODEL]
        merged[BASE_MODEL] = record.get("requested") or record.get("hub_id")
    return {name: merged.get(name) for name in rules}


def check_change(context: SettingsContext, name: str, value: Any) -> Any:
    """The value converted to the setting's type, or ChangeRefused naming the allowed range."""
    rules = rules_for(context)
    if name not in rules:
        where = "Testing" if name in GENERATION_RULES else "Training"
        if name in GENERATION_RULES or name in TEXT_RULES or name in TABULAR_RULES:
            raise ChangeRefused(f"{label(name)} cannot be changed here (it is a {where} setting)")
        raise ChangeRefused(f"{name!r} is not a setting that can be changed")
    rule = rules[name]
    if isinstance(value, bool) and rule.kind is not bool:
        raise ChangeRefused(f"{label(name)} must be a number; got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ChangeRefused(f"{label(name)} must be a finite number; got {value!r}")
    try:
        checked = rule.check(name, value)
    except PlanError as exc:
        raise ChangeRefused(f"{label(name)} {exc.message}") from None
    if context.step == "testing":
        try:
            GenerateInput.model_validate({"prompt": "", name: checked})
        except ValidationError as exc:
            problem = exc.errors()[0]["msg"].lower()
            raise ChangeRefused(f"{label(name)} {problem}; got {checked}") from None
    return checked


def describe_range(rule: Rule, name: str = "") -> str:
    """The allowed values of a rule in words ("0 to 2", "lora or full")."""
    if rule.choices is not None:
        return " or ".join(rule.choices)
    if rule.kind is bool:
        return "true or false"
    low = f"more than {rule.low:g}" if name in EXCLUSIVE_LOW else f"{rule.low:g}"
    return f"{low} to {rule.high:g}"


LABELS = {
    "time_budget_s": "time budget (s)",
    "cv_folds": "CV folds",
    "top_p": "top-p",
    "top_k": "top-k",
    "val_fraction": "validation fraction",
    "grad_accum": "gradient accumulation",
    "lora_r": "LoRA rank",
    "lora_alpha": "LoRA alpha",
    "lora_dropout": "LoRA dropout",
}


def label(name: str) -> str:
    """A setting's name as words ("learning rate")."""
    return LABELS.get(name, name.replace("_", " "))


def format_value(value: Any) -> str:
    """A value as a person would write it (3e-05, 0.7, lora, on)."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:g}"
    if value is None:
        return "not set"
    return str(value)


# ---- commands ------------------------------------------------------------------------------


class CommandContext(BaseModel):
    """What the screen the message was typed on is showing (all optional)."""

    model_config = ConfigDict(extra="forbid")

    step: str | None = None
    run_id: int | None = None  # "explain this curve", "cancel it"
    model_id: int | None = None  # "deploy it", "download it as onnx"
    deployment_id: int | None = None  # "roll it back", "how is it doing"
    dataset_id: int | None = None  # "train a classifier on it"


class Action(BaseModel):
    """One call the UI makes through the same REST API as its buttons, after confirmation."""

    kind: ActionKind
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
    path: str
    body: dict[str, Any] | None = None
    summary: str
    needs_confirmation: bool  # true when it starts work, deploys, deletes or costs money
    then: Action | None = None  # a second call to make once this one succeeded


class QuestionOption(BaseModel):
    """A choice; picking it sends `message` as the next command."""

    label: str
    message: str


class Question(BaseModel):
    """Asked instead of guessing when a name matches more than one thing."""

    text: str
    options: list[QuestionOption]


class CommandReply(BaseModel):
    """A reply, and at most one of: an action to confirm or open, or a question."""

    interpreter: InterpreterName
    notice: str | None = None
    reply: str
    action: Action | None = None
    question: Question | None = None
    data: dict[str, Any] | None = None  # computed results (a comparison of two runs)
    examples: list[str] | None = None


class CommandSlots(BaseModel):
    """What a command asks for, before names are looked up (both interpreters produce this)."""

    model_config = ConfigDict(extra="forbid")

    kind: CommandKind
    dataset: str | None = None  # a name, or "dataset #12"
    model: str | None = None  # a name (with an optional version), or "model #7"
    version: int | None = Field(default=None, ge=1)
    latest: bool = False
    deployment: str | None = None  # a slug or name, or "endpoint #3"
    new_endpoint: bool = False  # deploy: a new URL even when one serves this model already
    runs: list[int] = Field(default_factory=list, max_length=2)
    latest_runs: bool = False  # compare: the two most recent finished runs
    format: ExportFormat | None = None
    template_id: str | None = None
    target: str | None = None  # tabular: the column to predict
    overrides: dict[str, Any] = Field(default_factory=dict)
    name: str | None = Field(default=None, max_length=200)
    topic: str | None = None  # explain: a metric, a term, or "curve"
    listing: Listing | None = None
    reply: str | None = None  # Claude: a short answer for help or an unknown request


# What the service looks up in the database and hands to the library as plain data.


class DatasetRef(BaseModel):
    """A dataset as a command may name it."""

    id: int
    name: str
    filename: str = ""
    version: int = 1  # cleaned versions keep the name and count up
    rows: int = 0
    shape: str = ""
    template_id: str | None = None
    columns: list[str] = Field(default_factory=list)
    roles: dict[str, str] = Field(default_factory=dict)


class ModelRef(BaseModel):
    """A model version as a command may name it."""

    id: int
    name: str
    version: int
    task: str = ""
    template_id: str = ""


class DeploymentRef(BaseModel):
    """A deployment as a command may name it (by slug or name)."""

    id: int
    slug: str
    name: str
    status: str = "active"
    model_version_id: int
    can_roll_back: bool = False  # it served another version before this one


class RunRef(BaseModel):
    """A run with what a comparison needs: status, metrics, settings."""

    id: int
    status: str
    template_id: str = ""
    dataset_id: int | None = None
    metrics: dict[str, Any] | None = None
    settings: dict[str, Any] = Field(default_factory=dict)


class Candidates(BaseModel):
    """Everything a command may name, newest first."""

    datasets: list[DatasetRef] = Field(default_factory=list)
    models: list[ModelRef] = Field(default_factory=list)
    deployments: list[DeploymentRef] = Field(default_factory=list)
    runs: list[RunRef] = Field(default_factory=list)


class CurvePoint(BaseModel):
    """One progress event: a logged step (loss) or an evaluation (val_loss, accuracy, …)."""

    model_config = ConfigDict(extra="allow")

    step: int
    loss: float | None = None
    val_loss: float | None = None


class Curve(BaseModel):
    """A run's training curve: logged steps and evaluations (from its progress events)."""

    run_id: int
    status: str = ""
    task: str | None = None
    steps: list[CurvePoint] = Field(default_factory=list)
    evals: list[CurvePoint] = Field(default_factory=list)
    stopped_early: bool = False


def template_ids() -> list[str]:
    """Every template id, in catalog order."""
    return list(catalog())
