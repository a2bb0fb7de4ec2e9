"""The compiled templates kept on disk between runs (`template_cache.py`) only make a run faster:
a damaged, unreadable or unwritable cache compiles again, and each generator version has its own
folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import jinja2
import pytest

from generator.config import make_config
from generator.pipeline import analyze
from generator.python import render, template_cache

SPEC = """openapi: 3.1.0
info: {title: Tiny, version: 1.0.0}
servers: [{url: "https://api.example.com"}]
paths:
  /things/{id}:
    get:
      operationId: getThing
      tags: [things]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
components:
  schemas:
    Thing: {type: object, properties: {id: {type: string}, size: {type: integer}}}
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(template_cache.ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(template_cache, "_usable", {})
    return tmp_path / "cache"


@pytest.fixture
def made(tmp_path: Path) -> tuple[object, object]:
    spec = tmp_path / "tiny.yaml"
    spec.write_text(SPEC)
    analyzed = analyze(make_config(spec, output=tmp_path / "out", base=tmp_path))
    return analyzed.api, analyzed.config


def _render(made: tuple[object, object], monkeypatch: pytest.MonkeyPatch, *, compiles: bool) -> dict[str, str]:
    """Every file, rendered by a process that has compiled nothing yet; `compiles`: whether
    compiling is allowed (False: every template must come from the disk cache)."""
    with monkeypatch.context() as patch:
        patch.setattr(render, "_COMPILED", render._Compiled())
        if not compiles:

            def refuse(*args: object, **kwargs: object) -> None:
                raise AssertionError("compiled although the disk cache holds the template")

            patch.setattr(jinja2.Environment, "compile", refuse)
        api, config = made
        return {f.path: f.text for f in render.render(api, config)}  # type: ignore[arg-type]


def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*") if p.is_file())


def test_a_second_process_compiles_nothing(
    cache: Path, made: tuple[object, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _render(made, monkeypatch, compiles=True)
    entries = _entries(cache)
    assert entries and all(not p.name.startswith(".") for p in entries)  # no temporary file left
    assert len({p.parent for p in entries}) == 1
    assert oct(entries[0].parent.stat().st_mode & 0o777) == oct(0o700)
    assert _render(made, monkeypatch, compiles=False) == first


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty", "folder"])
def test_a_damaged_entry_is_compiled_again(
    cache: Path, made: tuple[object, object], monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    first = _render(made, monkeypatch, compiles=True)
    for entry in _entries(cache):
        data = entry.read_bytes()
        if damage == "truncate":
            entry.write_bytes(data[: len(data) // 2])
        elif damage == "flip":  # a byte of the code changed: the digest no longer matches
            entry.write_bytes(data[:-40] + bytes([data[-40] ^ 1]) + data[-39:])
        elif damage == "garbage":
            entry.write_bytes(os.urandom(len(data)))
        elif damage == "empty":
            entry.write_bytes(b"")
        else:  # unreadable as a file
            entry.unlink()
            entry.mkdir()
    assert _render(made, monkeypatch, compiles=True) == first
    if damage != "folder":  # written again, whole
        assert _render(made, monkeypatch, compiles=False) == first


def test_each_generator_version_has_its_own_folder(
    cache: Path, made: tuple[object, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _render(made, monkeypatch, compiles=True)
    before = {p: p.read_bytes() for p in _entries(cache)}
    monkeypatch.setattr(template_cache, "generator_fingerprint", lambda: "0" * 64)
    assert _render(made, monkeypatch, compiles=True) == first  # nothing found for this version
    after = _entries(cache)
    assert {p.parent for p in after} == {next(iter(before)).parent, cache / "templates" / f"{'0' * 32}-{_version()}"}
    assert all(p.read_bytes() == data for p, data in before.items())  # the other version's untouched


def _version() -> str:
    return f"{sys.implementation.cache_tag}-jinja{jinja2.__version__}"


def test_an_unusable_cache_is_skipped(
    tmp_path: Path, made: tuple[object, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(template_cache, "_usable", {})
    expected = _render(made, monkeypatch, compiles=True)
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv(template_cache.ENV, str(blocked))  # cannot make a folder in it
    assert _render(made, monkeypatch, compiles=True) == expected
    monkeypatch.setenv(template_cache.ENV, "")  # disabled
    assert template_cache.folder() is None
    assert _render(made, monkeypatch, compiles=True) == expected


def test_a_folder_others_can_write_is_not_read(
    cache: Path, made: tuple[object, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _render(made, monkeypatch, compiles=True)
    here = _entries(cache)[0].parent
    here.chmod(0o777)
    monkeypatch.setattr(template_cache, "_usable", {})
    assert template_cache.folder() is None
    assert _render(made, monkeypatch, compiles=True) == first
