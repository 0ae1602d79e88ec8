"""The multipart receiver streams to disk, refuses oversize early and leaves nothing behind."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from starlette.requests import ClientDisconnect

from tunewright.errors import InvalidInputError, PayloadTooLargeError
from tunewright.services.uploads import receive_upload, safe_filename

BOUNDARY = "tw-boundary"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"


def multipart(content: bytes, filename: str = "data.csv", **fields: str) -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


async def chunks(body: bytes, size: int = 1000) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


async def test_receive_upload_writes_file_and_fields(tmp_path: Path) -> None:
    content = b"text,label\n" + b"hello,a\n" * 500
    staged = await receive_upload(
        chunks(multipart(content, template_id="text-classifier")), CONTENT_TYPE, tmp_path, 10**6
    )
    assert staged.path.read_bytes() == content
    assert staged.size == len(content)
    assert staged.fields == {"template_id": "text-classifier"}
    assert staged.path.name == "original.csv"


async def test_receive_upload_over_limit_refused_and_removed(tmp_path: Path) -> None:
    with pytest.raises(PayloadTooLargeError):
        await receive_upload(chunks(multipart(b"x" * 5000)), CONTENT_TYPE, tmp_path, 1000)
    assert list(tmp_path.iterdir()) == []


async def test_receive_upload_truncated_body_refused_and_removed(tmp_path: Path) -> None:
    body = multipart(b"a,b\n1,2\n" * 100)
    with pytest.raises(InvalidInputError) as caught:
        await receive_upload(chunks(body[: len(body) // 2]), CONTENT_TYPE, tmp_path, 10**6)
    assert caught.value.code == "upload_incomplete"
    assert list(tmp_path.iterdir()) == []


async def test_receive_upload_client_disconnect_leaves_nothing(tmp_path: Path) -> None:
    async def broken() -> AsyncIterator[bytes]:
        yield multipart(b"a,b\n" * 1000)[:2000]
        raise ClientDisconnect()

    with pytest.raises(InvalidInputError):
        await receive_upload(broken(), CONTENT_TYPE, tmp_path, 10**6)
    assert list(tmp_path.iterdir()) == []


async def test_receive_upload_without_file_refused(tmp_path: Path) -> None:
    body = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="name"\r\n\r\nx\r\n'
        f"--{BOUNDARY}--\r\n"
    )
    with pytest.raises(InvalidInputError, match="No file"):
        await receive_upload(chunks(body.encode()), CONTENT_TYPE, tmp_path, 10**6)
    assert list(tmp_path.iterdir()) == []


async def test_receive_upload_not_multipart_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="multipart"):
        await receive_upload(chunks(b"{}"), "application/json", tmp_path, 10**6)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\data.csv", "data.csv"),
        ("..", "upload"),
        ("a\x00b.csv", "ab.csv"),
        ("", "upload"),
    ],
)
def test_safe_filename_never_a_path(raw: str, expected: str) -> None:
    assert safe_filename(raw) == expected
