"""Export shapes: what was built for a model version and whether it passed its parity check."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ParityCheckPublic(BaseModel):
    name: str  # max_abs_diff, label_agreement, greedy_identical, ...
    value: float
    tolerance: float
    rule: str  # "≤" or "≥"
    passed: bool
    what: str  # the figure in words


class ParityPublic(BaseModel):
    """The comparison of an export with the model the app serves."""

    passed: bool
    metric: str  # the headline check's name
    value: float  # the headline check's value
    tolerance: float
    samples: int
    reference: str
    sample_source: str
    checks: list[ParityCheckPublic]
    why_failed: list[str]
    notes: list[str]


class ExportPublic(BaseModel):
    format: str
    task: str
    created_at: str
    files: list[str]
    archive: str
    size_bytes: int
    parity: ParityPublic
    notes: list[str]
    library_versions: dict[str, str]
    download_url: str

    @classmethod
    def from_record(cls, model_id: int, record: dict[str, Any]) -> ExportPublic:
        """From an export.json (plus the archive's size)."""
        parity = dict(record["parity"])
        parity["value"] = parity.get(parity["metric"], 0.0)
        return cls(
            **{k: v for k, v in record.items() if k in cls.model_fields and k != "parity"},
            parity=ParityPublic.model_validate(parity),
            download_url=f"/api/models/{model_id}/download?format={record['format']}",
        )


class ExportsPublic(BaseModel):
    data: list[ExportPublic]
    count: int
