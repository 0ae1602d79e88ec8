"""Versions of Python and the libraries an artifact depends on (recorded beside it)."""

from __future__ import annotations

import platform
from collections.abc import Iterable
from importlib import metadata

TRAINING_LIBRARIES = (
    "torch",
    "transformers",
    "peft",
    "tokenizers",
    "scikit-learn",
    "pandas",
    "numpy",
    "onnx",
)


def library_versions(names: Iterable[str] = TRAINING_LIBRARIES) -> dict[str, str]:
    """`{"python": ..., name: version}` for each installed library in `names`."""
    versions = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions
