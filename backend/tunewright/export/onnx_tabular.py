"""scikit-learn pipelines to ONNX with skl2onnx, including Tunewright's own column transformers.

What ONNX cannot do is done when the inputs are prepared (`tabular_feed`), with the very same
code the pipeline runs: cells are read as numbers (`ToNumbers`: "1,234" → 1234.0), as strings
(`ToStrings`: blank → "(missing)"), dates are split into year/month/day/weekday (`DateParts`;
ONNX has no date parsing), and text columns are lowercased (ONNX's StringNormalizer needs an
installed OS locale to do it). Inside the graph those three transformers are identities, so
the graph's inputs are one [N, 1] tensor per column (four per date column):

    number    float64  after ToNumbers
    category  string   after ToStrings
    text      string   after ToStrings, lowercased
    date      float64  `<column>__year|month|day|dayofweek` after DateParts

A few converters are replaced or adjusted so the graph computes what scikit-learn computes
(skl2onnx 1.20 differs in each case):
- SimpleImputer: `add_indicator` columns (ignored by skl2onnx), in float64;
- OneHotEncoder: categories grouped as "infrequent" (`min_frequency`, `max_categories`), which
  skl2onnx refuses for a single input;
- TF-IDF: `sublinear_tf` is 1 + log(tf) (skl2onnx computes log(1 + tf)); tokens match
  `[\\pL\\pN_]{2,}`, RE2's spelling of scikit-learn's `(?u)\\b\\w\\w+\\b`;
- random forests: features cast to float32 first, as scikit-learn's trees do internally;
- histogram gradient boosting regressors: split thresholds stored as float64 tensors
  (ai.onnx.ml v3), as scikit-learn compares in float64 — float32 thresholds send values near
  a split the wrong way;
- histogram gradient boosting classifiers: features cast to float32 like forests, because ONNX
  Runtime 1.32's float64 tree classifier disagreed with scikit-learn on multi-class models; a
  value within float32 rounding of a split can then go the other way, which the parity check
  reports.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

from tunewright.export import parity
from tunewright.export.onnx_text import MODEL_FILE, ExportError, OnnxGraph
from tunewright.export.parity import Parity
from tunewright.export.runtime import TABULAR_THREADS, ort_session
from tunewright.training.tabular.transformers import DATE_PARTS, DateParts, ToNumbers, ToStrings
from tunewright.training.tabular.workflow import PIPELINE_FILE, json_ready

TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}
TEXT_KINDS = ("category", "text")
TOKEN_PATTERN = r"[\pL\pN_]{2,}"  # RE2 for scikit-learn's default (?u)\b\w\w+\b
FLOAT32_TREES = (
    "RandomForestClassifier",
    "RandomForestRegressor",
    "HistGradientBoostingClassifier",
)


class AsFloat32(TransformerMixin, BaseEstimator):
    """Export-time only: casts features to float32 before a tree model (as scikit-learn does)."""

    def fit(self, x: Any, y: Any = None) -> AsFloat32:
        """Nothing to learn."""
        return self

    def transform(self, x: Any) -> Any:
        """The features as float32."""
        return x.astype(np.float32)


@dataclass(frozen=True)
class InputSpec:
    """One graph input: which column it comes from and how the column is prepared."""

    column: str
    name: str
    kind: str  # number | category | text | date
    part: str | None = None  # date inputs: year | month | day | dayofweek

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"column": self.column, "name": self.name, "kind": self.kind, "part": self.part}


def load_pipeline(folder: Path) -> Pipeline:
    """The saved scikit-learn pipeline of a tabular model."""
    pipeline: Pipeline = joblib.load(folder / PIPELINE_FILE)
    return pipeline


def export_tabular(artifact_dir: Path, out: Path) -> OnnxGraph:
    """Write model.onnx for the pipeline in `artifact_dir`; returns the inputs and outputs."""
    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import DoubleTensorType, StringTensorType

    _register_converters()
    pipeline = load_pipeline(artifact_dir)
    rewritten, specs = _rewrite(pipeline)
    column = {True: StringTensorType, False: DoubleTensorType}
    types = [(s.name, column[s.kind in TEXT_KINDS]([None, 1])) for s in specs]
    model = rewritten.named_steps["model"]
    classifier = hasattr(model, "classes_")
    options: dict[Any, Any] = {TfidfVectorizer: {"tokenexp": TOKEN_PATTERN}}
    if classifier:
        options[id(model)] = {"zipmap": False}  # a probability matrix, not a list of dicts
    try:
        with _CONVERT_LOCK, _int_tree_flags():
            graph = convert_sklearn(
                rewritten,
                initial_types=types,
                target_opset=TARGET_OPSET,
                options=options,
                custom_conversion_functions={
                    SimpleImputer: _imputer_convert,
                    OneHotEncoder: _onehot_convert,
                    TfidfVectorizer: _tfidf_convert,
                    HistGradientBoostingRegressor: _double_trees_convert,
                },
                custom_shape_calculators={
                    SimpleImputer: _imputer_shape,
                    OneHotEncoder: _onehot_shape,
                    HistGradientBoostingRegressor: _float_outputs_shape,
                },
            )
    except (RuntimeError, NotImplementedError, ValueError, TypeError) as exc:
        raise ExportError(
            f"This {type(model).__name__} pipeline cannot be converted to ONNX: {exc}"[:500],
            hint="Download format=pytorch (the scikit-learn pipeline) instead.",
        ) from exc
    (out / MODEL_FILE).write_bytes(graph.SerializeToString())
    outputs = [o.name for o in graph.graph.output]
    classes = json_ready(list(model.classes_)) if classifier else None
    return OnnxGraph(
        files=[MODEL_FILE],
        inputs=[s.name for s in specs],
        outputs=outputs,
        info={
            "problem": "classification" if classifier else "regression",
            "classes": classes,
            "inputs": [s.as_dict() for s in specs],
            "opset": TARGET_OPSET,
            "exporter": "skl2onnx.convert_sklearn",
            "model": type(model).__name__,
        },
        notes=[
            "Prepare inputs as described under 'inputs' (numbers parsed, blanks as '(missing)', "
            "text lowercased, dates split into parts) before running the graph."
        ],
    )


def tabular_feed(rows: pd.DataFrame, inputs: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    """The graph's inputs for `rows` (a column the rows lack counts as blank)."""
    feed: dict[str, np.ndarray] = {}
    dates: dict[str, np.ndarray] = {}
    for spec in inputs:
        column, kind = spec["column"], spec["kind"]
        values = rows[column] if column in rows.columns else pd.Series([None] * len(rows))
        frame = values.reset_index(drop=True).to_frame(name=column)
        if kind == "number":
            feed[spec["name"]] = ToNumbers().transform(frame).astype(np.float64).reshape(-1, 1)
        elif kind in ("category", "text"):
            strings = ToStrings().transform(frame).reshape(-1, 1)
            if kind == "text":
                strings = np.array([[s.lower()] for s in strings[:, 0]], dtype=object)
            feed[spec["name"]] = strings
        elif kind == "date":
            if column not in dates:
                dates[column] = DateParts().transform(frame).astype(np.float64)
            index = DATE_PARTS.index(spec["part"])
            feed[spec["name"]] = dates[column][:, index : index + 1]
    return feed


def run_graph(session: Any, rows: pd.DataFrame, info: dict[str, Any]) -> tuple[list[Any], Any]:
    """(predictions, probability matrix or None) from an ONNX tabular session."""
    outputs = session.run(None, tabular_feed(rows, info["inputs"]))
    if info["problem"] == "classification":
        probabilities = np.asarray(outputs[1], dtype=np.float64)
        classes = info["classes"]
        return [classes[i] for i in probabilities.argmax(axis=1)], probabilities
    return [float(v) for v in np.asarray(outputs[0]).ravel()], None


def check_tabular(
    artifact_dir: Path, onnx_path: Path, info: dict[str, Any], rows: pd.DataFrame, source: str
) -> Parity:
    """Compare ONNX with scikit-learn on `rows`: classes and probabilities, or values."""
    pipeline = load_pipeline(artifact_dir)
    session = ort_session(onnx_path, TABULAR_THREADS)
    predicted, probabilities = run_graph(session, rows, info)
    if info["problem"] == "classification":
        expected = pipeline.predict_proba(rows)
        labels = list(pipeline.classes_[expected.argmax(axis=1)])
        diff = float(np.abs(probabilities - expected).max())
        top2 = np.sort(expected, axis=1)[:, -2:] if expected.shape[1] > 1 else expected
        tie = (top2[:, -1] - top2[:, 0]) <= parity.TABULAR_PROBA_ATOL
        mismatched = [i for i, (a, b) in enumerate(zip(predicted, labels, strict=True)) if a != b]
        real = [i for i in mismatched if not tie[i]]
        notes = (
            [f"{len(mismatched) - len(real)} rows differ only where two classes tie"]
            if len(mismatched) > len(real)
            else []
        )
        checks = [
            parity.at_most(
                "max_abs_diff", diff, parity.TABULAR_PROBA_ATOL, "largest probability difference"
            ),
            parity.at_least(
                "label_agreement",
                1.0 - len(real) / max(1, len(rows)),
                1.0,
                "share of rows with the same predicted class",
            ),
        ]
        return Parity(checks, len(rows), "scikit-learn pipeline", source, notes)
    expected_values = np.asarray(pipeline.predict(rows), dtype=np.float64)
    scale = max(float(np.abs(expected_values).mean()), 1e-12)
    relative = np.abs(np.asarray(predicted) - expected_values) / np.maximum(
        np.abs(expected_values), scale
    )
    checks = [
        parity.at_most(
            "max_rel_diff",
            float(relative.max()),
            parity.TABULAR_RTOL,
            "largest prediction difference relative to the prediction's size",
        )
    ]
    return Parity(checks, len(rows), "scikit-learn pipeline", source)


# ---------------------------------------------------------------- rewriting and converters


def _rewrite(pipeline: Pipeline) -> tuple[Pipeline, list[InputSpec]]:
    """A copy whose column selections name graph inputs, with lowercasing moved out of TF-IDF
    and a float32 cast before tree models."""
    copied = copy.deepcopy(pipeline)
    prepare, model = copied.named_steps["prepare"], copied.named_steps["model"]
    specs: list[InputSpec] = []
    taken: set[str] = set()
    rewritten = []
    for step, transformer, selected in prepare.transformers_:
        if step == "remainder" or transformer == "drop":
            rewritten.append((step, transformer, selected))
            continue
        names = [selected] if isinstance(selected, str) else list(selected)
        inputs: list[str] = []
        for column in names:
            for spec in _specs(step, str(column), taken):
                specs.append(spec)
                inputs.append(spec.name)
        if step.startswith("text_"):
            vectorizer = transformer.named_steps["tfidf"]
            if vectorizer.analyzer != "word" or vectorizer.preprocessor or vectorizer.tokenizer:
                raise ExportError(
                    f"The text column {names[0]!r} uses a TF-IDF setup ONNX cannot express.",
                    hint="Download format=pytorch (the scikit-learn pipeline) instead.",
                )
            vectorizer.lowercase = False  # done by tabular_feed
        rewritten.append((step, transformer, inputs))
    prepare.transformers_ = rewritten
    if type(model).__name__ in FLOAT32_TREES:
        copied = Pipeline([("prepare", prepare), ("as_float32", AsFloat32()), ("model", model)])
    return copied, specs


def _specs(step: str, column: str, taken: set[str]) -> list[InputSpec]:
    if step in ("numeric", "numbers_from_text"):
        return [InputSpec(column, _unique(column, taken), "number")]
    if step == "categorical":
        return [InputSpec(column, _unique(column, taken), "category")]
    if step.startswith("text_"):
        return [InputSpec(column, _unique(column, taken), "text")]
    if step == "datetime":
        return [
            InputSpec(column, _unique(f"{column}__{part}", taken), "date", part)
            for part in DATE_PARTS
        ]
    raise ExportError(
        f"The pipeline has a column step {step!r} this exporter does not know.",
        hint="Download format=pytorch (the scikit-learn pipeline) instead.",
    )


def _unique(column: str, taken: set[str]) -> str:
    # ONNX names: letters, digits and underscores keep every runtime and tool happy
    base = re.sub(r"\W", "_", column, flags=re.ASCII) or "column"
    if base[0].isdigit():
        base = f"c_{base}"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


_registered = False
_CONVERT_LOCK = threading.Lock()  # skl2onnx keeps global registries; one conversion at a time


def _register_converters() -> None:
    """Teach skl2onnx Tunewright's transformers (identities in the graph) and AsFloat32."""
    global _registered
    if _registered:
        return
    from skl2onnx import update_registered_converter

    for cls in (ToNumbers, ToStrings, DateParts):
        update_registered_converter(
            cls, f"Tunewright{cls.__name__}", _same_shape, _identity_convert
        )
    update_registered_converter(
        AsFloat32, "TunewrightAsFloat32", _float_shape, _float_convert, parser=_float_parser
    )
    _registered = True


def _concat_inputs(scope: Any, operator: Any, container: Any) -> str:
    names = [i.full_name for i in operator.inputs]
    if len(names) == 1:
        return str(names[0])
    out = scope.get_unique_variable_name("columns")
    container.add_node(
        "Concat", names, [out], axis=1, name=scope.get_unique_operator_name("Concat")
    )
    return str(out)


def _same_shape(operator: Any) -> None:
    first = operator.inputs[0]
    widths = [i.type.shape[1] for i in operator.inputs]
    width = sum(widths) if all(isinstance(w, int) for w in widths) else None
    operator.outputs[0].type = first.type.__class__([first.get_first_dimension(), width])


def _identity_convert(scope: Any, operator: Any, container: Any) -> None:
    source = _concat_inputs(scope, operator, container)
    container.add_node(
        "Identity",
        [source],
        [operator.outputs[0].full_name],
        name=scope.get_unique_operator_name("Identity"),
    )


def _float_parser(scope: Any, model: Any, inputs: Any, custom_parsers: Any = None) -> Any:
    from skl2onnx.common.data_types import FloatTensorType

    # declared float here, at parse time: the model after it sizes its outputs from this type
    this = scope.declare_local_operator("TunewrightAsFloat32", model)
    this.inputs = inputs
    this.outputs.append(scope.declare_local_variable("as_float32", FloatTensorType([None, None])))
    return this.outputs


def _float_shape(operator: Any) -> None:
    from skl2onnx.common.data_types import FloatTensorType

    operator.outputs[0].type = FloatTensorType(operator.inputs[0].type.shape)


def _float_convert(scope: Any, operator: Any, container: Any) -> None:
    from onnx import TensorProto

    container.add_node(
        "Cast",
        [operator.inputs[0].full_name],
        [operator.outputs[0].full_name],
        to=TensorProto.FLOAT,
        name=scope.get_unique_operator_name("Cast"),
    )


def _imputer_shape(operator: Any) -> None:
    from skl2onnx.common.data_types import DoubleTensorType

    imputer = operator.raw_operator
    kept = (
        len(imputer.statistics_)
        if imputer.keep_empty_features
        else int((~np.isnan(imputer.statistics_)).sum())
    )
    flags = len(imputer.indicator_.features_) if imputer.add_indicator else 0
    operator.outputs[0].type = DoubleTensorType(
        [operator.inputs[0].get_first_dimension(), kept + flags]
    )


def _imputer_convert(scope: Any, operator: Any, container: Any) -> None:
    """SimpleImputer on numbers: fill NaN with the statistics, drop all-blank columns (as
    scikit-learn does) and append the missing-value indicator columns."""
    from onnx import TensorProto

    imputer = operator.raw_operator
    if not np.issubdtype(np.asarray(imputer.statistics_).dtype, np.number):
        raise NotImplementedError("SimpleImputer on text columns")
    source = _concat_inputs(scope, operator, container)
    stats = np.asarray(imputer.statistics_, dtype=np.float64)
    valid = ~np.isnan(stats)

    def node(op: str, inputs: list[str], prefix: str, **attrs: Any) -> str:
        out = str(scope.get_unique_variable_name(prefix))
        container.add_node(op, inputs, [out], name=scope.get_unique_operator_name(op), **attrs)
        return out

    def constant(prefix: str, kind: int, values: list[Any]) -> str:
        name = str(scope.get_unique_variable_name(prefix))
        container.add_initializer(name, kind, [len(values)], values)
        return name

    missing = node("IsNaN", [source], "missing")
    fill = constant("fill", TensorProto.DOUBLE, np.nan_to_num(stats).tolist())
    filled = node("Where", [missing, fill, source], "filled")
    parts = [filled]
    if not (valid.all() or imputer.keep_empty_features):
        kept = constant("kept", TensorProto.INT64, np.flatnonzero(valid).tolist())
        parts = [node("Gather", [filled, kept], "kept_columns", axis=1)]
    features = list(imputer.indicator_.features_) if imputer.add_indicator else []
    if features:
        which = constant("indicated", TensorProto.INT64, [int(f) for f in features])
        flags = node("Gather", [missing, which], "indicator", axis=1)
        parts.append(node("Cast", [flags], "indicator_values", to=TensorProto.DOUBLE))
    container.add_node(
        "Concat" if len(parts) > 1 else "Identity",
        parts,
        [operator.outputs[0].full_name],
        name=scope.get_unique_operator_name("Concat"),
        **({"axis": 1} if len(parts) > 1 else {}),
    )


def _onehot_shape(operator: Any) -> None:
    from skl2onnx.common.data_types import DoubleTensorType

    encoder = operator.raw_operator
    width = sum(
        len(encoder._compute_transformed_categories(i)) for i in range(len(encoder.categories_))
    )
    operator.outputs[0].type = DoubleTensorType([operator.inputs[0].get_first_dimension(), width])


def _onehot_convert(scope: Any, operator: Any, container: Any) -> None:
    """OneHotEncoder on string columns: each value → its output column (an infrequent one
    shares the "infrequent" column; an unknown one lights none, as handle_unknown="ignore")."""
    from onnx import TensorProto

    encoder = operator.raw_operator
    if getattr(encoder, "drop_idx_", None) is not None:
        raise NotImplementedError("OneHotEncoder with drop")
    source = _concat_inputs(scope, operator, container)
    infrequent = getattr(encoder, "infrequent_categories_", None) or [None] * len(
        encoder.categories_
    )
    blocks = []
    for i, categories in enumerate(encoder.categories_):
        outputs = [str(c) for c in encoder._compute_transformed_categories(i)]
        rare = {str(c) for c in (infrequent[i] if infrequent[i] is not None else [])}
        shared = len(outputs) - 1 if rare else -1  # "infrequent_sklearn" comes last
        unknown = shared if encoder.handle_unknown == "infrequent_if_exist" else -1
        keys = [str(c) for c in categories]
        values = [shared if k in rare else outputs.index(k) for k in keys]
        column = str(scope.get_unique_variable_name("column"))
        index = str(scope.get_unique_variable_name("index"))
        container.add_initializer(index, TensorProto.INT64, [1], [i])
        container.add_node(
            "Gather", [source, index], [column], axis=1, name=scope.get_unique_operator_name("G")
        )
        position = str(scope.get_unique_variable_name("position"))
        container.add_node(
            "LabelEncoder",
            [column],
            [position],
            keys_strings=keys,
            values_int64s=values,
            default_int64=unknown,
            op_domain="ai.onnx.ml",
            op_version=2,
            name=scope.get_unique_operator_name("LabelEncoder"),
        )
        columns = str(scope.get_unique_variable_name("columns"))
        container.add_initializer(columns, TensorProto.INT64, [len(outputs)], range(len(outputs)))
        hot = str(scope.get_unique_variable_name("hot"))
        container.add_node(
            "Equal", [position, columns], [hot], name=scope.get_unique_operator_name("Equal")
        )
        block = str(scope.get_unique_variable_name("onehot"))
        container.add_node(
            "Cast", [hot], [block], to=TensorProto.DOUBLE, name=scope.get_unique_operator_name("C")
        )
        blocks.append(block)
    container.add_node(
        "Concat" if len(blocks) > 1 else "Identity",
        blocks,
        [operator.outputs[0].full_name],
        name=scope.get_unique_operator_name("Concat"),
        **({"axis": 1} if len(blocks) > 1 else {}),
    )


def _tfidf_convert(scope: Any, operator: Any, container: Any) -> None:
    """TfidfVectorizer's parts: skl2onnx's converters, except the TF-IDF weighting itself."""
    from onnx import TensorProto
    from skl2onnx.common._registration import get_converter

    if operator.type != "SklearnTfidfTransformer":  # the vectoriser and its word counter
        get_converter(operator.type)(scope, operator, container)
        return
    vectorizer = operator.raw_operator
    x = operator.inputs[0].full_name
    double = operator.inputs[0].type.__class__.__name__ == "DoubleTensorType"
    kind, dtype = (TensorProto.DOUBLE, np.float64) if double else (TensorProto.FLOAT, np.float32)

    def node(op: str, inputs: list[str], **attrs: Any) -> str:
        out = str(scope.get_unique_variable_name(op.lower()))
        container.add_node(op, inputs, [out], name=scope.get_unique_operator_name(op), **attrs)
        return out

    def constant(values: Any) -> str:
        name = str(scope.get_unique_variable_name("constant"))
        array = np.asarray(values, dtype=dtype).ravel()
        container.add_initializer(name, kind, [len(array)], array.tolist())
        return name

    zero, one = constant([0.0]), constant([1.0])
    if vectorizer.sublinear_tf:  # scikit-learn: 1 + log(tf) where tf > 0, zeros stay zero
        logged = node("Add", [node("Log", [node("Max", [x, one])]), one])
        x = node("Where", [node("Greater", [x, zero]), logged, zero])
    if vectorizer.use_idf:
        x = node("Mul", [x, constant(vectorizer.idf_)])
    if vectorizer.norm == "l2":
        norm = node("Sqrt", [node("ReduceSumSquare", [x], axes=[1], keepdims=1)])
    elif vectorizer.norm == "l1":
        axes = str(scope.get_unique_variable_name("axes"))
        container.add_initializer(axes, TensorProto.INT64, [1], [1])
        norm = node("ReduceSum", [node("Abs", [x]), axes], keepdims=1)  # axes: an input since 13
    else:
        norm = ""
    if norm:  # scikit-learn leaves all-zero rows as they are
        safe = node("Where", [node("Equal", [norm, zero]), one, norm])
        x = node("Div", [x, safe])
    container.add_node(
        "Identity", [x], [operator.outputs[0].full_name], name=scope.get_unique_operator_name("Id")
    )


class _DoubleThresholds:
    """A container proxy that stores tree thresholds and weights as float64 tensors."""

    def __init__(self, container: Any) -> None:
        self._container = container

    def __getattr__(self, name: str) -> Any:
        return getattr(self._container, name)

    def add_node(self, op_type: str, *args: Any, **attrs: Any) -> Any:
        from onnx import TensorProto, helper

        if op_type in ("TreeEnsembleRegressor", "TreeEnsembleClassifier"):
            for key in ("nodes_values", "base_values", "target_weights", "class_weights"):
                if key in attrs:
                    values = np.asarray(attrs.pop(key), dtype=np.float64).ravel()
                    attrs[f"{key}_as_tensor"] = helper.make_tensor(
                        key, TensorProto.DOUBLE, [len(values)], values.tolist()
                    )
            attrs["op_version"] = 3  # the *_as_tensor attributes arrived in ai.onnx.ml v3
        return self._container.add_node(op_type, *args, **attrs)


def _double_trees_convert(scope: Any, operator: Any, container: Any) -> None:
    from skl2onnx.common._registration import get_converter

    get_converter(operator.type)(scope, operator, _DoubleThresholds(container))


def _float_outputs_shape(operator: Any) -> None:
    """The tree op outputs float32 values whatever its input type; declare them so."""
    from skl2onnx.common._registration import get_shape_calculator
    from skl2onnx.common.data_types import FloatTensorType

    get_shape_calculator(operator.type)(operator)
    values = operator.outputs[-1]
    values.type = FloatTensorType(values.type.shape)


@contextmanager
def _int_tree_flags() -> Iterator[None]:
    """skl2onnx 1.20 writes HistGradientBoosting's missing-value flags as Python bools, which
    protobuf ≥ 6 refuses in an ints attribute; hand them over as ints while converting."""
    from skl2onnx.common import tree_ensemble

    original = tree_ensemble.add_node

    def add_node(*args: Any, nodes_missing_value_tracks_true: Any = 0, **kwargs: Any) -> Any:
        return original(
            *args, nodes_missing_value_tracks_true=int(nodes_missing_value_tracks_true), **kwargs
        )

    tree_ensemble.add_node = add_node
    try:
        yield
    finally:
        tree_ensemble.add_node = original
