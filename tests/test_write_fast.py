"""What `write` skips on a regeneration: files the run just read as they are, and most of the
comparison of a large file changed in a few lines."""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

from generator import manifest, write
from generator.files import RenderedFile
from generator.manifest import Fingerprints, read_manifest, sha256


def test_a_large_file_s_diff_is_difflib_s() -> None:
    a = [f"line {i}: {'x' * (i % 7)}\n" for i in range(5000)]
    for edits in ([(10, 0)], [(2500, 2)], [(4997, 1)], [(100, 3), (4000, 0)], [(0, 1)]):
        b = list(a)
        for at, removed in reversed(edits):
            b[at : at + removed] = [f"new {at}\n", f"new {at} again\n"]
        ours = write._unified_diff(a, b, "a/x", "b/x")
        assert ours == list(difflib.unified_diff(a, b, "a/x", "b/x"))
        assert write._unified_diff(b, a, "a/x", "b/x") == list(difflib.unified_diff(b, a, "a/x", "b/x"))


def test_a_file_as_read_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prints = Fingerprints("g", "s", "c")
    files = [RenderedFile("a.py", "a = 1\n"), RenderedFile("b.py", "b = 1\n")]
    write.write(tmp_path, files, prints)
    recorded = read_manifest(tmp_path)
    assert recorded is not None and recorded.files["a.py"] == sha256("a = 1\n")
    read: list[str] = []
    real = write.read_plain

    def counted(path: str | os.PathLike[str]) -> bytes | None:
        read.append(os.path.basename(path))
        return real(path)

    monkeypatch.setattr(write, "read_plain", counted)
    again = [RenderedFile("a.py", "a = 1\n", as_read=recorded.files["a.py"]), RenderedFile("b.py", "b = 2\n")]
    plan = write.plan(tmp_path, again, prints)
    assert "a.py" not in read and "b.py" in read
    assert [path for path, _, _ in plan.writes] == ["b.py", ".sdkgen.json"] and plan.unchanged == 1
    plan.commit()
    after = read_manifest(tmp_path)
    assert after is not None and after.files == {"a.py": sha256("a = 1\n"), "b.py": sha256("b = 2\n")}
    assert write.diff(tmp_path, again, prints) == ""


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        {"a": [], "b": {}},
        {"files": {"b/x.py": "1f", "a é.py": 'q"\\'}, "n": 3, "ok": True, "none": None, "list": ["x", ["y"]]},
        [[[]], {"z": 1.5}],
    ],
)
def test_the_manifest_is_json_in_prettiers_layout(value: object) -> None:
    """The value back, sorted and indented as `json.dumps` does, a list of scalars on its line
    when it fits in 80 columns (Prettier's JSON layout; Prettier itself checks a generated
    package's manifest in tests/test_typescript.py)."""
    text = manifest._dumps(value, "")
    assert json.loads(text) == value
    assert text.replace("\n", "").replace(" ", "") == json.dumps(value, sort_keys=True).replace(" ", "")


def test_a_short_list_of_scalars_stays_on_its_line() -> None:
    short, long = ["a.py", "b.py"], [f"file_{n}.py" for n in range(8)]
    text = manifest._dumps({"kept": short, "record": {"long": long, "z": 1}}, "")
    assert '  "kept": ["a.py", "b.py"],\n' in text
    assert '    "long": [\n      "file_0.py",\n' in text  # 4 + 8 + 8 × 13 columns: past 80
