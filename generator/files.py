"""What a target's render stage produces and `write` puts on disk: a file's path and text.

Light on purpose (standard library only): `write`, `format` and the manifest code import it
without loading Jinja or any view.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass


@dataclass(frozen=True, slots=True)
class RenderedFile:
    path: str
    text: str
    once: bool = False  # created if missing, never overwritten (hand-written code)
    log: bool = False  # not owned: rewritten whole, never reported or removed (CHANGELOG.md)
    unit: str = ""  # the fingerprint of what it was rendered from ("" unknown: never reused)
    batch: str = ""  # "<name>:<key>": made with the files of the same batch from one view (`units.py`)
    # the SHA-256 of `text` as the manifest recorded it, when the text was just read from the
    # output folder (a plain file there, found intact): `write` neither reads nor hashes it again.
    # How the text was come by, not what the file is: left out of equality.
    as_read: str = field(default="", compare=False)

    def with_text(self, text: str) -> RenderedFile:
        """This file with another text: `dataclasses.replace` without its per-call look at the
        fields (the format stage makes two per file: 45,000 for Graph, 0.15 s)."""
        return RenderedFile(self.path, text, self.once, self.log, self.unit, self.batch, self.as_read)

    @property
    def owned(self) -> bool:
        """Listed in the manifest: a hand edit is detected, and the file is removed when no
        longer produced."""
        return not (self.once or self.log)
