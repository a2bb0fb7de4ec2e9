"""The spec's fingerprint is computed once per process while its files stay the same, and never
reused for a file that changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator import inputs


def _expected(*texts: bytes) -> str:
    return hashlib.sha256(b"".join(text + b"\0" for text in texts)).hexdigest()


def test_a_changed_file_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "api.json"
    spec.write_bytes(b'{"a": 1}')
    assert inputs.spec_fingerprint([spec]) == _expected(b'{"a": 1}')
    spec.write_bytes(b'{"a": 2}')  # same size, within the clock's granularity: not kept at all
    assert inputs.spec_fingerprint([spec]) == _expected(b'{"a": 2}')
    monkeypatch.setattr(inputs, "_SETTLED", -(10**18))  # every file counts as settled
    assert inputs.spec_fingerprint([spec]) == _expected(b'{"a": 2}')
    spec.write_bytes(b'{"a": 30}')  # another size (a change time may be the same tick here)
    assert inputs.spec_fingerprint([spec]) == _expected(b'{"a": 30}')


def test_a_settled_file_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec, part = tmp_path / "api.json", tmp_path / "part.json"
    spec.write_bytes(b"{}")
    part.write_bytes(b"[]")
    monkeypatch.setattr(inputs, "_SETTLED", -(10**18))
    first = inputs.spec_fingerprint([spec, part])
    assert first == _expected(b"{}", b"[]")
    reads: list[Path] = []
    real = Path.read_bytes

    def counted(self: Path) -> bytes:
        reads.append(self)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counted)
    assert inputs.spec_fingerprint([spec, part]) == first
    assert reads == []
    assert inputs.spec_fingerprint([part]) == _expected(b"[]")  # another spec
