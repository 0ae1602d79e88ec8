"""Receive a multipart upload straight to disk, in chunks, refusing it as soon as it is too big."""

from __future__ import annotations

import hashlib
import re
import shutil
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect

from tunewright.errors import InvalidInputError, PayloadTooLargeError

FILE_FIELD = "file"
MAX_FIELD_BYTES = 10_000  # text fields (name, template_id) are short


@dataclass
class StagedUpload:
    """An upload written to a private staging folder; nothing else knows about it yet."""

    folder: Path
    path: Path
    filename: str
    size: int
    sha256: str
    fields: dict[str, str] = field(default_factory=dict)

    def discard(self) -> None:
        """Remove the staged files."""
        shutil.rmtree(self.folder, ignore_errors=True)


def safe_filename(raw: str | None) -> str:
    """The user's file name for display: last path component, no control characters."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().lstrip(".")
    return name[:255] or "upload"


def safe_extension(filename: str) -> str:
    """A short alphanumeric extension, or '' (names on disk never come from the user)."""
    match = re.search(r"\.([A-Za-z0-9]{1,8})$", filename)
    return f".{match.group(1).lower()}" if match else ""


class _Receiver:
    """Multipart callbacks that route the file part to disk and text parts to memory."""

    def __init__(self, folder: Path, max_bytes: int) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self.fields: dict[str, str] = {}
        self.file: IO[bytes] | None = None
        self.path: Path | None = None
        self.filename = ""
        self.size = 0
        self.digest = hashlib.sha256()
        self.file_complete = False
        self.finished = False
        self._header_field = b""
        self._headers: dict[bytes, bytes] = {}
        self._part: str | None = None
        self._value = bytearray()

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": self._header_field_data,
            "on_header_value": self._header_value_data,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
            "on_end": self._end,
        }

    def _part_begin(self) -> None:
        self._headers, self._header_field, self._part = {}, b"", None
        self._value = bytearray()

    def _header_field_data(self, data: bytes, start: int, end: int) -> None:
        self._header_field = data[start:end].lower()

    def _header_value_data(self, data: bytes, start: int, end: int) -> None:
        key = self._header_field
        self._headers[key] = self._headers.get(key, b"") + data[start:end]

    def _headers_finished(self) -> None:
        _, params = parse_options_header(self._headers.get(b"content-disposition"))
        self._part = params.get(b"name", b"").decode("utf-8", "replace")
        if self._part == FILE_FIELD:
            if self.file is not None:
                raise InvalidInputError(
                    "Only one file can be uploaded at a time.",
                    hint="Upload each file separately; each becomes its own dataset.",
                )
            self.filename = safe_filename(params.get(b"filename", b"").decode("utf-8", "replace"))
            self.path = self.folder / f"original{safe_extension(self.filename)}"
            self.file = self.path.open("wb")

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self._part == FILE_FIELD and self.file is not None:
            self.size += len(chunk)
            if self.size > self.max_bytes:
                mb = self.max_bytes // (1024 * 1024)
                raise PayloadTooLargeError(
                    f"The file is larger than the {mb} MB upload limit.",
                    hint=f"Upload a sample under {mb} MB, or raise MAX_UPLOAD_MB in .env.",
                )
            self.digest.update(chunk)
            self.file.write(chunk)
        else:
            self._value += chunk
            if len(self._value) > MAX_FIELD_BYTES:
                raise InvalidInputError(
                    f"The form field {self._part!r} is too long.",
                    hint="Send the data file in the 'file' field; other fields are short text.",
                )

    def _part_end(self) -> None:
        if self._part == FILE_FIELD:
            self.file_complete = True
        elif self._part:
            self.fields[self._part] = self._value.decode("utf-8", "replace")

    def _end(self) -> None:
        self.finished = True

    def close(self) -> None:
        if self.file is not None and not self.file.closed:
            self.file.close()


COPY_CHUNK = 1024 * 1024


def stage_file(source: Path, filename: str, staging_root: Path) -> StagedUpload:
    """Copy a file on this machine (a template's sample) into a new staging folder."""
    folder = staging_root / uuid.uuid4().hex
    folder.mkdir(parents=True)
    path = folder / f"original{safe_extension(filename)}"
    digest, size = hashlib.sha256(), 0
    try:
        with source.open("rb") as reader, path.open("wb") as writer:
            while chunk := reader.read(COPY_CHUNK):
                digest.update(chunk)
                writer.write(chunk)
                size += len(chunk)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return StagedUpload(folder, path, safe_filename(filename), size, digest.hexdigest())


async def receive_upload(
    stream: AsyncIterator[bytes], content_type: str | None, staging_root: Path, max_bytes: int
) -> StagedUpload:
    """Write the `file` part of a multipart body to a new staging folder and return it."""
    media_type, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if media_type != b"multipart/form-data" or not boundary:
        raise InvalidInputError(
            "Upload the file as multipart/form-data.",
            hint="Send a form with the file in a field called 'file' (curl -F file=@data.csv).",
        )
    folder = staging_root / uuid.uuid4().hex
    folder.mkdir(parents=True)
    receiver = _Receiver(folder, max_bytes)
    try:
        parser = MultipartParser(boundary, receiver.callbacks())  # type: ignore[arg-type]
        async for chunk in stream:
            parser.write(chunk)
        parser.finalize()
        receiver.close()
        if receiver.path is None:
            raise InvalidInputError(
                "No file was attached.",
                hint="Choose a file to upload (the form field must be called 'file').",
            )
        if not (receiver.file_complete and receiver.finished):
            raise InvalidInputError(
                "The upload was cut off before the whole file arrived.",
                hint="Check your connection and upload the file again.",
                code="upload_incomplete",
                status_code=400,
            )
    except (ClientDisconnect, MultipartParseError) as exc:
        receiver.close()
        shutil.rmtree(folder, ignore_errors=True)
        raise InvalidInputError(
            "The upload was cut off or malformed.",
            hint="Upload the file again; if it keeps failing, try a smaller file.",
            code="upload_incomplete",
            status_code=400,
        ) from exc
    except BaseException:
        receiver.close()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return StagedUpload(
        folder=folder,
        path=receiver.path,
        filename=receiver.filename,
        size=receiver.size,
        sha256=receiver.digest.hexdigest(),
        fields=receiver.fields,
    )
