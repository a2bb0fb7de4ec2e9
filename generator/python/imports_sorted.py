"""Whether a generated module's imports are already as ruff's isort (`ruff check --select I
--fix`, `format.py`'s settings) writes them, so that `format.py` can leave the module out of
that pass.

A conservative check: True only for the shapes the generator writes and whose order is certain
(`model_modules.py`, `views_resources.py` and the test module write their import blocks this
way); anything else (a too long line, a standard module not listed here, names whose order
depends on a rule not modelled here) is False, and ruff sorts the file as before.
Modelled, for each import block (an indented one too, as under `if TYPE_CHECKING:`): sections
(`__future__`, standard library, third party, the SDK's own, relative) each once, in that
order, one blank line between them and none inside; in a section `import` lines before `from`
lines; modules by lowercase natural order, `..` before `.`, a package (`from .. import`) before
its modules; `as` imports one a line; names by type (constants, classes, the rest) then
lowercase natural order, on the line or one a line in parentheses with a comma each (how ruff
wraps a line too long, and keeps a wrapped one). After a top-level block: two blank lines and
a `class`/`def` (comment lines go with it), one blank line and any other statement, or the end
of the file (ruff's `lines-after-imports = -1`).

A module's section comes from the lists below: the standard library modules and the third-party
packages generated code imports. Any other absolute module is the SDK's own package, which ruff
calls first-party or third-party depending on the folder it runs in; either way it is a section
of its own after the standard library, so a module that imports it and a listed third-party
package is not modelled.
"""

from __future__ import annotations

import functools
import re
import sys

# the modules generated code imports at the top of a module, by section (anything else absolute:
# the SDK's own package, see the module's docstring)
_STANDARD = frozenset(
    (
        "asyncio base64 builtins collections contextlib contextvars dataclasses datetime decimal email enum "
        "functools importlib inspect itertools json logging mimetypes os random re sys time types typing unittest "
        "urllib uuid warnings weakref"
    ).split()
)
_THIRD_PARTY = frozenset(("httpx", "httpx2", "pydantic", "pydantic_core", "typing_extensions"))
_OWN = 3  # the section of any other absolute module


def _section(module: str) -> int | None:
    """The section of an absolute module; None for a standard one not listed (its section is
    known, but a module the generator does not import is not worth modelling)."""
    top = module.partition(".")[0]
    if top in _STANDARD:
        return 1
    return 2 if top in _THIRD_PARTY else None if top in sys.stdlib_module_names else _OWN


_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_WORD = re.compile(_NAME)
_MODULE = r"[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*"
_IMPORT = re.compile(rf"import ({_MODULE})(?: as ({_NAME}))?")
_FROM = re.compile(rf"from (\.*)([A-Za-z_][A-Za-z0-9_.]*)? import ({_NAME}(?:, {_NAME})*)")
_FROM_AS = re.compile(rf"from (\.*)([A-Za-z_][A-Za-z0-9_.]*) import ({_NAME}) as ({_NAME})")
_PARTS = re.compile(r"([0-9]+)|([\x00-/])|[^\x00-9]+")  # digits; a character before them; after them
_NEXT = ("class ", "def ", "async def ", "@")

Key = tuple[object, ...]
Run = tuple[int, int, int, str]


def natural_key(name: str) -> tuple[Run, ...]:
    """A key that sorts names in natural order (ruff's: the `natord` crate, `tests/natord.py`):
    a name as its runs of digits, of the characters after them (letters, `_`) and, each alone, the
    characters before them (`.`). Two runs of digits compare as strings when either starts with
    `0` (a fraction), else as numbers, the shorter first; a run of the other characters as the
    characters that differ first (what follows a run, or ends it, comes before every one of its
    characters). Each kind of run compares with another as its characters do with digits."""
    key: list[Run] = []
    for match in _PARTS.finditer(name):
        part = match[0]
        if match[1] is not None:
            key.append((1, 0, 0, part) if part[0] == "0" else (1, 1, len(part), part))
        else:
            key.append((0 if match[2] is not None else 2, 0, 0, part))
    return tuple(key)


def _natural(name: str) -> tuple[Run, ...]:
    """Lowercase natural order (ruff's isort)."""
    return natural_key(name.lower())


def _member(name: str) -> Key:
    """ruff's order of imported names (`order-by-type`): CONSTANTS, Classes, the rest."""
    kind = 0 if len(name) > 1 and name.isupper() else 1 if name[0].isupper() else 2
    return (kind, _natural(name))


def import_order(names: list[str]) -> list[str]:
    """`names` in the order ruff's isort writes them in one `from module import` line (a tie,
    which `_statement` leaves to ruff, by the name itself)."""
    return sorted(names, key=lambda name: (_member(name), name))


def from_import(module: str, names: list[str], line_length: int, indent: str = "") -> str:
    """`from module import names` as ruff's isort writes it: `import_statement` of the names in
    its order (`import_order`)."""
    return import_statement(module, import_order(names), line_length, indent)


def module_order(modules: list[str]) -> list[str]:
    """Modules (of one section, alike in dots: `._a`, `._b`) in the order ruff's isort writes
    their `from` imports."""
    return sorted(modules, key=lambda module: _natural(module.lstrip(".")))


def import_statement(module: str, names: list[str], line_length: int, indent: str = "") -> str:
    """`from module import names`, the names in the order given, as ruff writes it (its isort and
    its formatter alike): one line when it fits, else the names one a line in parentheses, each
    with a comma."""
    line = f"{indent}from {module} import {', '.join(names)}"
    if len(line) <= line_length:
        return line
    return "\n".join([f"{indent}from {module} import (", *(f"{indent}    {name}," for name in names), f"{indent})"])


@functools.lru_cache(maxsize=1 << 16)  # most lines recur (`from .._model_base import SDKModel as _SDKModel`)
def _statement(line: str) -> tuple[int, Key, bool, str] | None:
    """An import line's section, sort key within it, whether it is an `as` import, and its
    top-level package; None for a line not modelled here."""
    if line == "from __future__ import annotations":
        return 0, (), False, "__future__"
    if line.startswith("import "):
        match = _IMPORT.fullmatch(line)
        section = _section(match[1]) if match is not None else None
        if match is None or section is None:
            return None
        return section, (0, _natural(match[1]), match[2] or ""), True, match[1].partition(".")[0]
    match = _FROM_AS.fullmatch(line)
    aliased = match is not None
    if match is None:
        match = _FROM.fullmatch(line)
        if match is None:
            return None
    dots, module, names = match[1], match[2] or "", match[3].split(", ")
    section = 4 if dots else _section(module)  # `from .. import x` has no module
    if section is None:
        return None
    members = [_member(name) for name in names]
    if members != sorted(set(members)):
        return None  # unsorted, or a tie
    if aliased and match[3] == match[4]:
        return None
    key = (1, -len(dots), _natural(module), members[0], match[4] if aliased else "")
    return section, key, aliased, "." if dots else module.partition(".")[0]


def imports_sorted(text: str, line_length: int) -> bool:
    """True when ruff's isort pass would leave this module's text as it is (see the module).

    Only the lines holding the word `import` are read (found with `str.find`, not line by line:
    the resource modules are megabytes)."""
    found: list[tuple[int, int, int]] = []  # (start, end, indentation) of each import line, in order
    pos = text.find("import")
    while pos != -1:
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        stripped = text[start:end].lstrip()
        after = stripped[4:5] if stripped[:4] == "from" else stripped[6:7] if stripped[:6] == "import" else "x"
        if not (after.isalnum() or after == "_"):  # a statement, or text that looks like one
            indent = end - start - len(stripped)
            if text[start : start + indent].strip(" "):
                return False  # indented with a tab: not modelled
            found.append((start, end, indent))
        pos = text.find("import", end)
    previous: tuple[int, Key, bool, str] | None = None
    own: set[str] = set()  # the top-level packages of the own section, and "" for a third-party one
    for n, (start, end, indent) in enumerate(found):
        line = text[start:end]
        statement = line[indent:]
        if not line.isascii() or len(line) > line_length and not statement.endswith(" import ("):
            return False  # a wrapped import's first line may be too long: a module's name is not split
        if statement.endswith(" import ("):  # wrapped: the names one a line, as ruff writes a long line
            wrapped = _wrapped(text, end, indent)
            if wrapped is None:
                return False
            names, end = wrapped
            found[n] = (start, end, indent)  # the statement ends with its `)`
            statement = statement[:-1] + ", ".join(names)
        current = _statement(statement)
        if current is None:
            return False
        if current[0] in (2, _OWN):
            own.add(current[3] if current[0] == _OWN else "")
            if len(own) > 1:
                return False  # ruff may or may not put them in one section (the module's docstring)
        if previous is not None:
            gap = text[found[n - 1][1] : start]
            if gap.strip("\n"):  # something between them: the block before ended
                if not _ends_block(text, found[n - 1][1], found[n - 1][2]):
                    return False
                previous = None
            elif indent != found[n - 1][2]:
                return False  # blocks of two levels with nothing between: not modelled
            else:
                blanks = len(gap) - 1
                if current[0] != previous[0]:
                    if current[0] < previous[0] or blanks != 1:
                        return False
                elif blanks or current[1] <= previous[1]:
                    return False  # out of order, or a blank line inside a section
                elif current[1][:3] == previous[1][:3] and not (current[2] and previous[2]):
                    return False  # two lines of one module that ruff would merge
        previous = current
    return not found or _ends_block(text, found[-1][1], found[-1][2])


def _wrapped(text: str, end: int, indent: int) -> tuple[list[str], int] | None:
    """The names of an import whose line ends with `(` at `end` (indented by `indent`), and
    where its `)` line ends: one name a line, each with a comma (ruff's isort keeps an import so
    split, as it splits a line too long, and leaves a name's line too long as it is: there is
    nothing to split); None for any other shape."""
    names: list[str] = []
    pad, close = " " * (indent + 4), " " * indent + ")"
    pos = end + 1
    while pos < len(text):
        stop = text.find("\n", pos)
        stop = len(text) if stop == -1 else stop
        line = text[pos:stop]
        if line == close:
            return (names, stop) if names else None
        name = line[len(pad) : -1]
        if not line.startswith(pad) or not line.endswith(",") or not _WORD.fullmatch(name):
            return None
        names.append(name)
        pos = stop + 1
    return None


def _ends_block(text: str, end: int, indent: int) -> bool:
    """After an import block (its last line ends at `end`): the end of the file; or two blank
    lines then a `class` or `def` (after comment lines, which go with the statement they stand
    on); or one blank line then another statement (ruff's isort, `lines-after-imports = -1`).
    After an indented block (`if TYPE_CHECKING:`), anything: ruff leaves the lines after it."""
    if indent:
        return True
    if end >= len(text) - 1:
        return text.endswith("\n") and end == len(text) - 1
    start = end + 1
    while text.startswith("\n", start):
        start += 1
    blanks, statement = start - end - 1, start
    while text.startswith("#", statement):  # comment lines, then the statement they stand on
        statement = text.find("\n", statement) + 1
        if not statement:
            return False
    if text.startswith(_NEXT, statement):
        return blanks == 2
    return blanks == 1 and statement < len(text) and text[statement] not in " \t\n"
