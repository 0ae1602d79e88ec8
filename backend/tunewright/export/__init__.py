"""Export a model version: the PyTorch/scikit-learn bundle, ONNX (fp32 and int8), parity checks.

A library like `training/`: no web or database imports, so the API, the deployment code, a
CLI or a notebook can all build exports.

    result = ensure_export(artifact_dir, export_folder(root, model_id, "onnx"), "onnx")
    result.archive          # the zip to hand out
    result.record["parity"] # {"passed", "metric", ..., "tolerance", "samples", "checks", ...}
"""

from tunewright.export.bundle import (
    EXPORT_FILE,
    FORMATS,
    ExportFormat,
    ExportResult,
    archive_name,
    build_export,
    ensure_export,
    export_folder,
    list_exports,
    read_export,
)
from tunewright.export.onnx_text import ExportError

__all__ = [
    "EXPORT_FILE",
    "FORMATS",
    "ExportError",
    "ExportFormat",
    "ExportResult",
    "archive_name",
    "build_export",
    "ensure_export",
    "export_folder",
    "list_exports",
    "read_export",
]
