"""Check a profiled table against what the template needs; say what is wrong and how to fix it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from tunewright.data.clean import HTML_PATTERN, MESSY_WHITESPACE_PATTERN
from tunewright.data.columns import blank_mask, hashable_frame, non_numbers
from tunewright.data.examples import empty_mask, no_response_mask, text_cells
from tunewright.data.types import (
    DataRequirements,
    Detection,
    Finding,
    Profile,
    Severity,
    TaskKind,
)

SEVERITY_RANK: dict[Severity, int] = {"error": 0, "warning": 1, "tip": 2}
SAMPLE_ROWS = 10
DEFAULT_MIN_PER_CLASS = 5
HTML_WARNING_SHARE = 0.2  # below this share of rows, stray HTML is only a tip
TEXT_ROLES = ("text", "prompt", "input", "response", "messages")

# Emails and phone numbers: a cheap RE2 pass finds candidate cells, Python confirms them.
EMAIL_CANDIDATE = r"[A-Za-z0-9_.%+-]@[A-Za-z0-9-]+\.[A-Za-z]{2,}"
EMAIL_RE = re.compile(
    r"(?<![\w.%+-])[\w.%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}\b"
)
PHONE_CANDIDATE = r"[0-9]{2,}[ .)-]+[0-9]{2,}"
PHONE_RE = re.compile(
    r"(?<![\w+.])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?(\d{2,4}(?:[ .-]\d{2,5}){1,4})"
    r"(?!\d)(?![.-]\d)"
)
PHONE_DIGITS = (9, 15)  # fewer digits is a date or a price; more is an account number
_DROP_DIGITS = str.maketrans("", "", "0123456789")


def validate(
    df: pd.DataFrame, profile: Profile, requirements: DataRequirements | None
) -> list[Finding]:
    """Everything worth telling the user about the data, errors first, then warnings, tips."""
    check = _Checks(df.reset_index(drop=True), profile, requirements)
    findings = [finding for rule in check.rules() for finding in rule()]
    return sorted(findings, key=lambda f: SEVERITY_RANK[f.severity])


@dataclass
class _Checks:
    df: pd.DataFrame
    profile: Profile
    requirements: DataRequirements | None

    def rules(self) -> list[Callable[[], list[Finding]]]:
        """The checks that apply to this task (text checks make no sense for tables)."""
        rules = [
            self.missing_columns,
            self.examples_count,
            self.labels,
            self.missing_target,
            self.no_response,
            self.too_long,
            self.duplicates,
            self.empty_rows,
            self.mixed_types,
            self.missing_markers,
            self.flagged_columns,
        ]
        if self.task != "tabular":
            rules += [self.html_noise, self.whitespace, self.personal_data]
        return rules

    @cached_property
    def roles(self) -> dict[str, str]:
        return self.profile.roles

    @cached_property
    def task(self) -> TaskKind | None:
        """The template's task, else a guess from the roles."""
        if self.requirements is not None:
            return self.requirements.task
        if "target" in self.roles:
            return "tabular"
        if "label" in self.roles:
            return "classifier"
        return "causal_lm" if any(r in self.roles for r in TEXT_ROLES) else None

    @cached_property
    def rows(self) -> int:
        return self.profile.rows

    @cached_property
    def examples(self) -> int:
        """Rows that are examples (not empty)."""
        return self.profile.rows - self.profile.empty_rows

    @cached_property
    def cells(self) -> pd.Series:
        """Every text cell and message, indexed by row number (computed once, used by 3 checks)."""
        return text_cells(self.df, self.roles)

    # --- structure: is there something to learn from, and enough of it ------------------

    def missing_columns(self) -> list[Finding]:
        """no_text_column / no_label_column / no_target_column: nothing to learn or predict."""
        findings = []
        if self.task in ("causal_lm", "classifier") and not any(
            r in self.roles for r in TEXT_ROLES
        ):
            findings.append(
                Finding(
                    code="no_text_column",
                    severity="error",
                    message="There is no column with text for the model to learn from.",
                    hint="Choose the column that holds the text (role: text), or upload a file "
                    "with a text column.",
                )
            )
        if self.task == "classifier" and "label" not in self.roles:
            findings.append(
                Finding(
                    code="no_label_column",
                    severity="error",
                    message="There is no label column: a classifier needs the right answer "
                    "(the category) for each example.",
                    hint="Choose the column that holds the category (role: label), or add one.",
                )
            )
        if self.task == "tabular" and "target" not in self.roles:
            findings.append(
                Finding(
                    code="no_target_column",
                    severity="error",
                    message="There is no column to predict.",
                    hint="Choose the column the model should predict (role: target).",
                )
            )
        return findings

    def examples_count(self) -> list[Finding]:
        """too_few_examples (error) / few_examples (warning) against the template."""
        if self.requirements is None:
            return []
        need, best = self.requirements.min_examples, self.requirements.recommended_examples
        count = self.examples
        if count < need:
            return [
                Finding(
                    code="too_few_examples",
                    severity="error",
                    message=f"Only {_count(count, 'example')}; this template needs at least "
                    f"{need:,}.",
                    hint=f"Add more examples: at least {need:,}, ideally {best:,} or more.",
                    affected=count,
                )
            ]
        if count < best:
            return [
                Finding(
                    code="few_examples",
                    severity="warning",
                    message=f"{_count(count, 'example')} is enough to start, but this template "
                    f"works best with {best:,} or more.",
                    hint="Add more examples if you can; results usually improve with more data.",
                    affected=count,
                )
            ]
        return []

    def labels(self) -> list[Finding]:
        """single_class (error) and rare_classes (warning) for classification."""
        labels = self.profile.labels
        column = self.roles.get("label") or self.roles.get("target")
        if not labels or self.profile.target_kind != "classification":
            return []
        if len(labels) == 1:
            (only,) = labels
            return [
                Finding(
                    code="single_class",
                    severity="error",
                    message=f"Every example has the same label ({only!r}), so there is nothing "
                    "to tell apart.",
                    hint="Add examples of at least one other class.",
                    column=column,
                    affected=labels[only],
                )
            ]
        need = (
            self.requirements.min_examples_per_class if self.requirements else DEFAULT_MIN_PER_CLASS
        )
        rare = {name: n for name, n in labels.items() if n < need}
        if not rare:
            return []
        shown = ", ".join(f"{name!r} ({n})" for name, n in list(rare.items())[:5])
        more = f" and {len(rare) - 5:,} more" if len(rare) > 5 else ""
        classes = "class has" if len(rare) == 1 else f"{len(rare):,} classes have"
        return [
            Finding(
                code="rare_classes",
                severity="warning",
                message=f"{classes.capitalize()} fewer than {need} examples: {shown}{more}.",
                hint=f"Add more examples of those classes (at least {need} each), or merge them "
                "into a related class.",
                column=column,
                affected=sum(rare.values()),
            )
        ]

    def missing_target(self) -> list[Finding]:
        """missing_target: rows without the value to predict."""
        column = self.roles.get("label") or self.roles.get("target")
        if column is None:
            return []
        mask = blank_mask(self.df[column])
        missing = int(mask.sum())
        if not missing:
            return []
        every = missing == self.rows
        return [
            Finding(
                code="missing_target",
                severity="error" if every else "warning",
                message=f"{_rows(missing, self.rows)} {_verb(missing, 'has', 'have')} no value "
                f"in {column!r}, the column the model learns to predict.",
                hint="Drop those rows (one click below), or fill in their values."
                if not every
                else f"Choose another column to predict, or fill in {column!r}.",
                fix=None if every else "drop_missing_target",
                column=column,
                affected=missing,
                sample_rows=_positions(mask),
            )
        ]

    def no_response(self) -> list[Finding]:
        """no_response: chats without an assistant turn, prompts without a response."""
        if "messages" not in self.roles and "response" not in self.roles:
            return []
        mask = no_response_mask(self.df, self.roles)
        missing = int(mask.sum())
        if not missing:
            return []
        if "messages" in self.roles:
            message = (
                f"{_rows(missing, self.rows, 'conversation')} {_verb(missing, 'has', 'have')} "
                "no assistant reply, so there is nothing for the model to learn from them."
            )
        else:
            message = (
                f"{_rows(missing, self.rows)} {_verb(missing, 'has', 'have')} no response in "
                f"{self.roles['response']!r}."
            )
        return [
            Finding(
                code="no_response",
                severity="error" if missing == self.examples else "warning",
                message=message,
                hint="Add the replies you want the model to give, or drop those rows "
                "(one click below).",
                fix="drop_empty",
                column=self.roles.get("messages") or self.roles.get("response"),
                affected=missing,
                sample_rows=_positions(mask),
            )
        ]

    def too_long(self) -> list[Finding]:
        """too_long: examples longer than the model reads, which get truncated."""
        lengths = self.profile.lengths
        if lengths is None or not lengths.over_limit or not lengths.max_tokens:
            return []
        over, total, limit = lengths.over_limit, max(self.examples, 1), lengths.max_tokens
        model = f" for {lengths.tokenizer}" if lengths.tokenizer else ""
        if lengths.tokens is None:
            message = (
                f"At least {_count(over, 'example')} ({_share(over, total)}) "
                f"{_verb(over, 'has', 'have')} more words than the model can read "
                f"({limit:,} tokens)."
            )
        elif lengths.sampled < total:
            message = (
                f"About {_count(over, 'example')} of {total:,} ({_share(over, total)}) "
                f"{_verb(over, 'is', 'are')} longer than the model can read ({limit:,} "
                f"tokens{model}; estimated from a sample of {lengths.sampled:,})."
            )
        else:
            message = (
                f"{_count(over, 'example')} of {total:,} ({_share(over, total)}) "
                f"{_verb(over, 'is', 'are')} longer than the model can read "
                f"({limit:,} tokens{model})."
            )
        return [
            Finding(
                code="too_long",
                severity="warning",
                message=message + " The extra text is cut off (truncated) during training.",
                hint="Split long texts into shorter pieces, or pick a model that reads longer "
                "texts.",
                affected=over,
            )
        ]

    # --- rows and columns -------------------------------------------------------------

    def duplicates(self) -> list[Finding]:
        """duplicates: exact copies of an earlier row."""
        count = self.profile.duplicates
        if not count:
            return []
        mask = hashable_frame(self.df).duplicated()
        return [
            Finding(
                code="duplicates",
                severity="warning",
                message=f"{_rows(count, self.rows)} "
                f"{_verb(count, 'is an exact copy', 'are exact copies')} of an earlier row.",
                hint="Remove the duplicates (one click below); repeated rows make the model "
                "over-learn them.",
                fix="dedupe",
                affected=count,
                sample_rows=_positions(mask),
            )
        ]

    def empty_rows(self) -> list[Finding]:
        """empty_rows: rows with nothing in them."""
        count = self.profile.empty_rows
        if not count or count == self.rows:
            return []
        what = "no values besides the target" if "target" in self.roles else "no content"
        return [
            Finding(
                code="empty_rows",
                severity="warning",
                message=f"{_rows(count, self.rows)} {_verb(count, 'has', 'have')} {what}.",
                hint="Drop the empty rows (one click below).",
                fix="drop_empty",
                affected=count,
                sample_rows=_positions(empty_mask(self.df, self.roles)),
            )
        ]

    def mixed_types(self) -> list[Finding]:
        """mixed_types: numbers and words in one column the model uses."""
        relevant = set(self.roles.values())
        if self.task == "tabular":  # every column the model will read
            left_out = {d.name for d in self.profile.selection if d.role == "left_out"}
            relevant = set(self.df.columns) - left_out
        findings = []
        for column in self.profile.columns:
            if not column.mixed_types or column.name not in relevant:
                continue
            words = non_numbers(self.df[column.name])
            shown = ", ".join(repr(v) for v in pd.unique(words.astype(str))[:3])
            total = self.rows - column.missing
            findings.append(
                Finding(
                    code="mixed_types",
                    severity="warning",
                    message=f"Column {column.name!r} mixes numbers and words: "
                    f"{len(words):,} of {total:,} values aren't numbers (e.g. {shown}).",
                    hint="Fix or clear those values so the column holds only numbers; "
                    "otherwise it is treated as text.",
                    column=column.name,
                    affected=len(words),
                    sample_rows=[int(i) for i in words.index[:SAMPLE_ROWS]],
                )
            )
        return findings

    def missing_markers(self) -> list[Finding]:
        """missing_markers: '?', 'NA', '-'... counted as missing, per column."""
        findings = []
        for column in self.profile.columns:
            if not column.markers:
                continue
            total = sum(column.markers.values())
            spelled = " and ".join(
                f"{n:,}{(' value' if n == 1 else ' values') if i == 0 else ''} "
                f"{'was' if n == 1 else 'were'} {m!r}"
                for i, (m, n) in enumerate(column.markers.items())
            )
            kind = f" The column is read as {column.type}." if column.type == "numeric" else ""
            findings.append(
                Finding(
                    code="missing_markers",
                    severity="tip",
                    message=f"{column.name!r}: {spelled} — treated as missing.{kind}",
                    hint=f"If {', '.join(repr(m) for m in column.markers)} is a real value in "
                    f"{column.name!r}, switch it back on under Columns used for training.",
                    column=column.name,
                    affected=total,
                )
            )
        return findings

    def flagged_columns(self) -> list[Finding]:
        """leak, missing_leak, target_copy, identifier, constant, empty: left out by default."""
        decisions = {d.name: d for d in self.profile.selection}
        findings = []
        for flag in self.profile.flags:
            decision = decisions.get(flag.column)
            kept = decision is not None and decision.role != "left_out"
            serious = flag.kind in ("leak", "missing_leak", "target_copy")
            where = "Columns used for training"
            if decision is not None and decision.role in ("text", "label", "target"):
                hint = "Check this column before training: the model reads it."
            elif kept:
                hint = (
                    f"You chose to keep it; leave it out ({where}) unless you are sure it is "
                    "known before the outcome."
                )
            elif serious:
                hint = (
                    f"It is left out of training. Keep it ({where}) only if its value is known "
                    "before the outcome, when you will ask for predictions."
                )
            else:
                hint = f"It is left out of training; keep it under {where} if you disagree."
            findings.append(
                Finding(
                    code=flag.kind,
                    severity="warning" if serious or kept else "tip",
                    message=flag.message,
                    hint=hint,
                    column=flag.column,
                )
            )
        return findings

    # --- text quality and personal data -----------------------------------------------

    def html_noise(self) -> list[Finding]:
        """html_noise: tags and entities in the text."""
        rows = self._rows_matching(HTML_PATTERN)
        if not rows:
            return []
        share = len(rows) / max(self.rows, 1)
        return [
            Finding(
                code="html_noise",
                severity="warning" if share >= HTML_WARNING_SHARE else "tip",
                message=f"{_rows(len(rows), self.rows)} {_verb(len(rows), 'contains', 'contain')} "
                "HTML tags or entities (like <p> or &amp;).",
                hint="Strip the HTML (one click below), unless the model should learn to "
                "write HTML.",
                fix="strip_html",
                affected=len(rows),
                sample_rows=rows[:SAMPLE_ROWS],
            )
        ]

    def whitespace(self) -> list[Finding]:
        """whitespace: stray spaces, tabs, carriage returns and runs of blank lines."""
        rows = self._rows_matching(MESSY_WHITESPACE_PATTERN)
        if not rows:
            return []
        return [
            Finding(
                code="whitespace",
                severity="tip",
                message=f"{_rows(len(rows), self.rows)} {_verb(len(rows), 'has', 'have')} stray "
                "spaces, tabs or blank lines.",
                hint="Tidy the whitespace (one click below).",
                fix="normalise_whitespace",
                affected=len(rows),
                sample_rows=rows[:SAMPLE_ROWS],
            )
        ]

    def personal_data(self) -> list[Finding]:
        """pii_email / pii_phone: personal details a model could memorise."""
        findings = []
        memorised = (
            "A language model can memorise them and repeat them to anyone who uses it."
            if self.task == "causal_lm"
            else "Personal details should not be in training data unless you're allowed to use "
            "them."
        )
        checks = (
            ("pii_email", "email addresses", "[email]", EMAIL_CANDIDATE, _has_email),
            ("pii_phone", "phone numbers", "[phone]", PHONE_CANDIDATE, _has_phone),
        )
        for code, what, mask_as, candidate, confirm in checks:
            rows = self._rows_matching(candidate, confirm)
            if not rows:
                continue
            findings.append(
                Finding(
                    code=code,
                    severity="warning",
                    message=f"{_rows(len(rows), self.rows)} "
                    f"{_verb(len(rows), 'contains', 'contain')} what look like {what}. {memorised}",
                    hint=f"Remove or mask them (for example replace them with {mask_as}) before "
                    "training, unless they're meant to be public, like a support address.",
                    affected=len(rows),
                    sample_rows=rows[:SAMPLE_ROWS],
                )
            )
        return findings

    def _rows_matching(
        self, pattern: str, confirm: Callable[[str], bool] | None = None
    ) -> list[int]:
        """Sorted row numbers with a text cell matching `pattern` (and `confirm`, if given)."""
        cells = self.cells
        if cells.empty:
            return []
        hits = cells[cells.str.contains(pattern, regex=True).fillna(False).astype(bool)]
        if confirm is not None:
            hits = hits[[confirm(text) for text in hits.tolist()]]
        return sorted({int(row) for row in hits.index})


def detection_findings(detection: Detection) -> list[Finding]:
    """renamed_columns / header_as_data: what reading the file changed, said plainly."""
    findings = []
    if detection.renamed_columns:
        shown = ", ".join(
            f"{old!r} → {new!r}" if old else f"an unnamed column → {new!r}"
            for new, old in list(detection.renamed_columns.items())[:8]
        )
        more = len(detection.renamed_columns) - 8
        findings.append(
            Finding(
                code="renamed_columns",
                severity="warning",
                message=f"Some header names were repeated or empty, so columns were renamed: "
                f"{shown}{f' and {more:,} more' if more > 0 else ''}.",
                hint="Give every column its own name in the file if you want other names, then "
                "upload it again.",
                affected=len(detection.renamed_columns),
            )
        )
    if detection.format in ("csv", "tsv") and detection.has_header is False:
        findings.append(
            Finding(
                code="header_as_data",
                severity="tip",
                message="The first row looks like data, not column names, so it was kept as a "
                "row and the columns were named column_1, column_2, …",
                hint="If the first row does name the columns, make the names unique words (not "
                "numbers, not values that appear below them) and upload again.",
            )
        )
    return findings


def _has_email(text: str) -> bool:
    return EMAIL_RE.search(text) is not None


def _has_phone(text: str) -> bool:
    """A phone-like match with 9–15 digits and one kind of separator (not a date or a price)."""
    for match in PHONE_RE.finditer(text):
        whole, body = match.group(0), match.group(1)
        digits = len(whole) - len(whole.translate(_DROP_DIGITS))
        if (
            PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]
            and len(set(body.translate(_DROP_DIGITS))) == 1
        ):
            return True
    return False


def _positions(mask: pd.Series) -> list[int]:
    return [int(i) for i in mask.to_numpy().nonzero()[0][:SAMPLE_ROWS]]


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _rows(n: int, total: int, noun: str = "row") -> str:
    return f"{_count(n, noun)} ({_share(n, total)})"


def _verb(n: int, singular: str, plural: str) -> str:
    return singular if n == 1 else plural


def _share(n: int, total: int) -> str:
    if total <= 0:
        return "0%"
    percent = 100 * n / total
    if 0 < percent < 0.1:
        return "under 0.1%"
    return f"{percent:.1f}%" if percent < 10 else f"{percent:.0f}%"
