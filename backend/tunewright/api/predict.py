"""Playground inference: answer requests with any model version, in one piece or streamed.

Predictions run in the threadpool (sync routes, `run_in_threadpool` per generated piece), never
on the event loop, so a long generation leaves the other requests answering. Models come from
the app's `ModelCache`: loaded on first use, kept while they fit SERVING_MEMORY_MB.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Body, UploadFile, WebSocket, WebSocketDisconnect
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from tunewright.api.deps import ModelCacheDep, SessionDep, SettingsDep
from tunewright.api.models import get_model_version
from tunewright.base_models import ResolvedModel
from tunewright.db.engine import session_factory
from tunewright.errors import (
    VALIDATION_HINT,
    AppError,
    InvalidInputError,
    PayloadTooLargeError,
    validation_message,
)
from tunewright.schemas.common import ERROR_RESPONSES
from tunewright.schemas.predict import PredictOutput
from tunewright.serving.cache import ModelCache, base_key, version_key
from tunewright.serving.generation import advance
from tunewright.serving.types import (
    INPUT_FOR_TASK,
    MAX_ROWS,
    ModelUnavailableError,
    Predictor,
    TabularInput,
)
from tunewright.settings import Settings

log = logging.getLogger(__name__)
router = APIRouter(prefix="/models", tags=["predict"], responses=ERROR_RESPONSES)

MAX_CSV_ROWS = 100_000  # rows per uploaded file; predictions are computed before streaming
PREDICT_EXAMPLES = {
    "generate": {"value": {"prompt": "What colour is the sky?", "max_new_tokens": 32}},
    "compare": {"value": {"messages": [{"role": "user", "content": "Hi"}], "compare": True}},
    "classify": {"value": {"texts": ["great product, love it"], "attention": True}},
    "tabular": {"value": {"rows": [{"Age": 22, "Sex": "female", "Pclass": 1}]}},
}


@dataclass(frozen=True)
class ServedModel:
    """What serving needs to know about a model version (read once, session closed after)."""

    id: int
    task: str
    artifact_dir: Path
    base_model: dict[str, Any]


def served_model(session: Session, model_id: int) -> ServedModel:
    """The model version with this id as plain values, or a 404."""
    version = get_model_version(session, model_id)
    return ServedModel(
        version.id, version.task, Path(version.artifact_path), dict(version.base_model or {})
    )


def parse_input(task: str, body: dict[str, Any]) -> BaseModel:
    """The request validated by the task's input model; a 422 naming the field otherwise."""
    schema = INPUT_FOR_TASK.get(task)
    if schema is None:
        raise ModelUnavailableError(
            f"There is no predictor for {task!r} models.",
            hint="Only text generation, text classifier and table models can be served.",
        )
    try:
        return schema.model_validate(body)
    except ValidationError as exc:
        raise InvalidInputError(validation_message(exc.errors()), hint=VALIDATION_HINT) from exc


def predictor_for(cache: ModelCache, model: ServedModel) -> Predictor:
    """The model version's predictor, loaded once into the cache."""
    return cache.get(version_key(model.id), model.artifact_dir, model.task)


def base_predictor_for(
    cache: ModelCache, model: ServedModel, tuned: Predictor, cache_dir: Path
) -> Predictor:
    """The base model a causal LM was tuned from, formatting prompts as the tuned one does."""
    from tunewright.serving.predictors import load_base_causal_lm

    shape = str(getattr(tuned, "prompt_shape", "chat"))
    try:
        base = ResolvedModel(**model.base_model)
    except TypeError as exc:
        raise ModelUnavailableError(
            f"Model {model.id} does not record which base model it was tuned from.",
            hint="Compare needs the base model; train the model again to record it.",
        ) from exc
    return cache.get_or_load(
        base_key(model.base_model, shape), lambda: load_base_causal_lm(base, shape, cache_dir)
    )


def pop_compare(task: str, body: dict[str, Any]) -> bool:
    """Take "compare" out of a generation request (it is not part of GenerateInput)."""
    compare = body.pop("compare", False)
    if not isinstance(compare, bool):
        raise InvalidInputError("compare: must be true or false.", hint=VALIDATION_HINT)
    if compare and task != "causal_lm":
        raise InvalidInputError(
            f"compare: only text-generation models have a base model to compare with; this is "
            f"a {task} model.",
            hint='Leave out "compare".',
        )
    return compare


@router.post("/{model_id}/predict", responses={200: {"model": PredictOutput}})
def predict(
    model_id: int,
    body: Annotated[dict[str, Any], Body(openapi_examples=PREDICT_EXAMPLES)],
    session: SessionDep,
    cache: ModelCacheDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Generate text (optionally beside the base model), label texts or predict table rows."""
    model = served_model(session, model_id)
    session.close()  # a generation can take a while: give the connection back first
    compare = pop_compare(model.task, body)
    data = parse_input(model.task, body)
    predictor = predictor_for(cache, model)
    if not compare:
        return predictor.predict(data).body
    base = base_predictor_for(cache, model, predictor, settings.cache_dir)
    return {"tuned": predictor.predict(data).body, "base": base.predict(data).body}


@router.post(
    "/{model_id}/predict/csv",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "The rows with predictions"}},
)
async def predict_csv(
    model_id: int,
    file: UploadFile,
    session: SessionDep,
    cache: ModelCacheDep,
    settings: SettingsDep,
) -> StreamingResponse:
    """Predict every row of an uploaded CSV; download it with prediction columns added."""
    model = await run_in_threadpool(served_model, session, model_id)
    await run_in_threadpool(session.close)
    if model.task != "tabular":
        raise InvalidInputError(
            f"CSV upload is for table models; this is a {model.task} model.",
            hint="Send JSON to POST /api/models/{id}/predict instead.",
        )
    if file.size is not None and file.size > settings.max_upload_bytes:
        raise PayloadTooLargeError(
            f"The file is {file.size / 2**20:.1f} MB; the limit is {settings.max_upload_mb} MB.",
            hint="Split the file, or raise MAX_UPLOAD_MB.",
        )
    frame = await run_in_threadpool(read_upload, file)
    predictor = await run_in_threadpool(predictor_for, cache, model)
    # every row is predicted before the first byte goes out: a bad cell is a 422, not a cut file
    chunks = await run_in_threadpool(predict_frame, predictor, frame)
    # only safe characters go back into a header (quotes or non-Latin-1 would break it)
    stem = re.sub(r"[^\w.-]", "_", Path(file.filename or "").stem, flags=re.ASCII)[:80] or "rows"
    return StreamingResponse(
        csv_pieces(chunks),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{stem}-predictions.csv"'},
    )


def read_upload(file: UploadFile) -> pd.DataFrame:
    """The uploaded table, read like training data (encoding, delimiter and header sniffed)."""
    from tunewright.data.read import read_rows
    from tunewright.data.sniff import sniff
    from tunewright.data.types import UnreadableDataError

    suffix = Path(file.filename or "rows.csv").suffix or ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:  # sniff and read want a path
        file.file.seek(0)
        while block := file.file.read(1 << 20):
            copy.write(block)
        copy.flush()
        path = Path(copy.name)
        try:
            detection = sniff(path, file.filename)
            if detection.format not in ("csv", "tsv"):
                raise InvalidInputError(
                    f"The file holds {detection.format}, not a table of comma- or "
                    "tab-separated values.",
                    hint="Upload a CSV file with a header row naming the columns.",
                )
            frame = read_rows(path, detection)
        except UnreadableDataError as exc:
            raise InvalidInputError(
                exc.finding.message, hint=exc.finding.hint, code="unreadable_file"
            ) from exc
    if len(frame) == 0:
        raise InvalidInputError("The file has no rows.", hint="Upload a CSV with data rows.")
    if len(frame) > MAX_CSV_ROWS:
        raise InvalidInputError(
            f"The file has {len(frame):,} rows; at most {MAX_CSV_ROWS:,} can be predicted at once.",
            hint="Split the file into smaller ones.",
        )
    return frame


def predict_frame(predictor: Predictor, frame: pd.DataFrame) -> list[pd.DataFrame]:
    """The table with `prediction` and `probability_<class>` columns, in chunks of MAX_ROWS."""
    chunks = []
    for start in range(0, len(frame), MAX_ROWS):
        chunk = frame.iloc[start : start + MAX_ROWS].copy()
        records = chunk.to_dict(orient="records")
        body = predictor.predict(TabularInput(rows=records)).body
        predictions = body["predictions"]
        chunk["prediction"] = [p["prediction"] for p in predictions]
        classes = predictions[0]["probabilities"] or {}
        for name in classes:
            chunk[f"probability_{name}"] = [p["probabilities"][name] for p in predictions]
        chunks.append(chunk)
    return chunks


def csv_pieces(chunks: list[pd.DataFrame]) -> Iterator[str]:
    """The chunks as one CSV document (header once), produced piece by piece."""
    for i, chunk in enumerate(chunks):
        yield chunk.to_csv(index=False, header=i == 0)


@router.websocket("/{model_id}/generate")
async def generate(websocket: WebSocket, model_id: int, cache: ModelCacheDep) -> None:
    """Stream a causal LM's answer as {"type": "token"} messages, then {"type": "done"}.

    Send one GenerateInput as JSON (+ "compare": true to stream the base model's answer after
    the fine-tuned one's). Errors come as {"type": "error", "error": {code, message, hint}}.
    """
    await websocket.accept()
    settings: Settings = websocket.app.state.settings
    try:
        try:
            request = await websocket.receive_json()
        except json.JSONDecodeError as exc:
            raise InvalidInputError(
                f"The message is not JSON ({exc.msg}).", hint=VALIDATION_HINT
            ) from exc
        if not isinstance(request, dict):
            raise InvalidInputError(
                "Send one JSON object with a prompt or messages.", hint=VALIDATION_HINT
            )
        model = await run_in_threadpool(_lookup, settings, model_id)
        if model.task != "causal_lm":
            raise InvalidInputError(
                f"Streaming is for text-generation models; this is a {model.task} model.",
                hint="Send the request to POST /api/models/{id}/predict instead.",
            )
        compare = pop_compare(model.task, request)
        data = parse_input(model.task, request)
        predictor = await run_in_threadpool(predictor_for, cache, model)
        await _stream(websocket, predictor, data, "tuned")
        if compare:
            base = await run_in_threadpool(
                base_predictor_for, cache, model, predictor, settings.cache_dir
            )
            await _stream(websocket, base, data, "base")
        await websocket.close()
    except WebSocketDisconnect:
        return
    except AppError as exc:
        await _fail(websocket, exc)
    except Exception as exc:
        log.error("generation failed", exc_info=exc)
        error = AppError(
            "Something went wrong on our side.",
            hint="Try again; if it persists, see the server log.",
            code="internal_error",
        )
        await _fail(websocket, error, close_code=1011)


def _lookup(settings: Settings, model_id: int) -> ServedModel:
    with session_factory(settings.sqlalchemy_url)() as session:
        return served_model(session, model_id)


async def _stream(websocket: WebSocket, predictor: Predictor, data: Any, source: str) -> None:
    """Send one model's answer piece by piece; each step runs in the threadpool."""
    stream = predictor.stream(data)
    pieces: list[str] = []
    try:
        while True:
            piece, final = await run_in_threadpool(advance, stream)
            if piece is None:
                break
            pieces.append(piece)
            await websocket.send_json({"type": "token", "text": piece, "source": source})
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()  # the client left mid-answer: stop generating
    text = "".join(pieces)
    body = final.body if final else {"text": text, "tokens": len(pieces), "finish_reason": "stop"}
    await websocket.send_json({"type": "done", **body, "source": source})


async def _fail(websocket: WebSocket, error: AppError, close_code: int = 1008) -> None:
    try:
        await websocket.send_json({"type": "error", **error.body()})
        await websocket.close(code=close_code)
    except (WebSocketDisconnect, RuntimeError):
        pass  # the client is gone already
