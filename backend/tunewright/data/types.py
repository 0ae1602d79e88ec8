"""The shapes that flow through ingestion: what was detected, profiled, found and cleaned.

Everything here is a plain dataclass so it serialises with `dataclasses.asdict` into the
database and the API without this library knowing about either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "tip"]
FileFormat = Literal["text", "csv", "tsv", "json", "jsonl"]
# What the rows mean once parsed (decides default roles and which templates fit):
#   chat            OpenAI `messages` or ShareGPT `conversations` → a `messages` column
#   instruction     Alpaca instruction / input / output columns
#   prompt_response prompt/response, question/answer (and similar) column pairs
#   raw_text        one example per line or documents separated by blank lines → `text`
#   text_label      one free-text column plus a short categorical label column
#   tabular         any other table (numeric / categorical columns, a target to predict)
Shape = Literal["chat", "instruction", "prompt_response", "raw_text", "text_label", "tabular"]
TaskKind = Literal["causal_lm", "classifier", "tabular"]
ColumnType = Literal[
    "text", "categorical", "numeric", "boolean", "datetime", "id", "messages", "mixed", "empty"
]
CleanOp = Literal[
    "strip_html", "normalise_whitespace", "drop_empty", "dedupe", "drop_missing_target"
]
CLEAN_OPS: tuple[CleanOp, ...] = (
    "strip_html",
    "normalise_whitespace",
    "drop_empty",
    "dedupe",
    "drop_missing_target",
)
# Role names a column can play. `messages` is the canonical chat column
# (list of {"role": "system"|"user"|"assistant", "content": str}).
RoleName = Literal["text", "label", "prompt", "input", "response", "messages", "target"]
ROLE_NAMES: tuple[RoleName, ...] = (
    "text",
    "label",
    "prompt",
    "input",
    "response",
    "messages",
    "target",
)


@dataclass(frozen=True)
class Finding:
    """One thing worth telling the user about their data, with what to do about it."""

    code: str  # stable machine name, e.g. "duplicates", "single_class", "pii_email"
    severity: Severity
    message: str  # plain English, says what and how much ("212 rows (4%) are exact duplicates.")
    hint: str  # the suggested fix, as an instruction ("Remove duplicates (one click below).")
    fix: CleanOp | None = None  # a cleaning step that resolves it, when one exists
    column: str | None = None
    affected: int | None = None  # rows affected
    sample_rows: list[int] = field(default_factory=list)  # 0-based row numbers, at most 10


class UnreadableDataError(ValueError):
    """The file cannot be turned into rows at all (empty, binary, malformed, not a list...)."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


@dataclass(frozen=True)
class Detection:
    """How the file was read, decided from its content (the extension is only a tie-breaker)."""

    format: FileFormat
    encoding: str  # "utf-8", "utf-8-sig", "cp1252", "latin-1"
    shape: Shape
    source_shape: (
        str  # finer label: "openai_messages", "sharegpt", "alpaca", "question_answer", ...
    )
    delimiter: str | None = None  # CSV/TSV only
    has_header: bool | None = None  # CSV/TSV only
    text_layout: Literal["lines", "blocks"] | None = None  # plain text only
    json_root_key: str | None = None  # JSON object holding the list under this key
    notes: list[str] = field(default_factory=list)  # human sentences: "Encoding: Windows-1252"
    # header names that were repeated or empty, renamed so every column has its own name:
    # new name → name in the file ("a_2": "a", "column_3": "")
    renamed_columns: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ReadLimits:
    """Shapes refused before parsing, because parsing them would exhaust time or memory."""

    max_columns: int = 2000  # MAX_COLUMNS; a table wider than this is refused
    max_json_depth: int = 64  # nesting of [ and {; deeper JSON is refused, never recursed into


@dataclass(frozen=True)
class DataRequirements:
    """What the chosen template needs from the data (thresholds are per template)."""

    task: TaskKind
    min_examples: int  # below this: error
    recommended_examples: int  # below this: warning
    max_tokens: int  # the base model's context; longer texts get truncated
    min_examples_per_class: int = 5  # classifier / tabular classification
    tokenizer_name: str | None = None  # shown in the profile ("tokens for gpt2")


@dataclass(frozen=True)
class NumberSummary:
    min: float
    p50: float
    p95: float
    max: float
    mean: float


FlagKind = Literal["leak", "missing_leak", "target_copy", "identifier", "constant", "empty"]
FLAG_KINDS: tuple[FlagKind, ...] = (
    "leak",
    "missing_leak",
    "target_copy",
    "identifier",
    "constant",
    "empty",
)
# What a column does in training. `left_out` columns are never shown to the model.
SelectionRole = Literal["target", "label", "text", "feature", "left_out"]
# target/label/text/feature: its role; a flag kind: left out by that check; user: the user left
# it out; kept: flagged but the user keeps it; unused: this template does not read the column.
SelectionReason = Literal["target", "label", "text", "feature", "user", "kept", "unused"] | FlagKind


@dataclass(frozen=True)
class ColumnFlag:
    """A column a careful data scientist would not train on, with the evidence in words."""

    column: str
    kind: FlagKind
    message: str  # "`boat` alone predicts `survived` for 97% of rows; ..."
    score: float | None = None  # the measured figure behind it (skill, purity, distinct share)


@dataclass(frozen=True)
class ColumnDecision:
    """Whether one column is used for training, and why (the plan and the screens show it)."""

    name: str
    role: SelectionRole
    reason: SelectionReason
    explanation: str
    flagged: bool = False  # a check flagged it: using it means keeping a suspect column


@dataclass
class ColumnChoices:
    """What the user decided about columns; stored on the dataset version, used downstream."""

    include: list[str] = field(default_factory=list)  # flagged columns to keep anyway
    exclude: list[str] = field(default_factory=list)  # columns to leave out
    markers_off: dict[str, list[str]] = field(default_factory=dict)  # markers that are values

    @classmethod
    def from_dict(cls, value: dict[str, Any] | None) -> ColumnChoices:
        """Read the stored JSON form (None → no choices)."""
        value = value or {}
        return cls(
            include=[str(c) for c in value.get("include") or []],
            exclude=[str(c) for c in value.get("exclude") or []],
            markers_off={
                str(k): [str(m) for m in v] for k, v in (value.get("markers_off") or {}).items()
            },
        )


@dataclass(frozen=True)
class ColumnProfile:
    name: str
    type: ColumnType
    missing: int
    unique: int
    examples: list[str]  # up to 3, shortened to 80 characters
    mixed_types: bool = False  # e.g. numbers and words in one column
    numbers: NumberSummary | None = None  # numeric columns
    top_values: dict[str, int] | None = None  # categorical / boolean columns, at most 20
    words: NumberSummary | None = None  # text columns
    markers: dict[str, int] | None = None  # missing-value markers counted as missing ("?": 263)
    markers_off: dict[str, int] | None = None  # markers found that the user says are values


@dataclass(frozen=True)
class LengthProfile:
    """Length of one training example (the text the model reads), in words and tokens."""

    words: NumberSummary
    tokens: NumberSummary | None = None  # None when no tokenizer was available
    tokenizer: str | None = None
    max_tokens: int | None = None  # the model's limit the counts are compared against
    over_limit: int = 0  # examples longer than max_tokens
    sampled: int = 0  # how many examples the token figures are computed from


@dataclass
class Profile:
    rows: int
    columns: list[ColumnProfile]
    roles: dict[str, str]  # role name → column name
    duplicates: int  # exact duplicate rows beyond the first occurrence
    empty_rows: int
    lengths: LengthProfile | None = None
    labels: dict[str, int] | None = None  # label / categorical target distribution
    target_kind: Literal["classification", "regression"] | None = None
    flags: list[ColumnFlag] = field(default_factory=list)  # leaks, identifiers, constants
    selection: list[ColumnDecision] = field(default_factory=list)  # what trains, and why


@dataclass
class Analysis:
    """Everything the Data step shows, computed in one pass."""

    detection: Detection
    profile: Profile
    findings: list[Finding]


@dataclass
class CleanReport:
    rows_before: int
    rows_after: int
    changes: dict[str, int]  # op → rows changed or removed
    ops: list[CleanOp]
