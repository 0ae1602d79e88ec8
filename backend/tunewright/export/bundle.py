"""Build an export once per (model, format), check it, describe it, zip it.

Layout, under the exports root (`<data_dir>/exports`):

    <model_id>/<format>/            the export, published by one atomic rename
        model files, README.md      (the model card)
        export.json                 format, files, parity, library versions, source
        <archive>.zip               all of the above, what a download streams

A build happens in a hidden sibling folder that is renamed into place when complete, so a
reader finds a whole export or none. One lock per folder makes concurrent requests for the
same export wait for a single build; a second process racing us loses the rename and uses the
winner's folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, get_args

import pandas as pd

from tunewright.export import onnx_tabular, onnx_text, pytorch, samples
from tunewright.export.card import model_card
from tunewright.export.onnx_text import MODEL_FILE, ExportError, OnnxGraph
from tunewright.export.parity import Parity
from tunewright.versions import library_versions

ExportFormat = Literal["pytorch", "onnx", "onnx-int8"]
Samples = list[str] | pd.DataFrame | None  # held-out texts or rows for the parity check
SampleSource = Samples | Callable[[], Samples]  # a callable is only called when building
FORMATS: tuple[str, ...] = get_args(ExportFormat)
EXPORT_FILE = "export.json"
README = "README.md"
EXPORT_LIBRARIES = (
    "torch",
    "transformers",
    "tokenizers",
    "onnx",
    "onnxruntime",
    "skl2onnx",
    "scikit-learn",
    "numpy",
)
STORE_UNCOMPRESSED = 8 * 1024 * 1024  # weights barely compress; deflating them only costs time

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


@dataclass
class ExportResult:
    """A built export: its folder, the zip to stream, and export.json as a dict."""

    folder: Path
    archive: Path
    record: dict[str, Any]
    built: bool  # False when an existing export was reused

    @property
    def parity_passed(self) -> bool:
        """Whether the export answered like the reference within tolerance."""
        return bool(self.record["parity"]["passed"])


def export_folder(root: Path, model_id: int, fmt: str) -> Path:
    """Where the export of model `model_id` in `fmt` lives under the exports root."""
    return root / str(model_id) / fmt


def archive_name(model_id: int, name: str, version: int, fmt: str) -> str:
    """`<model_id>-<name>-v<version>-<format>.zip`, the name made safe for every file system."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-._")[:60] or "model"
    return f"{model_id}-{slug}-v{version}-{fmt}.zip"


def read_export(folder: Path) -> dict[str, Any] | None:
    """The export.json of a built export, or None when there is none."""
    try:
        record: dict[str, Any] = json.loads((folder / EXPORT_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return record


def list_exports(model_root: Path) -> list[dict[str, Any]]:
    """export.json of every built export of one model (its folder under the exports root)."""
    records = []
    for fmt in FORMATS:
        record = read_export(model_root / fmt)
        if record is not None:
            records.append(record)
    return records


def ensure_export(
    artifact_dir: Path,
    folder: Path,
    fmt: str,
    *,
    archive: str | None = None,
    about: dict[str, Any] | None = None,
    given: SampleSource = None,
) -> ExportResult:
    """The export in `folder`, built first if it is missing or belongs to other weights.

    `about` names the model for the card ({"name", "version", "template_id"}); `given` are
    held-out texts or rows for the parity check, or a function returning them (called only
    when a build happens); fixed or drawn samples top them up.
    """
    with _lock_for(folder):
        current = _current(folder, artifact_dir)
        if current is not None:
            return current
        return build_export(artifact_dir, folder, fmt, archive=archive, about=about, given=given)


def build_export(
    artifact_dir: Path,
    folder: Path,
    fmt: str,
    *,
    archive: str | None = None,
    about: dict[str, Any] | None = None,
    given: SampleSource = None,
) -> ExportResult:
    """Build, check and zip the export into `folder` (replacing an outdated one)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {fmt!r}")
    meta = _metadata(artifact_dir)
    task = str(meta.get("task"))
    if task == "tabular" and fmt == "onnx-int8":
        raise ExportError(
            "Table models have no int8 variant: their ONNX graph is a few small matrices and "
            "trees, with no large weights to quantise.",
            hint="Download format=onnx instead.",
            code="format_not_supported",
        )
    started = time.perf_counter()
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.parent / f".{folder.name}.{uuid.uuid4().hex[:8]}.partial"
    staging.mkdir()
    try:
        held_out = given() if callable(given) else given
        files, check, onnx_info, notes = _build(artifact_dir, staging, fmt, task, meta, held_out)
        record: dict[str, Any] = {
            "format": fmt,
            "task": task,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "files": [*files, README, EXPORT_FILE],
            "archive": archive or f"{artifact_dir.name}-{fmt}.zip",
            "parity": check.as_dict(),
            "notes": notes,
            "library_versions": library_versions(EXPORT_LIBRARIES),
            "source": {
                "artifact_path": str(artifact_dir),
                "model_created_at": meta.get("created_at"),
            },
        }
        if onnx_info:
            record["onnx"] = onnx_info
        (staging / README).write_text(model_card(meta, fmt, record, about or {}), encoding="utf-8")
        record["seconds"] = round(time.perf_counter() - started, 2)
        (staging / EXPORT_FILE).write_text(json.dumps(record, indent=2), encoding="utf-8")
        _zip(staging, record["files"], staging / record["archive"])
        _publish(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result = _current(folder, artifact_dir)
    if result is None:  # published and gone at once: someone deleted the model meanwhile
        raise ExportError(
            "The export was removed while it was being built.",
            hint="Try the download again.",
            code="export_failed",
        )
    result.built = True
    return result


def _build(
    artifact_dir: Path,
    out: Path,
    fmt: str,
    task: str,
    meta: dict[str, Any],
    given: Samples,
) -> tuple[list[str], Parity, dict[str, Any], list[str]]:
    """Write the format's files into `out` and check them: (files, parity, onnx info, notes)."""
    inputs, source = _samples(artifact_dir, task, meta, given)
    if fmt == "pytorch":
        files = pytorch.export_pytorch(artifact_dir, out, task)
        return files, pytorch.check_pytorch(artifact_dir, out, meta, inputs, source), {}, []
    int8 = fmt == "onnx-int8"
    # int8: the float graph is built aside, quantised into `out`, then dropped (with any
    # external-data files a graph over 2 GB comes with)
    scratch = out / ".fp32" if int8 else out
    scratch.mkdir(exist_ok=True)
    graph = _onnx_graph(artifact_dir, scratch, task)
    model = out / MODEL_FILE
    if int8:
        # decoders: embeddings stay float (quantising them cost SmolLM2 a tenth of its
        # next-token agreement); encoders' embeddings quantise well and are half their size
        ops = ["MatMul"] if task == "causal_lm" else None
        onnx_text.quantize_int8(scratch / MODEL_FILE, model, ops)
        for name in graph.files:
            if name != MODEL_FILE and (scratch / name).is_file():
                (scratch / name).replace(out / name)
        shutil.rmtree(scratch)
        graph.info["quantization"] = (
            "dynamic int8 weights per channel (onnxruntime.quantize_dynamic, QInt8) of "
            + ("MatMul" if ops else "MatMul and Gather")
        )
    if task == "classifier":
        check = onnx_text.check_classifier(artifact_dir, model, meta, inputs, source, int8=int8)
    elif task == "causal_lm":
        check = onnx_text.check_causal_lm(artifact_dir, model, meta, inputs, source, int8=int8)
    else:
        check = onnx_tabular.check_tabular(artifact_dir, model, graph.info, inputs, source)
    info = {"inputs": graph.inputs, "outputs": graph.outputs, **graph.info}
    return _written(out), check, info, graph.notes


def _written(out: Path) -> list[str]:
    """Every file in `out` (the graph, side files, external weight data), graph first."""
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    return sorted(names, key=lambda n: n != MODEL_FILE)


def _onnx_graph(artifact_dir: Path, out: Path, task: str) -> OnnxGraph:
    if task == "classifier":
        return onnx_text.export_classifier(artifact_dir, out)
    if task == "causal_lm":
        return onnx_text.export_causal_lm(artifact_dir, out)
    if task == "tabular":
        return onnx_tabular.export_tabular(artifact_dir, out)
    raise ExportError(
        f"Models of kind {task!r} cannot be exported.",
        hint="Only classifiers, text generators and table models can be exported.",
    )


def _samples(artifact_dir: Path, task: str, meta: dict[str, Any], given: Any) -> tuple[Any, str]:
    if task == "tabular":
        pipeline = onnx_tabular.load_pipeline(artifact_dir)
        frame = given if isinstance(given, pd.DataFrame) else None
        return samples.tabular_rows(pipeline, meta, frame)
    texts = given if isinstance(given, list) else None
    if task == "causal_lm":
        return samples.lm_prompts(meta, texts)
    return samples.classifier_texts(texts)


def _metadata(artifact_dir: Path) -> dict[str, Any]:
    try:
        meta: dict[str, Any] = json.loads(
            (artifact_dir / "metadata.json").read_text(encoding="utf-8")
        )
    except FileNotFoundError as exc:
        raise ExportError(
            f"The model's files are missing ({artifact_dir / 'metadata.json'} does not exist).",
            hint="The model folder was moved or deleted; train the model again.",
            code="artifact_missing",
        ) from exc
    return meta


def _current(folder: Path, artifact_dir: Path) -> ExportResult | None:
    record = read_export(folder)
    if record is None or not (folder / record.get("archive", "")).is_file():
        return None
    try:
        created = _metadata(artifact_dir).get("created_at")
    except ExportError:
        return None
    if record.get("source", {}).get("model_created_at") != created:
        return None  # an export of other weights (the model was retrained into this id)
    return ExportResult(folder, folder / record["archive"], record, built=False)


def _zip(folder: Path, files: list[str], target: Path) -> None:
    top = target.stem  # unzipping gives one folder named like the archive
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name in files:
            path = folder / name
            method = (
                zipfile.ZIP_STORED
                if path.stat().st_size > STORE_UNCOMPRESSED
                else zipfile.ZIP_DEFLATED
            )
            archive.write(path, f"{top}/{name}", compress_type=method)
    partial.replace(target)


def _publish(staging: Path, folder: Path) -> None:
    """Rename the finished build into place, replacing an outdated export."""
    if folder.exists():
        old = folder.with_name(f".{folder.name}.{uuid.uuid4().hex[:8]}.old")
        try:
            folder.rename(old)
        except FileNotFoundError:
            pass
        else:
            shutil.rmtree(old, ignore_errors=True)
    try:
        os.rename(staging, folder)
    except OSError:
        # another process published first; theirs is as good as ours
        shutil.rmtree(staging, ignore_errors=True)


def _lock_for(folder: Path) -> threading.Lock:
    key = str(folder.resolve())
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())
