"""Files in request bodies: what a binary field or body accepts, and how it is read.

Wherever the spec's schema is binary (`format: binary`, a binary `contentMediaType`, a part
whose `contentType` is not text) the SDK takes `FileTypes`: `bytes`, a path (`pathlib.Path`,
any `os.PathLike`), a binary file object (`open(..., "rb")`, `io.BytesIO`) or a tuple
`(filename, content[, content_type[, headers]])` whose content is one of those. Before the first
attempt of a request every file is read once into an `UploadFile` (a path is opened and read,
a file object read from where it stands), so a retried upload sends the same bytes.

The file name comes from the tuple, else from the path or the file object's `name`; the content
type from the tuple, else from the spec (`content_type`), else guessed from the file name
(`mimetypes`), else `application/octet-stream`.
"""

from __future__ import annotations

import mimetypes
import os
import typing as _t
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pydantic as _p

FileContent: _t.TypeAlias = bytes | bytearray | os.PathLike[str] | _t.IO[bytes]
"""The content of a file: its bytes, its path, or a binary file object."""

FileTypes: _t.TypeAlias = (
    FileContent
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None]
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
"""A file to upload: its content, or `(filename, content[, content_type[, headers]])`."""

OCTET_STREAM = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class UploadFile:
    """A file read for sending: name, bytes, content type (None: not given) and part headers."""

    filename: str | None
    content: bytes
    content_type: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


class FileHandle:
    """A file object in a model's binary field, read only when the request is built: pydantic
    would turn a file object, which iterates over its lines, into an iterator when the model is
    dumped, so the field holds this (not iterable) handle to it instead."""

    __slots__ = ("file",)

    def __init__(self, file: _t.IO[bytes]) -> None:
        self.file = file

    def read(self) -> bytes:
        return self.file.read()

    @property
    def name(self) -> object:
        return getattr(self.file, "name", None)

    def __repr__(self) -> str:
        return f"FileHandle({self.file!r})"


def is_file_content(value: object) -> bool:
    """bytes, a path or a binary file object (not text: a `str` is never a file)."""
    if isinstance(value, str):
        return False
    return isinstance(value, bytes | bytearray | os.PathLike | UploadFile) or callable(getattr(value, "read", None))


def is_file_tuple(value: object) -> bool:
    """A `(filename, content[, content_type[, headers]])` tuple."""
    return (
        isinstance(value, tuple)
        and 2 <= len(value) <= 4
        and (value[0] is None or isinstance(value[0], str))
        and is_file_content(value[1])
        and (len(value) < 3 or value[2] is None or isinstance(value[2], str))
        and (len(value) < 4 or isinstance(value[3], Mapping))
    )


def read_file(value: object) -> UploadFile:
    """A file value (content or tuple) read into an `UploadFile`; I/O for paths and file objects."""
    if isinstance(value, UploadFile):
        return value
    filename: str | None = None
    content_type: str | None = None
    headers: Mapping[str, str] = {}
    named = False
    if isinstance(value, tuple):
        filename, content, *rest = value
        named = True
        content_type = rest[0] if rest else None
        headers = rest[1] if len(rest) > 1 else {}
    else:
        content = value
    if isinstance(content, os.PathLike):
        path = os.fsdecode(content)
        with open(path, "rb") as handle:
            data = handle.read()
        filename = filename if named else os.path.basename(path)
    elif isinstance(content, bytes | bytearray):
        data = bytes(content)
    else:
        data = content.read()
        if isinstance(data, str):
            raise TypeError(f"file {filename or _name_of(content)!r} is open in text mode: open it with 'rb'")
        filename = filename if named else _name_of(content)
    for name, text in {**headers, "Content-Type": content_type or ""}.items():
        if any(c in f"{name}{text}" for c in "\r\n\0"):
            raise ValueError(f"the header {name!r} of a file part contains a line break or NUL")
    return UploadFile(filename, data, content_type, dict(headers))


def _name_of(handle: object) -> str | None:
    name = getattr(handle, "name", None)
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    return os.path.basename(name) if isinstance(name, str) and name and not name.startswith("<") else None


def content_type(file: UploadFile, declared: Sequence[str] = ()) -> str:
    """The part's content type: the caller's, else the one concrete type the spec declares,
    else the guess from the file name when the declared types allow it, else the first
    concrete declared type, else `application/octet-stream`."""
    if file.content_type:
        return file.content_type
    concrete = [t for t in declared if "*" not in t]
    if len(declared) == 1 and concrete:
        return concrete[0]
    guessed = mimetypes.guess_type(file.filename)[0] if file.filename else None
    if guessed is not None and (not declared or any(_matches(guessed, t) for t in declared)):
        return guessed
    return concrete[0] if concrete else OCTET_STREAM


def _matches(media_type: str, pattern: str) -> bool:
    kind, _, sub = pattern.split(";")[0].strip().lower().partition("/")
    have_kind, _, have_sub = media_type.lower().partition("/")
    return kind in ("*", have_kind) and sub in ("*", have_sub)


# The type of a binary model field: `FileTypes` to a type checker; at run time any file value,
# kept as it is (read when the request is built), and `str`/`bytes` from a response as bytes.
def _validate_file(value: object, info: _p.ValidationInfo) -> object:
    response = isinstance(info.context, dict) and bool(info.context.get("sdk_response"))
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    if not response and is_file_content(value):
        return _handle(value)
    if not response and is_file_tuple(value):
        return tuple(_handle(v) if i == 1 else v for i, v in enumerate(_t.cast(tuple[object, ...], value)))
    raise ValueError(
        "expected a file: bytes, a path, a binary file object or a (filename, content[, content_type[, headers]])"
        f" tuple, not {type(value).__name__}"
    )


def _handle(content: object) -> object:
    if isinstance(content, bytes | bytearray | os.PathLike | UploadFile | FileHandle):
        return content
    return FileHandle(_t.cast(_t.IO[bytes], content))


def _as_json(value: object) -> object:
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode()
    raise TypeError(f"a file ({type(value).__name__}) cannot be sent as JSON: the operation's body is not multipart")


if _t.TYPE_CHECKING:
    File: _t.TypeAlias = FileTypes
else:
    File = _t.Annotated[
        _t.Any, _p.PlainValidator(_validate_file), _p.PlainSerializer(_as_json, return_type=str, when_used="json")
    ]
