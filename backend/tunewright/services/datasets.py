"""Dataset lifecycle: analyse a staged upload, store it, re-profile, clean into versions, delete.

Files live in `<data_dir>/datasets/<storage_key>/` (`original.<ext>` untouched, `normalised.jsonl`
what training reads). A folder becomes visible only by an atomic rename after the analysis
succeeded, and a row is committed only once its folder is in place: a failure at any point
leaves neither behind.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import logging
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tunewright import base_models
from tunewright.data import (
    analyse_file,
    analyse_frame,
    clean,
    read_normalised,
    validate_roles,
    write_normalised,
)
from tunewright.data.analyse import prepared_frame, profile_markers
from tunewright.data.markers import is_marker
from tunewright.data.types import (
    Analysis,
    CleanOp,
    ColumnChoices,
    DataRequirements,
    Detection,
    ReadLimits,
    UnreadableDataError,
)
from tunewright.db.models import Dataset
from tunewright.db.repositories import default_project
from tunewright.errors import ConflictError, InvalidInputError, NotFoundError
from tunewright.services.uploads import StagedUpload, stage_file
from tunewright.settings import Settings
from tunewright.templates import Template, catalog, get_template

log = logging.getLogger(__name__)

NORMALISED = "normalised.jsonl"
TokenCounter = Callable[[Sequence[str]], list[int]]


def template_or_422(template_id: str | None) -> Template | None:
    """The template for an optional id from a request (None when not given)."""
    return require_template(template_id) if template_id else None


def require_template(template_id: str) -> Template:
    """The template for an id from a request, or a 422 that lists the valid ids."""
    if template_id not in catalog():
        raise InvalidInputError(
            f"There is no template called {template_id!r}.",
            hint=f"Use one of: {', '.join(catalog())}.",
            code="unknown_template",
        )
    return get_template(template_id)


@lru_cache(maxsize=8)
def _counter_for(
    hub_id: str, task: str, source: str, timeout: float, cache_dir: Path, models_dir: Path | None
) -> Any:
    resolved = base_models.resolve(
        hub_id,
        task,  # type: ignore[arg-type]
        source=source,  # type: ignore[arg-type]
        hub_timeout_s=timeout,
        models_dir=models_dir,
    )
    tokenizer = base_models.load_tokenizer(resolved, cache_dir)
    return base_models.token_counter(tokenizer), resolved.name


def token_counter_for(template: Template | None, settings: Settings) -> TokenCounter | None:
    """Count tokens with the template's base tokenizer; None for tabular or when none loads."""
    return _tokenizer_for(template, settings)[0]


def requirements_for(template: Template | None, settings: Settings) -> DataRequirements | None:
    """What the template needs, naming the tokenizer of the base model this machine will use."""
    if template is None:
        return None
    _, name = _tokenizer_for(template, settings)
    requirements = template.requirements()
    return dataclasses.replace(requirements, tokenizer_name=name) if name else requirements


def _tokenizer_for(
    template: Template | None, settings: Settings
) -> tuple[TokenCounter | None, str | None]:
    # offline the bundled model stands in for the hub one: its tokenizer counts, its name shows
    if template is None or template.task == "tabular":
        return None, None
    try:
        return _counter_for(
            template.default_model,
            template.task,
            settings.model_source,
            settings.hub_timeout_s,
            settings.cache_dir,
            settings.models_dir,
        )
    except Exception:
        log.warning("no tokenizer for %s; token counts skipped", template.id, exc_info=True)
        return None, None


def _store_analysis(dataset: Dataset, analysis: Analysis) -> None:
    dataset.rows = analysis.profile.rows
    dataset.format = analysis.detection.format
    dataset.shape = analysis.detection.shape
    dataset.detection = asdict(analysis.detection)
    dataset.profile = asdict(analysis.profile)
    dataset.findings = [asdict(finding) for finding in analysis.findings]


def _publish(staging: Path, uploads_dir: Path) -> tuple[str, Path]:
    """Move a finished staging folder into place under a fresh storage key."""
    key = uuid.uuid4().hex
    final = uploads_dir / key
    staging.replace(final)
    return key, final


def _commit_or_remove(session: Session, dataset: Dataset, folder: Path) -> Dataset:
    session.add(dataset)
    try:
        session.commit()
    except BaseException:
        session.rollback()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    session.refresh(dataset)
    return dataset


def create_from_upload(
    session: Session,
    settings: Settings,
    staged: StagedUpload,
    *,
    template_id: str | None,
    name: str | None,
) -> Dataset:
    """Analyse a staged upload and record it as version 1 of a new dataset."""
    try:
        template = template_or_422(template_id)
        try:
            frame, analysis = analyse_file(
                staged.path,
                staged.filename,
                requirements_for(template, settings),
                count_tokens=token_counter_for(template, settings),
                task=template.task if template else None,
                limits=ReadLimits(max_columns=settings.max_columns),
            )
        except UnreadableDataError as exc:
            finding = exc.finding
            raise InvalidInputError(finding.message, hint=finding.hint, code=finding.code) from exc
        write_normalised(frame, staged.folder / NORMALISED)
        key, folder = _publish(staged.folder, settings.uploads_dir)
    except BaseException:
        staged.discard()
        raise
    dataset = Dataset(
        project_id=default_project(session).id,
        name=(name or Path(staged.filename).stem or "dataset")[:200],
        filename=staged.filename,
        storage_key=key,
        version=1,
        template_id=template.id if template else None,
        size_bytes=staged.size,
        sha256=staged.sha256,
    )
    _store_analysis(dataset, analysis)
    return _commit_or_remove(session, dataset, folder)


def create_from_sample(session: Session, settings: Settings, template_id: str) -> Dataset:
    """A new dataset from the sample the template ships, analysed exactly like an upload."""
    template = require_template(template_id)
    sample = template.sample
    if not sample.path.is_file():
        raise NotFoundError(
            f"The sample data for {template.name} is missing from this installation.",
            hint="Reinstall Tunewright (make run), or upload a file of your own.",
            code="sample_missing",
        )
    staged = stage_file(sample.path, sample.file, staging_root(settings))
    return create_from_upload(session, settings, staged, template_id=template.id, name=sample.name)


def folder_of(dataset: Dataset, settings: Settings) -> Path:
    """The dataset's storage folder."""
    return settings.uploads_dir / dataset.storage_key


def load_frame(dataset: Dataset, settings: Settings) -> pd.DataFrame:
    """The rows as training reads them: missing-value markers blanked as the dataset decided."""
    return prepared_frame(load_raw_frame(dataset, settings), dataset.profile)


def load_raw_frame(dataset: Dataset, settings: Settings) -> pd.DataFrame:
    """The normalised rows as read from the file (markers still written out)."""
    return read_normalised(folder_of(dataset, settings) / NORMALISED)


def choices_of(dataset: Dataset) -> ColumnChoices:
    """What the user decided about this version's columns."""
    return ColumnChoices.from_dict(dataset.column_choices)


def _analyse(
    frame: pd.DataFrame,
    dataset: Dataset,
    settings: Settings,
    template: Template | None,
    roles: dict[str, str] | None,
    choices: ColumnChoices,
) -> Analysis:
    """Re-analyse stored rows; a role or choice naming a missing column is a 422."""
    try:
        return analyse_frame(
            frame,
            _detection(dataset),
            requirements_for(template, settings),
            count_tokens=token_counter_for(template, settings),
            roles=roles,
            task=template.task if template else None,
            choices=choices,
        )
    except ValueError as exc:
        raise InvalidInputError(
            str(exc),
            hint=f"Pick columns that exist: {', '.join(map(str, frame.columns[:30]))}.",
            code="invalid_columns",
        ) from exc


def _detection(dataset: Dataset) -> Detection:
    return Detection(**dataset.detection)


def get_dataset(session: Session, dataset_id: int) -> Dataset:
    """The dataset with this id, or a 404."""
    dataset = session.get(Dataset, dataset_id)
    if dataset is None:
        raise NotFoundError(
            f"Dataset {dataset_id} does not exist.",
            hint="It may have been deleted; pick one from the list or upload the file again.",
        )
    return dataset


def reprofile(
    session: Session,
    settings: Settings,
    dataset: Dataset,
    *,
    roles: dict[str, str] | None = None,
    template_id: str | None = None,
    name: str | None = None,
    column_choices: ColumnChoices | None = None,
) -> Dataset:
    """Re-run the profile and checks with new roles, another template or new column choices."""
    if name is not None:
        dataset.name = name
    if roles is not None or template_id is not None or column_choices is not None:
        template = template_or_422(template_id if template_id is not None else dataset.template_id)
        frame = load_raw_frame(dataset, settings)
        if roles is not None:
            try:
                validate_roles(frame, roles)
            except ValueError as exc:
                raise InvalidInputError(
                    str(exc),
                    hint=f"Pick columns that exist: {', '.join(map(str, frame.columns))}.",
                    code="invalid_roles",
                ) from exc
        choices = column_choices if column_choices is not None else choices_of(dataset)
        # a new target changes what leaks: keep the markers, let the checks decide again
        if roles is not None and column_choices is None:
            choices = ColumnChoices(markers_off=choices.markers_off)
        if roles is None and template_id is None:
            roles = dict(dataset.profile.get("roles", {}))
        analysis = _analyse(frame, dataset, settings, template, roles, choices)
        dataset.template_id = template.id if template else None
        dataset.column_choices = dataclasses.asdict(choices)
        _store_analysis(dataset, analysis)
    session.commit()
    session.refresh(dataset)
    return dataset


def clean_into_version(
    session: Session, settings: Settings, dataset: Dataset, ops: Sequence[CleanOp]
) -> Dataset:
    """Apply cleaning steps and record the result as a new version whose parent is `dataset`."""
    template = template_or_422(dataset.template_id)
    frame = load_raw_frame(dataset, settings)
    roles = dict(dataset.profile.get("roles", {}))
    choices = choices_of(dataset)
    cleaned, report = clean(prepared_frame(frame, dataset.profile), roles, list(ops))
    if report.rows_after == 0:
        raise InvalidInputError(
            "Cleaning would remove every row.",
            hint="Keep the data as it is, or pick fewer cleaning steps.",
            code="clean_removes_everything",
        )
    analysis = _analyse(cleaned, dataset, settings, template, roles, choices)
    staging = settings.uploads_dir / ".staging" / uuid.uuid4().hex
    staging.mkdir(parents=True)
    try:
        write_normalised(cleaned, staging / NORMALISED)
        (staging / "clean_report.json").write_text(json.dumps(asdict(report), indent=2))
        key, folder = _publish(staging, settings.uploads_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    latest = session.scalar(select(func.max(Dataset.version)).where(Dataset.name == dataset.name))
    child = Dataset(
        project_id=dataset.project_id,
        parent_id=dataset.id,
        name=dataset.name,
        filename=dataset.filename,
        storage_key=key,
        version=(latest or dataset.version) + 1,
        template_id=dataset.template_id,
        size_bytes=(folder / NORMALISED).stat().st_size,
        sha256=dataset.sha256,
        clean_ops=list(ops),
        column_choices=dataclasses.asdict(choices),
    )
    _store_analysis(child, analysis)
    return _commit_or_remove(session, child, folder)


def delete_dataset(session: Session, settings: Settings, dataset: Dataset) -> None:
    """Delete the row, then its files (a row never points at missing files)."""
    folder = folder_of(dataset, settings)
    session.delete(dataset)
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise ConflictError(
            "This dataset is used by a training run, so it cannot be deleted.",
            hint="Delete the runs that used it first, or keep the dataset.",
            code="dataset_in_use",
        ) from exc
    shutil.rmtree(folder, ignore_errors=True)


def preview(dataset: Dataset, settings: Settings, offset: int, limit: int) -> dict[str, Any]:
    """A page of normalised rows, read line by line (the file is never loaded whole)."""
    path = folder_of(dataset, settings) / NORMALISED
    markers = profile_markers(dataset.profile)
    with path.open(encoding="utf-8") as lines:
        rows = [
            _blank_markers(json.loads(line), markers)
            for line in itertools.islice(lines, offset, offset + limit)
        ]
    columns = [str(c["name"]) for c in dataset.profile.get("columns", [])]
    return {
        "columns": columns,
        "rows": rows,
        "total": dataset.rows,
        "offset": offset,
        "limit": limit,
    }


def _blank_markers(row: dict[str, Any], markers: dict[str, list[str]]) -> dict[str, Any]:
    """A preview row as training reads it: a column's missing-value markers become null."""
    return {k: None if is_marker(v, markers.get(k, ())) else v for k, v in row.items()}


def counts(dataset: Dataset) -> dict[str, int]:
    """How many error and warning findings a dataset has."""
    severities = [f.get("severity") for f in dataset.findings]
    return {"errors": severities.count("error"), "warnings": severities.count("warning")}


def staging_root(settings: Settings) -> Path:
    """Where uploads are received before they are analysed."""
    return settings.uploads_dir / ".staging"


STALE_AFTER_S = 3600  # a staging folder untouched this long belongs to a dead process


def _newest_mtime(folder: Path) -> float:
    return max([folder.stat().st_mtime, *(p.stat().st_mtime for p in folder.rglob("*"))])


def sweep_leftovers(session: Session, settings: Settings, now: float | None = None) -> int:
    """Remove staging folders and unreferenced dataset folders left by a killed process."""
    now = time.time() if now is None else now
    known = set(session.scalars(select(Dataset.storage_key)))
    candidates = [p for p in staging_root(settings).glob("*") if p.is_dir()]
    if settings.uploads_dir.exists():
        candidates += [
            p
            for p in settings.uploads_dir.iterdir()
            if p.is_dir() and not p.name.startswith(".") and p.name not in known
        ]
    removed = 0
    for folder in candidates:
        if now - _newest_mtime(folder) > STALE_AFTER_S:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
