"""The offline interpreter: deterministic rules and keywords, always available, no network.

Settings: a sentence is split into clauses; in each, explicit values ("learning rate 3e-5"),
nudges of a named setting ("lower the temperature") and intents ("it is overfitting") become
proposed changes, every one passed through `contract.check_change`. Commands: keywords pick the
kind of request and the names in it (`CommandSlots`); `commands.build_reply` looks the names up.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tunewright.assistant.contract import (
    BASE_MODEL,
    EXCLUSIVE_LOW,
    GENERATION_RULES,
    Candidates,
    Change,
    ChangeRefused,
    CommandSlots,
    Interpretation,
    SettingsContext,
    Task,
    base_model_choices,
    check_change,
    current_values,
    format_value,
    label,
    rules_for,
    task_of,
)
from tunewright.base_models import KNOWN_MODELS
from tunewright.templates import catalog
from tunewright.training.plan import TABULAR_RULES, TEXT_RULES, Rule

Compute = Callable[[Any, float], Any]  # (old value, intensity) → new value, or None to skip

# ---- how a value moves -----------------------------------------------------------------------


def _bound(old: float, new: float, floor: float | None, cap: float | None) -> float:
    # comfort limits never turn "more" into less (a value already past the cap stays put)
    if cap is not None and new > old:
        new = min(new, max(cap, old))
    if floor is not None and new < old:
        new = max(new, min(floor, old))
    return new


def _number(old: Any) -> float | None:
    return float(old) if isinstance(old, int | float) and not isinstance(old, bool) else None


def times(factor: float, floor: float | None = None, cap: float | None = None) -> Compute:
    """Multiply (by factor**intensity: "a bit" moves half as far, "much" twice)."""

    def compute(old: Any, scale: float) -> float | None:
        value = _number(old)
        return None if value is None else _bound(value, value * factor**scale, floor, cap)

    return compute


def plus(delta: float, floor: float | None = None, cap: float | None = None) -> Compute:
    """Add delta × intensity."""

    def compute(old: Any, scale: float) -> float | None:
        value = _number(old)
        return None if value is None else _bound(value, value + delta * scale, floor, cap)

    return compute


def grow(factor: float, minimum: float, cap: float | None = None) -> Compute:
    """Multiply, starting from `minimum` when the value is 0 (weight decay, top-k)."""

    def compute(old: Any, scale: float) -> float | None:
        value = _number(old)
        if value is None:
            return None
        return _bound(value, max(value * factor**scale, minimum), None, cap)

    return compute


def to(target: Any) -> Compute:
    """Set a fixed value."""
    return lambda old, scale: target


def _patience_down(old: Any, scale: float) -> int | None:
    value = _number(old)
    if value is None:
        return None
    return 2 if value == 0 else max(1, int(value) - 1)  # 0 means off: turn it on, strictly


# ---- intents: what people say, and what it changes ------------------------------------------


@dataclass(frozen=True)
class Move:
    """One setting an intent moves, how, and the reason shown to the user."""

    setting: str
    compute: Compute
    reason: str
    when: Callable[[dict[str, Any]], bool] | None = None  # only for these current values


@dataclass(frozen=True)
class Intent:
    """Phrasings (one regex) on one step and kinds of model, and the moves they mean."""

    step: str
    tasks: tuple[Task | None, ...]
    pattern: re.Pattern[str]
    moves: tuple[Move, ...]


LM: tuple[Task | None, ...] = ("causal_lm", None)
TEXT: tuple[Task | None, ...] = ("causal_lm", "classifier", None)
TABLE: tuple[Task | None, ...] = ("tabular",)


def _steps_set(values: dict[str, Any]) -> bool:
    return values.get("max_steps") is not None


def _epochs_count(values: dict[str, Any]) -> bool:
    return values.get("max_steps") is None


def _not_lora(values: dict[str, Any]) -> bool:
    return values.get("method") != "lora"


def _intent(step: str, tasks: tuple[Task | None, ...], patterns: str, *moves: Move) -> Intent:
    return Intent(step, tasks, re.compile(patterns, re.IGNORECASE | re.VERBOSE), moves)


MORE_EPOCHS = Move(
    "epochs",
    times(2, cap=20),
    "More passes over the data give the model more time to learn.",
    _epochs_count,
)
MORE_STEPS = Move(
    "max_steps", times(2), "The step cap ends training; a higher cap trains longer.", _steps_set
)
FEWER_EPOCHS = Move(
    "epochs", times(0.5, floor=1), "Fewer passes: the run ends sooner.", _epochs_count
)
FEWER_STEPS = Move("max_steps", times(0.5), "A lower step cap ends training sooner.", _steps_set)
LORA = Move(
    "method",
    to("lora"),
    "LoRA trains small adapter matrices instead of every weight: far less memory and faster.",
    _not_lora,
)
SHORTER_EXAMPLES = Move(
    "max_length",
    times(0.5, floor=64),
    "Shorter examples (longer ones are cut): memory and time grow with length.",
)

INTENTS: tuple[Intent, ...] = (
    # -- testing: how the model answers
    _intent(
        "testing",
        LM,
        r"\b(deterministic|greedy|same\ answer\ every\ time|reproducible\ answers?)\b",
        Move(
            "temperature",
            to(0.0),
            "Temperature 0 always picks the most likely word: the same answer every time.",
        ),
    ),
    _intent(
        "testing",
        LM,
        r"""\bmore\ (creative|creativity|random|randomness|varied|variety|diverse|imaginative
              |inventive|surprising|adventurous|playful|original|spontaneous|wild|interesting)\b
           |\bless\ (boring|predictable|bland|dull|robotic|conservative|generic|safe)\b
           |\btoo\ (boring|bland|predictable|robotic|dull|generic|safe)\b
           |\b(be|get)\ creative\b|\b(spice|liven)\ (it|things|them)\ up\b
           |\b(higher|increase|raise)\ (the\ )?(creativity|randomness|variety|diversity)\b""",
        Move(
            "temperature",
            plus(0.3, cap=1.5),
            "Higher temperature gives less likely words a chance: more varied, surprising answers.",
        ),
        Move(
            "top_p",
            plus(0.05, cap=1.0),
            "A higher top-p samples from a wider set of words.",
        ),
    ),
    _intent(
        "testing",
        LM,
        r"""\bless\ (creative|creativity|random|randomness|varied|wild|imaginative|chaotic|weird)\b
           |\bmore\ (focused|precise|predictable|conservative|factual|consistent|accurate
              |reliable|coherent|sensible|serious|grounded|on[- ]topic)\b
           |\btoo\ (random|creative|wild|chaotic|crazy|weird|unpredictable)\b
           |\b(stick|keep)\ to\ the\ facts\b|\bhallucinat\w*|\bmakes?\ (things|stuff)\ up\b
           |\b(lower|reduce|decrease)\ (the\ )?(creativity|randomness)\b""",
        Move(
            "temperature",
            plus(-0.3, floor=0.1),
            "Lower temperature favours the most likely words: focused, consistent answers.",
        ),
        Move("top_p", plus(-0.1, floor=0.5), "A lower top-p drops unlikely words altogether."),
    ),
    _intent(
        "testing",
        LM,
        r"""\b(shorter|briefer|more\ concise|more\ succinct|less\ verbose|less\ wordy|terser
              |less\ long)\b
           |\b(keep\ (it|them|answers|replies)|be)\ (short|brief|concise)\b
           |\btoo\ (long|verbose|wordy|lengthy)\b|\bstop\ rambling\b|\brambl\w+\b
           |\b(fewer|less)\ words\b""",
        Move(
            "max_new_tokens",
            times(0.5, floor=16),
            "Fewer new tokens: answers stop sooner.",
        ),
    ),
    _intent(
        "testing",
        LM,
        r"""\b(longer|more\ detailed|more\ verbose|more\ elaborate|wordier|lengthier|fuller)\b
           |\btoo\ (short|brief|terse)\b|\b(more\ (detail|words)|in\ more\ depth)\b
           |\b(cut\ off|cuts\ off|truncated|stops?\ mid[- ]?sentence|unfinished|incomplete)\b""",
        Move(
            "max_new_tokens",
            times(2, cap=512),
            "More new tokens: answers may run longer before they are cut.",
        ),
    ),
    _intent(
        "testing",
        LM,
        r"""\b(less|not\ so|not\ as|stop\ being)\ repetitive\b|\brepetitive\b
           |\b(stop|avoid|don'?t|do\ not|no\ more|less)\ repeat\w*
           |\brepeats?\ (itself|the\ same|words|phrases|sentences)\b|\bkeeps?\ repeating\b
           |\b(too\ much|less)\ repetition\b|\b(stuck\ in\ a\ )?loop(s|ing)?\b""",
        Move(
            "repetition_penalty",
            plus(0.15, cap=1.5),
            "A higher repetition penalty makes words already used less likely.",
        ),
    ),
    _intent(
        "testing",
        LM,
        r"\b(allow|more)\ repetition\b|\brepetition\ penalty\ (is\ )?too\ (high|strong)\b",
        Move(
            "repetition_penalty",
            plus(-0.1, floor=1.0),
            "A lower repetition penalty lets the model reuse words and phrases.",
        ),
    ),
    # -- training a language model or classifier
    _intent(
        "training",
        TEXT,
        r"""\b(small|smaller|smallest|fast|faster|fastest|light|lighter|lightest|tiny|tinier
              |tiniest|quick|quicker|cheap|cheaper)\ (base\ )?model\b""",
        Move(BASE_MODEL, lambda old, scale: "smallest", "A smaller base model trains faster."),
    ),
    _intent(
        "training",
        TEXT,
        r"""\b(big|bigger|biggest|large|larger|largest|strong|stronger|strongest|more\ capable
              |smarter)\ (base\ )?model\b""",
        Move(BASE_MODEL, lambda old, scale: "largest", "A larger base model can learn more."),
    ),
    _intent(
        "training",
        TEXT,
        r"""\bover-?fit\w*|\bmemori[sz]\w*
           |\bval(idation)?\ loss\ (is\ )?(going\ up|goes\ up|went\ up|rising|rises|increas\w*
              |gets\ worse|getting\ worse)""",
        Move(
            "epochs",
            times(0.5, floor=1),
            "Fewer epochs: the model sees each example fewer times, so it memorises less.",
            _epochs_count,
        ),
        Move(
            "max_steps",
            times(0.5),
            "A lower step cap: the model sees each example fewer times.",
            _steps_set,
        ),
        Move(
            "weight_decay",
            grow(2, 0.05, cap=0.2),
            "More weight decay pulls weights towards zero: a simpler model that generalises.",
        ),
        Move(
            "early_stopping_patience",
            _patience_down,
            "Lower patience stops training sooner once held-out loss stops improving.",
        ),
    ),
    _intent(
        "training",
        TEXT,
        r"""\bunder-?fit\w*|\bnot\ learning\b|\bdoes\ ?n[o']t\ learn\b
           |\b(loss|it)\ (is\ not|isn'?t|does\ not|doesn'?t|won'?t)\ (go(ing)?\ down|drop\w*
              |decreas\w*|improv\w*|learn\w*)""",
        MORE_EPOCHS,
        Move(
            "learning_rate",
            times(2, cap=1e-3),
            "A higher learning rate takes bigger steps when learning is too slow.",
        ),
    ),
    _intent(
        "training",
        TEXT,
        r"""\b(unstable|diverg\w*|explod\w*|spik(y|es|ing)|jumps?\ around|nan)\b
           |\blearning\ rate\ (is\ )?too\ high\b""",
        Move(
            "learning_rate",
            times(0.5, floor=1e-6),
            "A lower learning rate takes smaller, steadier steps.",
        ),
        Move(
            "warmup_ratio",
            plus(0.05, cap=0.2),
            "A longer warm-up avoids large updates before the optimiser has settled.",
        ),
    ),
    _intent(
        "training",
        TEXT,
        r"""\b(less|lower|reduce|save|saving|cut|fewer)\ (the\ )?(memory|ram|vram)\b
           |\bout\ of\ memory\b|\boom\b|\brun(s|ning)?\ out\ of\ (memory|ram)\b
           |\bmemory\ (is\ )?(too\ high|usage|hungry)\b|\bfit\ in(to)?\ memory\b
           |\btoo\ much\ (memory|ram)\b|\bless\ ram\b""",
        LORA,
        SHORTER_EXAMPLES,
        Move(
            "batch_size",
            times(0.5, floor=1),
            "A smaller batch holds fewer examples in memory at once (accumulation keeps the "
            "effective batch).",
        ),
    ),
    _intent(
        "training",
        TEXT,
        r"""\b(train(ing)?\ )?(faster|quicker|more\ quickly|sooner)\b(?!\ (base\ )?model)
           |\bspeed\ (it\ |training\ |things\ )?up\b|\btoo\ slow\b|\b(takes|taking)\ too\ long\b
           |\bless\ time\b|\bquick(ly)?\ (run|training)\b""",
        LORA,
        FEWER_EPOCHS,
        FEWER_STEPS,
        SHORTER_EXAMPLES,
    ),
    _intent(
        "training",
        TEXT,
        r"""\b(focus\ on|prioriti[sz]e|optimi[sz]e\ for|maximi[sz]e|care\ about)\ (the\ )?
              (accuracy|quality)\b
           |\b(more|most)\ accurate\b|\b(better|higher|best)\ (accuracy|quality|results)\b""",
        Move(
            "epochs",
            times(1.5, cap=20),
            "More epochs give the model more passes to reach its best held-out score.",
            _epochs_count,
        ),
        Move(
            "learning_rate",
            times(0.5, floor=1e-6),
            "A lower learning rate makes finer, steadier updates (with more epochs to use them).",
        ),
    ),
    _intent(
        "training",
        TEXT,
        r"""\btrain(ing)?\ (it\ )?(for\ )?(longer|more|a\ (little\ )?bit\ more|much\ longer)\b
           |\b(more|extra)\ (passes|training)\b|\b(longer)\ (training|run)\b|^\s*longer\s*$""",
        MORE_EPOCHS,
        MORE_STEPS,
    ),
    _intent(
        "training",
        TEXT,
        r"""\btrain(ing)?\ (it\ )?(for\ )?(less|shorter|a\ (little\ )?bit\ less)\b
           |\b(fewer|less)\ (passes|training)\b|\bshorter\ (training|run)\b|^\s*shorter\s*$""",
        FEWER_EPOCHS,
        FEWER_STEPS,
    ),
    _intent(
        "training",
        TEXT,
        r"""\b(stop|stopping)\ (earlier|sooner)\b|\bless\ patien(t|ce)\b""",
        Move(
            "early_stopping_patience",
            _patience_down,
            "Lower patience stops once held-out loss has not improved for fewer evaluations.",
        ),
    ),
    _intent(
        "training",
        TEXT,
        r"""\bmore\ patien(t|ce)\b|\b(stops?|stopped|stopping)\ too\ (early|soon)\b
           |\bdon'?t\ stop\ (so\ )?(early|soon)\b""",
        Move(
            "early_stopping_patience",
            plus(2, cap=10),
            "Higher patience gives held-out loss more evaluations to improve before stopping.",
        ),
    ),
    _intent(
        "training",
        TEXT,
        r"\b(truncat\w*|cut\ off|cuts\ off|don'?t\ cut|longer\ examples|whole\ examples)\b",
        Move(
            "max_length",
            times(2, cap=2048),
            "A longer max length keeps more of each example (it costs memory and time).",
        ),
    ),
    # -- training a tabular model (a search over scikit-learn models)
    _intent(
        "training",
        TABLE,
        r"""\b(search|train(ing)?)\ (for\ )?(longer|more)\b|\bmore\ time\b
           |\b(focus\ on|prioriti[sz]e|maximi[sz]e)\ (the\ )?(accuracy|quality)\b
           |\b(more|most)\ accurate\b|\b(better|best|higher)\ (accuracy|results|model|quality)\b
           |\bunder-?fit\w*|^\s*longer\s*$""",
        Move(
            "time_budget_s",
            times(2, cap=1800),
            "A longer search tries more model families and settings.",
        ),
    ),
    _intent(
        "training",
        TABLE,
        r"""\b(faster|quicker|sooner|less\ time|too\ slow|speed\ (it\ )?up|shorter)\b
           |\b(takes|taking)\ too\ long\b""",
        Move("time_budget_s", times(0.5, floor=10), "A shorter search finishes sooner."),
        Move(
            "cv_folds",
            plus(-2, floor=3),
            "Fewer folds: each candidate is fitted fewer times.",
        ),
    ),
    _intent(
        "training",
        TABLE,
        r"\bover-?fit\w*|\bmemori[sz]\w*",
        Move(
            "cv_folds",
            plus(2, cap=10),
            "More folds judge each candidate on more splits, so the search is less likely to "
            "pick a model that only fits noise.",
        ),
        Move(
            "test_size",
            plus(0.05, cap=0.3),
            "A larger held-out test gives a more trustworthy final score.",
        ),
    ),
)

# ---- names people use for settings ------------------------------------------------------------

ALIASES: dict[str, tuple[str, ...]] = {
    "learning_rate": ("learning rate", "learning-rate", "lr"),
    "batch_size": ("batch size", "batch"),
    "epochs": ("epochs", "epoch", "passes"),
    "max_length": (
        "max length",
        "maximum length",
        "max sequence length",
        "sequence length",
        "context length",
        "max seq len",
    ),
    "grad_accum": ("gradient accumulation", "grad accum", "accumulation steps", "accumulation"),
    "max_steps": ("max steps", "maximum steps", "step cap"),
    "warmup_ratio": ("warmup ratio", "warm-up", "warmup"),
    "weight_decay": ("weight decay", "regularization", "regularisation"),
    "schedule": ("learning rate schedule", "lr schedule", "scheduler", "schedule"),
    "method": ("training method", "method"),
    "lora_r": ("lora rank", "lora r", "rank"),
    "lora_alpha": ("lora alpha", "alpha"),
    "lora_dropout": ("lora dropout", "dropout"),
    "val_fraction": (
        "validation fraction",
        "validation split",
        "validation size",
        "val fraction",
        "val split",
    ),
    "eval_every_steps": ("evaluate every", "eval every", "evaluation interval"),
    "log_every_steps": ("log every",),
    "checkpoint_every_steps": ("checkpoint every", "save every"),
    "early_stopping_patience": ("early stopping patience", "patience"),
    "sample_every_steps": ("sample every",),
    "sample_max_new_tokens": ("sample max new tokens", "sample length"),
    "precision": ("precision",),
    "threads": ("cpu threads", "threads"),
    "gradient_checkpointing": ("gradient checkpointing", "activation checkpointing"),
    "seed": ("random seed", "seed"),
    "time_budget_s": ("time budget", "search time", "time limit", "budget"),
    "test_size": ("test size", "test split", "test fraction", "test set"),
    "cv_folds": ("cross-validation folds", "cross validation folds", "cv folds", "folds", "cv"),
    "temperature": ("temperature", "temp"),
    "top_p": ("top p", "top-p", "topp", "nucleus"),
    "top_k": ("top k", "top-k", "topk"),
    "max_new_tokens": (
        "max new tokens",
        "new tokens",
        "max tokens",
        "answer length",
        "response length",
        "max length",
        "tokens",
    ),
    "repetition_penalty": ("repetition penalty", "repeat penalty", "rep penalty"),
}
FRACTIONS = frozenset(
    {"warmup_ratio", "val_fraction", "test_size", "top_p", "lora_dropout", "weight_decay"}
)
NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?"
WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twenty": 20,
    "fifty": 50,
    "hundred": 100,
}
WORDS = (
    r"lora|full|linear|cosine|constant|fp32|bf16|fp16|on|off|true|false|yes|no|enabled?|disabled?"
)
VALUE = rf"(?P<value>{NUMBER}|{'|'.join(WORD_NUMBERS)}|{WORDS})\b"
UNIT = r"(?P<unit>\s*(?:%|percent\b|seconds?\b|secs?\b|s\b|minutes?\b|mins?\b|m\b|hours?\b|h\b))?"
BOOL_WORDS = {"on": True, "true": True, "yes": True, "enable": True, "enabled": True}
UP = r"increase|raise|higher|bigger|larger|more|longer|boost|bump\ up|bump|up"
DOWN = r"decrease|lower|reduce|smaller|less|fewer|shorter|cut|drop|shrink|down"
INTENSITY = (  # "a bit" moves half as far, "much" twice as far
    (
        re.compile(
            r"\b(a\ (little\ )?bit|slightly|a\ little|somewhat|a\ touch|marginally)\b", re.X
        ),
        0.5,
    ),
    (re.compile(r"\b(much|a\ lot|way|far|very|significantly|really|extremely|lots)\b", re.X), 2.0),
)
# a nudge of a named setting ("lower the temperature"): (up, down)
STEPS: dict[str, tuple[Compute, Compute]] = {
    "temperature": (plus(0.2), plus(-0.2)),
    "top_p": (plus(0.05), plus(-0.05)),
    "repetition_penalty": (plus(0.1), plus(-0.1)),
    "top_k": (grow(2, 10), times(0.5)),
    "weight_decay": (grow(2, 0.01), times(0.5)),
    "warmup_ratio": (plus(0.05), plus(-0.05)),
    "lora_dropout": (plus(0.05), plus(-0.05)),
    "val_fraction": (plus(0.05), plus(-0.05)),
    "test_size": (plus(0.05), plus(-0.05)),
    "early_stopping_patience": (plus(1), plus(-1)),
    "cv_folds": (plus(1), plus(-1)),
    "seed": (plus(1), plus(-1)),
}
DEFAULT_STEP = (times(2), times(0.5))
PRIORITY_EXPLICIT, PRIORITY_NUDGE, PRIORITY_INTENT = 2, 1, 0

SETTING_EXAMPLES = {
    "testing": [
        "make the answers more creative",
        "shorter answers",
        "less repetitive",
        "temperature 0.2",
        "max new tokens 200",
    ],
    "training": [
        "train longer",
        "it is overfitting",
        "use less memory",
        "faster training",
        "focus on accuracy",
        "use the small model",
        "set learning rate to 3e-5",
        "batch size 16",
    ],
    "tabular": ["search for 2 minutes", "5 folds", "test size 25%", "faster", "more accurate"],
}


CHECKPOINTING = r"(the\ )?(gradient|activation)\ checkpointing"
PHRASES: tuple[tuple[re.Pattern[str], str, Compute], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE | re.VERBOSE), setting, compute)
    for pattern, setting, compute in (
        (
            r"(?<!no\ )(?<!without\ )(?<!of\ )\blora\b(?!\s*(rank|r\b|alpha|dropout))",
            "method",
            to("lora"),
        ),
        (
            r"\bfull[\s-]*(model\s+)?(fine[\s-]*tun\w*|training|method)\b"
            r"|\ball\s+(the\s+)?weights\b|\b(no|without)\s+lora\b",
            "method",
            to("full"),
        ),
        *(
            (rf"\b{kind}\s+(schedule|decay|lr|learning|scheduler)\b", "schedule", to(kind))
            for kind in ("cosine", "linear", "constant")
        ),
        *((rf"\b{kind}\b", "precision", to(kind)) for kind in ("bf16", "fp16", "fp32")),
        (r"\b(mixed|half)\s+precision\b", "precision", to("bf16")),
        (r"\bfull\s+precision\b", "precision", to("fp32")),
        (
            rf"\b(enable|turn\ on|switch\ on|use|activate)\s+{CHECKPOINTING}",
            "gradient_checkpointing",
            to(True),
        ),
        (
            rf"\b(disable|turn\ off|switch\ off|no|without)\s+{CHECKPOINTING}",
            "gradient_checkpointing",
            to(False),
        ),
        (
            r"\b(turn\ off|disable|no|without|stop\ using)\s+(the\ )?early\ stopping",
            "early_stopping_patience",
            to(0),
        ),
        (
            r"\b(turn\ on|enable|use)\s+(the\ )?early\ stopping",
            "early_stopping_patience",
            lambda old, scale: 3 if old == 0 else old,  # 0 means off; otherwise it is on
        ),
    )
)


def _alias_pattern(names: list[str]) -> str:
    pairs = [(alias, name) for name in names for alias in (*ALIASES.get(name, ()), name)]
    pairs.sort(key=lambda pair: -len(pair[0]))
    return "|".join(re.escape(alias).replace(r"\ ", r"[\s_-]*") for alias, _ in pairs)


def _alias_lookup(names: list[str]) -> Callable[[str], str | None]:
    table = {}
    for name in names:
        for alias in (*ALIASES.get(name, ()), name):
            table[re.sub(r"[\s_-]+", " ", alias.lower())] = name
    return lambda text: table.get(re.sub(r"[\s_-]+", " ", text.lower()))


# ---- one clause at a time ---------------------------------------------------------------------


@dataclass
class Proposed:
    """A value read from a sentence, before the rules have checked it."""

    setting: str
    value: Any
    reason: str
    priority: int
    relative: bool  # a move, clamped into range; explicit values are refused when outside it


class SettingsParser:
    """Everything the offline rules can read from a sentence about one context's settings."""

    def __init__(self, context: SettingsContext) -> None:
        self.context = context
        self.rules = rules_for(context)
        self.values = current_values(context)
        self.task = task_of(context)
        names = [n for n in self.rules if n != BASE_MODEL]
        # settings of the other step (or kind of model) are recognised, to say where they live
        everything = [*TEXT_RULES, *TABULAR_RULES, *GENERATION_RULES]
        others = [n for n in dict.fromkeys(everything) if n not in self.rules]
        self.own = _alias_lookup(names)
        self.other = _alias_lookup(others)
        aliases = _alias_pattern(names + others)
        flags = re.IGNORECASE | re.VERBOSE
        connector = r"\s*(?:(?:to|=|:|of|at|is|be|->|→|should\ be|equal\ to)\s*)?"
        self.explicit = re.compile(rf"\b(?P<name>{aliases})\b{connector}{VALUE}{UNIT}", flags)
        self.before = re.compile(
            rf"\b(?P<value>{NUMBER}|{'|'.join(WORD_NUMBERS)})[\s-]*(?P<name>epochs?|passes"
            r"|folds?|(?:new\s+)?tokens|steps|seconds?|minutes?|mins?|hours?)\b",
            flags,
        )
        self.nudge = re.compile(
            rf"\b(?P<dir>{UP}|{DOWN})\s+(?:the\s+)?(?P<name>{aliases})\b"
            rf"|\b(?P<name2>{aliases})\s+(?:(?:a\ )?(?:little\ )?bit\s+|much\s+)?"
            r"(?P<dir2>up|down|higher|lower)\b"
            rf"|\b(?P<name3>{aliases})\s+(?:is|seems|looks|feels)\s+too\s+(?P<too>\w+)",
            flags,
        )
        self.scale_words = re.compile(
            rf"\b(?P<op>double|halve|half)\s+(?:the\s+)?(?P<name>{aliases})\b", flags
        )
        self.unknown_set = re.compile(
            r"\b(?:set|change|make)\s+(?:the\s+)?(?P<name>[a-z][a-z _-]{1,30}?)\s+(?:to|=)\s+\S+",
            flags,
        )
        self.notes: list[str] = []

    # -- the pieces

    def _name(self, text: str) -> str | None:
        name = self.own(text)
        if name is None and (other := self.other(text)):
            where = "Testing" if other in GENERATION_RULES else "Training"
            note = f"{label(other)} is not a setting of this step (it is a {where} setting)."
            if self.context.step == "training" and other in TEXT_RULES and self.task == "tabular":
                note = f"{label(other)} does not apply to tabular models."
            if note not in self.notes:
                self.notes.append(note)
        return name

    def _value(self, name: str, raw: str, unit: str | None) -> Any:
        word = raw.lower()
        if word in WORD_NUMBERS:
            return WORD_NUMBERS[word]
        rule = self.rules[name]
        if rule.kind is bool:
            return BOOL_WORDS.get(word, False) if not re.match(NUMBER, word) else bool(float(word))
        if rule.choices is not None:
            return word
        if not re.fullmatch(NUMBER, word):
            return word  # refused by the rule with a message naming the allowed values
        number = float(word)
        unit = (unit or "").strip().lower()
        if name in FRACTIONS and (unit in ("%", "percent") or 1 < number <= 100):
            number /= 100
        if name == "time_budget_s" and unit:
            number *= 3600 if unit.startswith("h") else 60 if unit.startswith("m") else 1
        return int(number) if rule.kind is int and number == int(number) else number

    def _explicit_value(self, name: str, value: Any) -> Proposed:
        reason = f"You asked for {label(name)} {format_value(value)}."
        return Proposed(name, value, reason, PRIORITY_EXPLICIT, relative=False)

    def _explicit(self, clause: str) -> list[Proposed]:
        found: list[Proposed] = []
        taken: list[tuple[int, int]] = []
        for match in self.explicit.finditer(clause):
            name = self._name(match["name"])
            if name is None:
                continue
            value = self._value(name, match["value"], match["unit"])
            found.append(self._explicit_value(name, value))
            taken.append(match.span())
        for match in self.before.finditer(clause):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            word = match["name"].lower()
            name = (
                "epochs"
                if word.startswith(("epoch", "pass"))
                else "cv_folds"
                if word.startswith("fold")
                else "max_new_tokens"
                if "token" in word
                else "max_steps"
                if word == "steps"
                else "time_budget_s"
            )
            if name not in self.rules:
                continue
            unit = word if name == "time_budget_s" else None
            value = self._value(name, match["value"], unit)
            found.append(self._explicit_value(name, value))
        found.extend(self._phrases(clause))
        return found

    def _phrases(self, clause: str) -> list[Proposed]:
        """Values said without a number: "use lora", "cosine schedule", "no early stopping"."""
        found = [
            self._explicit_value(setting, compute(self.values.get(setting), 1.0))
            for pattern, setting, compute in PHRASES
            if setting in self.rules and pattern.search(clause)
        ]
        if BASE_MODEL in self.rules:
            found += [self._explicit_value(BASE_MODEL, m) for m in self._named_models(clause)]
        return found

    def _named_models(self, text: str) -> list[str]:
        known = base_model_choices(self.context.template_id) or tuple(KNOWN_MODELS)
        found = []
        for hub_id in dict.fromkeys(known):
            segment = hub_id.rsplit("/", 1)[-1].lower()
            words = [w for w in re.split(r"[-_]", segment) if w != "all"]
            key = re.sub(r"\d+$", "", words[0]) if words else segment
            if re.search(rf"\b{re.escape(key)}\d*\b", text) or hub_id.lower() in text:
                found.append(hub_id)
        return found

    def _nudges(self, clause: str, scale: float) -> list[Proposed]:
        found = []
        for match in self.scale_words.finditer(clause):
            name = self._name(match["name"])
            if name is not None and self.rules[name].choices is None:
                up = match["op"].lower() == "double"
                compute = times(2) if up else times(0.5)
                found.append(self._move(name, compute, 1.0, up, PRIORITY_NUDGE))
        for match in self.nudge.finditer(clause):
            raw = match["name"] or match["name2"] or match["name3"]
            name = self._name(raw)
            if name is None or self.rules[name].choices is not None:
                continue
            if match["too"]:
                up = match["too"].lower() in ("low", "small", "short", "little", "few", "weak")
            else:
                direction = (match["dir"] or match["dir2"]).lower()
                up = re.fullmatch(UP, direction, re.X) is not None
            step_up, step_down = STEPS.get(name, DEFAULT_STEP)
            found.append(self._move(name, step_up if up else step_down, scale, up, PRIORITY_NUDGE))
        return [p for p in found if p is not None]

    def _move(self, name: str, compute: Compute, scale: float, up: bool, priority: int) -> Any:
        value = compute(self.values.get(name), scale)
        if value is None:
            self.notes.append(
                f"{label(name)} is not set; give it a value, e.g. “{label(name)} 500”."
            )
            return None
        word = "higher" if up else "lower"
        return Proposed(name, value, f"You asked for a {word} {label(name)}.", priority, True)

    def _intents(self, clause: str, scale: float) -> list[Proposed]:
        found = []
        for intent in INTENTS:
            if intent.step != self.context.step or self.task not in intent.tasks:
                continue
            if not intent.pattern.search(clause):
                continue
            for move in intent.moves:
                if move.setting not in self.rules or (move.when and not move.when(self.values)):
                    continue
                if move.setting == BASE_MODEL:
                    value = self._base_model(move.compute(None, scale))
                    if value is not None:
                        found.append(Proposed(BASE_MODEL, *value, PRIORITY_INTENT, True))
                    continue
                value = move.compute(self.values.get(move.setting), scale)
                if value is not None:
                    found.append(Proposed(move.setting, value, move.reason, PRIORITY_INTENT, True))
            if not found:  # understood, but nothing to move (e.g. already LoRA and nothing else)
                found.append(Proposed("", None, "", PRIORITY_INTENT, True))
        return found

    def _base_model(self, which: str) -> tuple[str, str] | None:
        choices = [c for c in base_model_choices(self.context.template_id) if c in KNOWN_MODELS]
        if len(choices) < 2:
            return None
        size = {c: KNOWN_MODELS[c].params_millions for c in choices}
        pick = (min if which == "smallest" else max)(choices, key=size.__getitem__)
        current = self.values.get(BASE_MODEL) or choices[0]
        now = f"{size[current]:g}M" if current in size else "the current one"
        if which == "smallest":
            reason = (
                f"{pick} has {size[pick]:g}M parameters (vs {now}): faster to train and to answer."
            )
        else:
            reason = f"{pick} has {size[pick]:g}M parameters (vs {now}): more capacity to learn."
        return pick, reason

    # -- the whole sentence

    def parse(self, sentence: str, explicit_only: bool = False) -> list[Proposed]:
        """Every proposal in the sentence, clause by clause (understood, not yet validated)."""
        proposals: list[Proposed] = []
        for clause in split_clauses(sentence):
            scale = next((s for p, s in INTENSITY if p.search(clause.lower())), 1.0)
            named = self._explicit(clause)
            if explicit_only:
                proposals.extend(named)
                continue
            # a clause about a named setting is about that setting, not an intent
            found = named + self._nudges(clause, scale) or self._intents(clause, scale)
            proposals.extend(found)
            if not found:
                for match in self.unknown_set.finditer(clause):
                    note = f"{match['name'].strip()!r} is not a setting that can be changed here."
                    if note not in self.notes:
                        self.notes.append(note)
        return proposals

    def changes(self, proposals: list[Proposed]) -> list[Change]:
        """The proposals validated against the rules: clamped moves, refused explicit values."""
        chosen: dict[str, Proposed] = {}
        for proposal in proposals:
            if not proposal.setting:
                continue
            held = chosen.get(proposal.setting)
            if held is None or proposal.priority > held.priority:
                chosen[proposal.setting] = proposal
        result = []
        for name, proposal in chosen.items():
            rule, old = self.rules[name], self.values.get(name)
            value = _tidy(
                rule, _clamp(rule, name, proposal.value) if proposal.relative else proposal.value
            )
            try:
                new = check_change(self.context, name, value)
            except ChangeRefused as exc:
                self.notes.append(str(exc))
                continue
            if new == old:
                self.notes.append(_unchanged(name, old, rule, proposal.relative))
                continue
            result.append(Change(setting=name, old=old, new=new, reason=proposal.reason))
        return result


def split_clauses(sentence: str) -> list[str]:
    """ "more creative and shorter, please" → ["more creative", "shorter, please"]-like clauses."""
    parts = re.split(
        r"\s*(?:[;]|,(?!\d)|\band\b|\bbut\b|\balso\b|\bthen\b|\bplus\b|\.(?!\d)\s)\s*",
        sentence.strip(),
        flags=re.IGNORECASE,
    )
    return [p for p in parts if p and p.strip(" .!?")]


def _clamp(rule: Rule, name: str, value: Any) -> Any:
    if rule.choices is not None or rule.kind is bool or not isinstance(value, int | float):
        return value
    if rule.high is not None:
        value = min(value, rule.high)
    if rule.low is not None:
        value = max(value, rule.low)
        if name in EXCLUSIVE_LOW and value <= rule.low:
            value = rule.low + (rule.high - rule.low) / 100 if rule.high is not None else value
    return value


def _tidy(rule: Rule, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if rule.kind is int:
        return round(value)
    return float(f"{value:.4g}")


def _unchanged(name: str, old: Any, rule: Rule, relative: bool) -> str:
    if relative and rule.high is not None and old == rule.high:
        return f"{label(name)} is already at its highest allowed value ({format_value(old)})."
    if relative and rule.low is not None and old == rule.low:
        return f"{label(name)} is already at its lowest allowed value ({format_value(old)})."
    return f"{label(name)} is already {format_value(old)}."


def _summary(changes: list[Change]) -> str:
    parts = [f"{label(c.setting)} {format_value(c.old)} → {format_value(c.new)}" for c in changes]
    noun = "change" if len(changes) == 1 else "changes"
    return f"{len(changes)} {noun}: {'; '.join(parts)}. Review and confirm to apply."


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "?", "!")) else ".")


def examples_for(context: SettingsContext) -> list[str]:
    """Phrasings that work on this step."""
    if context.step == "training" and task_of(context) == "tabular":
        return SETTING_EXAMPLES["tabular"]
    return SETTING_EXAMPLES[context.step]


def interpret_settings(sentence: str, context: SettingsContext) -> Interpretation:
    """The offline reading of a sentence as setting changes (nothing is applied)."""
    parser = SettingsParser(context)
    if not parser.rules:
        return Interpretation(
            interpreter="offline",
            changes=[],
            message="There are no settings to change here: generation settings apply to "
            "language models only.",
        )
    proposals = parser.parse(sentence)
    changes = parser.changes(proposals)
    notes = " ".join(_sentence(n) for n in parser.notes)
    if changes:
        message = _summary(changes) + (f" {notes}" if notes else "")
        return Interpretation(interpreter="offline", changes=changes, message=message)
    if proposals or parser.notes:
        return Interpretation(
            interpreter="offline",
            changes=[],
            message=notes or "Nothing to change: the settings already do that.",
        )
    examples = examples_for(context)
    return Interpretation(
        interpreter="offline",
        changes=[],
        message=f"I didn't understand “{sentence.strip()}” — try “{examples[0]}” or "
        f"“{examples[1]}”.",
        examples=examples,
    )


def explicit_overrides(text: str, task: Task) -> tuple[dict[str, Any], list[str]]:
    """Settings named with a value in a command ("… for 5 epochs with lora"), validated."""
    context = SettingsContext(step="training", task=task)
    parser = SettingsParser(context)
    proposals = [p for p in parser.parse(text, explicit_only=True) if p.setting != BASE_MODEL]
    values: dict[str, Any] = {}
    for proposal in proposals:
        try:
            values[proposal.setting] = check_change(context, proposal.setting, proposal.value)
        except ChangeRefused as exc:
            parser.notes.append(f"{exc}.")
    return values, parser.notes


# ---- commands ---------------------------------------------------------------------------------

FLAGS = re.IGNORECASE | re.VERBOSE
RESOURCES = r"(datasets|data\ sets|models|deployments|endpoints|runs)"
# first match wins: specific requests before the broad "what is …" questions and "train"
KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, FLAGS))
    for kind, pattern in (
        ("help", r"^\s*(help|\?|what\ can\ you\ do|how\ do\ i\ use\ (this|you))\b"),
        (
            "list",
            rf"""^\s*(please\ )?(list|show)(\ me)?(\ all)?(\ (my|the|our))?\ {RESOURCES}\b
               |\b(what|which)\ {RESOURCES}\b|\b{RESOURCES}\ (do\ i\ have|are\ there|exist)\b
               |\bwhat\ are\ (my|the|our)\ {RESOURCES}\b""",
        ),
        ("explain", r"^\s*(please\ )?(explain|define|meaning\ of)\b|\bexplain\b"),
        ("undeploy", r"\bundeploy\b|\btake\b.*\b(offline|down)\b|\bstop\ serving\b"),
        ("rollback", r"\broll\ ?back\b|\broll\b.+\bback\b|\brevert\b|\bprevious\ version\b"),
        (
            "usage",
            r"""\bhow('s|\ is|\ are)\b.*\b(doing|performing|going|behaving)\b|\busage\b|\btraffic\b
               |\bstats\b|\bstatistics\b|\bhow\ many\ requests\b""",
        ),
        ("compare", r"\bcompare\b|\bvs\.?(?!\w)|\bversus\b|\bdifference\ between\b"),
        ("download", r"\bdownload\b|\bexport\b"),
        ("deploy", r"\b(re)?deploy\b|\bpublish\b|\bgo\ live\b|\bput\b.*\blive\b"),
        ("cancel_run", r"\b(cancel|abort|stop)\b.*\b(run|training)\b"),
        ("resume_run", r"\b(resume|continue|restart)\b.*\b(run|training)\b"),
        (
            "explain",
            r"""^\s*(what\ (is|are|does|do)|what's|whats|tell\ me\ about|why\ (is|does|did)
               |how\ (do|should)\ i\ (read|interpret))\b""",
        ),
        ("train", r"\b(train|fine[\s-]?tune|finetune|retrain)\b"),
    )
)
TEMPLATE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (template_id, re.compile(pattern, FLAGS))
    for template_id, pattern in (
        (
            "tabular-predictor",
            r"\b(regression|regressor|tabular|table|spreadsheet|predictor|forecast\w*)\b",
        ),
        (
            "text-classifier",
            r"\b(classif\w*|sentiment|categori[sz]\w*|label\w*|spam|intent\ detection)\b",
        ),
        ("code-assistant", r"\b(code|coding|programming|developer)\b"),
        ("creative-writer", r"\b(writer|writing|creative|stor(y|ies)|blog|poem\w*|copywrit\w*)\b"),
        (
            "customer-service-bot",
            r"\b(support|customer|service|chat\ ?bot|chatbot|helpdesk|faq|q&a|assistant|bot)\b",
        ),
    )
)
TOPIC_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (topic, re.compile(pattern, FLAGS))
    for topic, pattern in (
        ("curve", r"\b(curve|chart|graph|plot|loss\ going|training\ going|this\ run|the\ run)\b"),
        ("val_loss", r"\b(val(idation)?[\s_]loss|held[\s-]out\ loss|eval(uation)?\ loss)\b"),
        ("perplexity", r"\bperplexity\b"),
        ("likelihood_gain", r"\blikelihood[\s_]gain\b"),
        ("macro_f1", r"\bmacro[\s_-]?f1\b"),
        ("f1", r"\bf1\b"),
        ("accuracy", r"\baccura(cy|te)\b"),
        ("rmse", r"\brmse\b|\broot\ mean\ squared?\b"),
        ("mae", r"\bmae\b|\bmean\ absolute\b"),
        ("r2", r"\br2\b|\br²|\br[\s-]squared\b"),
        ("roc_auc", r"\b(roc[\s_-]?)?auc\b"),
        ("learning_rate", r"\blearning[\s_]rate\b|\blr\b"),
        ("overfitting", r"\bover-?fit\w*"),
        ("underfitting", r"\bunder-?fit\w*"),
        ("early_stopping", r"\bearly[\s_]stopp\w*|\bpatience\b"),
        ("epoch", r"\bepochs?\b"),
        ("temperature", r"\btemperature\b"),
        ("top_p", r"\btop[\s_-]?p\b|\bnucleus\b"),
        ("top_k", r"\btop[\s_-]?k\b"),
        ("repetition_penalty", r"\brepetition[\s_]penalty\b"),
        ("max_new_tokens", r"\bmax[\s_]new[\s_]tokens\b"),
        ("lora", r"\blora\b"),
        ("batch_size", r"\bbatch([\s_]size)?\b"),
        ("latency", r"\blatency\b|\bp(50|95|99)\b"),
        ("error_rate", r"\berror[\s_]rate\b"),
        ("loss", r"\bloss\b"),
    )
)
STOP = (
    r"(?=\s+(?:to|predicting|predict|for|with|using|and|as|called|named|in|at|on|then)\b"
    r"|[,?!]|\.(?:\s|$)|$)"
)
FILLER = re.compile(
    r"^(?:the|my|our|a|an|this|that)\s+|\s+(?:dataset|data\s*set|file|model|endpoint"
    r"|deployment|api|please|doing|performing|going|behaving|today|now|lately)$",
    re.IGNORECASE,
)
VAGUE = frozenset({"", "it", "this", "that", "them", "one", "model", "endpoint", "deployment"})


def _ref(text: str, noun: str) -> str | None:
    """An explicit id: "dataset #12", "model 7", "endpoint #3"."""
    match = re.search(rf"\b(?:{noun})\s*(?:#|id\s*)?\s*(\d+)\b", text, re.IGNORECASE)
    return f"{noun.split('|')[0]} #{match[1]}" if match else None


def _clean_query(text: str | None) -> str | None:
    if not text:
        return None
    text = text.strip(" \"'`")
    previous = None
    while previous != text:
        previous, text = text, FILLER.sub("", text).strip(" \"'`")
    return None if text.lower() in VAGUE else text


def _plain(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", text.lower()).strip()


def _named_in(text: str, names: list[str]) -> str | None:
    """The longest candidate name written in the text (whole words only)."""
    lowered = _plain(text)
    found = [
        name
        for name in names
        if _plain(name) and re.search(rf"(?<!\w){re.escape(_plain(name))}(?!\w)", lowered)
    ]
    return max(found, key=len) if found else None


def _after(text: str, words: str) -> str | None:
    match = re.search(rf"\b(?:{words})\s+(?P<q>.+?){STOP}", text, re.IGNORECASE)
    return _clean_query(match["q"]) if match else None


def _template_in(text: str) -> str | None:
    lowered = text.lower()
    for template_id, template in catalog().items():
        if template_id in lowered or template.name.lower() in lowered:
            return template_id
    return next((t for t, pattern in TEMPLATE_WORDS if pattern.search(text)), None)


def _format_in(text: str) -> str | None:
    lowered = text.lower()
    if re.search(r"\bint8\b|\bquanti[sz]ed\b|\b8[\s-]?bit\b", lowered):
        return "onnx-int8"
    if re.search(r"\bonnx\b", lowered):
        return "onnx"
    if re.search(
        r"\b(pytorch|torch|safetensors|hugging\s?face|hf|transformers|sklearn)\b", lowered
    ):
        return "pytorch"
    return None


def _listing(text: str) -> str | None:
    lowered = text.lower()
    for listing, word in (
        ("datasets", "data"),
        ("deployments", "endpoint"),
        ("deployments", "deployment"),
        ("runs", "run"),
        ("models", "model"),
    ):
        if word in lowered:
            return listing
    return None


def parse_command(message: str, candidates: Candidates) -> CommandSlots | None:
    """The kind of request and the names in it, or None when no rule matches."""
    text = " ".join(message.split())
    kind = next((k for k, pattern in KINDS if pattern.search(text)), None)
    if kind is None:
        return None
    slots = CommandSlots.model_validate({"kind": kind})
    if kind == "train":
        dataset_names = [n for d in candidates.datasets for n in (d.name, d.filename)]
        slots.dataset = (
            _ref(text, "dataset")
            or _named_in(text, dataset_names)
            or _after(text, "on|using|from")
            or _after(text, "with")
        )
        # the dataset's own name ("support_tickets") says nothing about the kind of model
        rest = re.sub(re.escape(slots.dataset or "\0"), " ", text, flags=re.IGNORECASE)
        slots.template_id = _template_in(rest)
        target = re.search(
            r"\b(?:to\s+predict|predicting|predict|target(?:ing)?|to\s+forecast|forecasting"
            r"|to\s+estimate|estimating)\s+(?:the\s+)?(?:column\s+)?[\"'`]?(?P<t>[\w.\-]+)",
            text,
            re.IGNORECASE,
        )
        slots.target = target["t"] if target else None
        name = re.search(r"\b(?:called|named)\s+[\"'`]?(?P<n>[\w .\-]+?)[\"'`]?" + STOP, text)
        slots.name = name["n"].strip() if name else None
    elif kind in ("deploy", "download"):
        slots.model = _ref(text, "model") or _named_in(text, [m.name for m in candidates.models])
        version = re.search(r"\bv(?:ersion)?\s*(\d+)\b", text, re.IGNORECASE)
        by_id = (slots.model or "").startswith("model #")
        slots.version = int(version[1]) if version and not by_id else None
        slots.latest = bool(re.search(r"\b(latest|newest|last|most\s+recent)\b", text, re.I))
        if slots.model is None:
            verbs = r"(?:re)?deploy|publish|download|export"
            query = _after(text, rf"(?:{verbs})(?:\s+the)?(?:\s+(?:latest|newest|last))?")
            versionless = query and re.fullmatch(r"(v|version\s*)\d+", query, re.IGNORECASE)
            slots.model = None if versionless else query
        if kind == "deploy":
            slots.deployment = _ref(text, "endpoint|deployment") or _after(
                text, r"(?:to|at|on)\s+(?:the\s+)?(?:endpoint|deployment)"
            )
            slots.new_endpoint = bool(re.search(r"\bnew\s+(endpoint|deployment|url)", text, re.I))
        else:
            slots.format = _format_in(text)  # type: ignore[assignment]
    elif kind in ("rollback", "undeploy", "usage"):
        deployment_names = [n for d in candidates.deployments for n in (d.slug, d.name)]
        slots.deployment = (
            _ref(text, "endpoint|deployment")
            or _named_in(text, deployment_names)
            or _after(
                text,
                r"roll\s*back|revert|undeploy|take|stop\s+serving|usage\s+(?:of|for)"
                r"|stats\s+(?:of|for)|how(?:'s|\s+is|\s+are)",
            )
        )
    elif kind == "compare":
        slots.runs = [int(n) for n in re.findall(r"\b(\d+)\b", text)][:2]
        slots.latest_runs = not slots.runs and bool(
            re.search(r"\b(last|latest|recent|newest)\b", text, re.IGNORECASE)
        )
    elif kind in ("cancel_run", "resume_run", "explain"):
        run = re.search(r"\brun\s*#?\s*(\d+)|#(\d+)", text, re.IGNORECASE)
        slots.runs = [int(run[1] or run[2])] if run else []
        if kind == "explain":
            slots.topic = next((t for t, pattern in TOPIC_WORDS if pattern.search(text)), None)
    elif kind == "list":
        slots.listing = _listing(text)  # type: ignore[assignment]
    return slots
