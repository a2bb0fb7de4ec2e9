"""Compiled templates kept on disk between runs, so a run that renders a few files does not
compile the templates again (GitHub: ~150 compiles, 0.2 s per process).

Where: `$SDKGEN_CACHE_DIR` (empty: no disk cache), else `$XDG_CACHE_HOME/openapi-sdkgen`, else
`~/.cache/openapi-sdkgen`; below it a folder per generator fingerprint (its code, among it the
template code generator `template_code.py`, and its templates), Python version and Jinja version,
since the compiled code follows from all of them; Jinja checks each entry against its
template's source on top of that (a custom template is compiled again when edited).

The cache can only make a run faster: an entry is a digest and the bytes it digests, and any
entry that is missing, unreadable or damaged is compiled again; a folder that cannot be made or
written is not used; a folder another user could write into is not read (its code would run).
Entries are written to a temporary file and renamed into place, so concurrent runs never see
half an entry.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import sys
import tempfile
import time
from pathlib import Path

import jinja2

from generator.inputs import generator_fingerprint

ENV = "SDKGEN_CACHE_DIR"
_DIGEST = 32  # bytes of SHA-256 in front of every entry
_STALE = 30 * 24 * 3600  # a folder of another generator version unused this long is removed
_usable: dict[Path, bool] = {}  # folder → whether this process reads and writes it


def cache_root() -> Path | None:
    """The cache's base folder; None when disabled (`SDKGEN_CACHE_DIR=`) or unknown."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "openapi-sdkgen"
    try:
        return Path.home() / ".cache" / "openapi-sdkgen"
    except RuntimeError:  # no home folder
        return None


def folder() -> Path | None:
    """This generator's folder of compiled templates, made if missing; None when unusable."""
    root = cache_root()
    if root is None:
        return None
    version = f"{sys.implementation.cache_tag}-jinja{jinja2.__version__}"
    here = root / "templates" / f"{generator_fingerprint()[:32]}-{version}"
    usable = _usable.get(here)
    if usable is None:
        usable = _usable[here] = _prepare(here)
    return here if usable else None


def _prepare(here: Path) -> bool:
    try:
        made = not here.is_dir()
        if made:
            here.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = here.stat()
    except OSError:
        return False
    private = stat.S_ISDIR(info.st_mode) and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        private = False
    if private and made:
        _prune(here)
    return private


def _prune(here: Path) -> None:
    """Remove the folders of other generator versions not written to for a month."""
    try:
        now = time.time()
        for other in here.parent.iterdir():
            if other != here and not other.is_symlink() and other.is_dir() and now - other.stat().st_mtime > _STALE:
                shutil.rmtree(other, ignore_errors=True)
    except OSError:
        pass


def read(key: str) -> bytes | None:
    """The entry stored under `key`, if intact."""
    here = folder()
    if here is None:
        return None
    try:
        with open(here / key, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    body = data[_DIGEST:]
    return body if len(data) > _DIGEST and hashlib.sha256(body).digest() == data[:_DIGEST] else None


def write(key: str, body: bytes) -> None:
    """Store `body` under `key`; silently nothing when the folder cannot be written."""
    here = folder()
    if here is None:
        return
    try:
        handle, temporary = tempfile.mkstemp(prefix=".entry-", dir=here)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(hashlib.sha256(body).digest() + body)
            os.replace(temporary, here / key)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass
