"""`imports_sorted`: a module it accepts is one ruff's isort pass leaves as it is (format.py then
leaves it out of that pass), and its natural order is ruff's (`tests/natord.py`)."""

from __future__ import annotations

import functools
import random
import subprocess
from pathlib import Path

import pytest
from ruff.__main__ import find_ruff_bin

from generator.python.imports_sorted import _natural, from_import, import_order, imports_sorted
from tests.natord import natord_compare

HEAD = '"""Doc."""\n\nfrom __future__ import annotations\n\n'
CLASS = "\n\nclass A:\n    pass\n"

ACCEPTED = [
    HEAD + "import datetime as _dt\nimport typing as _t\n\nfrom .._model_base import SDKModel as _SDKModel\n" + CLASS,
    HEAD
    + "import typing as _t\n\nimport pydantic as _p\n\nfrom .._files import File as _File\n"
    + "from .._model_base import OpenEnum as _OpenEnum\nfrom .._model_base import SDKModel as _SDKModel\n"
    + "from .._model_base import checks as _checks\nfrom ._a2 import A2, B\nfrom ._a10 import C\n"
    + CLASS,
    HEAD + "from .._model_base import SDKModel as _SDKModel\n" + CLASS + "\n\n# c\nfrom ._x import URL, Api, page\n",
    HEAD + 'from ._a import A\n\n\nclass B:\n    """Text\n    imported, important."""\n',  # words, not imports
    HEAD  # a resource module's block
    + "import builtins as _b\nimport datetime as _dt\nimport functools\nimport typing as _t\n"
    + "from collections.abc import Mapping\n\nimport pydantic as _p\n\n"
    + "from .. import _base, _pagination, models\nfrom .._transport import AsyncTransport, SyncTransport\n"
    + CLASS,
    HEAD + "import typing as _t\n\nA: _t.TypeAlias = int\n",  # one blank line before a statement
    HEAD + "import typing as _t\n\n# the alias\nA: _t.TypeAlias = int\n",
    HEAD + "import json\n\n\n# a comment goes with the function\ndef f() -> None:\n    pass\n",
    HEAD + "import typing as _t\n\nif _t.TYPE_CHECKING:\n    from ._client import AClient, AsyncAClient\n" + CLASS,
    HEAD.rstrip("\n") + "\n" + CLASS + "\n    def f(self):\n        from ._a import A\n",  # inside a block
    HEAD + "from ._long_module import (\n    LongName,\n    LongNameParam,\n)\n" + CLASS,  # wrapped
    # wrapped, its first line too long (a model module's imports after its classes)
    HEAD.rstrip("\n")
    + "\n"
    + CLASS
    + "\n\n# c\n# ruff: noqa: E402\nfrom ._"
    + "m" * 120
    + " import (\n    LongName,\n)\n",
    # wrapped, a name's line too long (a resource module's import of its subgroup, in a method)
    HEAD.rstrip("\n")
    + "\n"
    + CLASS
    + "\n    def f(self):\n        from ._a import (\n            "
    + "N" * 120
    + ",\n        )\n",
    HEAD
    + "import typing as _t\n\nif _t.TYPE_CHECKING:\n    from ._a import (\n        A,\n        B,\n    )\n"
    + CLASS,
    HEAD + "from ._a import A007, A7, A10\n" + CLASS,  # a leading zero: natord's fraction rule
    HEAD + "from ._a0f5 import A\nfrom ._a01 import B\nfrom ._a1 import C\n" + CLASS,  # modules too
    # a test module: the standard library (dotted too), then the SDK's own package
    HEAD
    + "import asyncio\nimport email.utils\nimport json\nimport typing as _t\n\n"
    + "from my_sdk import AClient, AsyncAClient, errors\n\nBASE_URL = 1\n",
    # a runtime module: a third-party section with a digit in a name
    HEAD
    + "import os\nfrom collections.abc import Mapping\n\nimport httpx2 as _httpx\nimport pydantic as _p\n\n"
    + "from ._a import A\n"
    + CLASS,
]
REJECTED = [
    HEAD + "from .._model_base import OpenEnum as _OpenEnum, SDKModel as _SDKModel\n" + CLASS,  # two `as`
    HEAD + "\nfrom .._model_base import SDKModel as _SDKModel\n" + CLASS,  # a blank line too many
    HEAD + "import typing as _t\n\n\n\nA: _t.TypeAlias = int\n",  # ruff keeps one blank line there
    HEAD + "from ._b import B\nfrom ._a import A\n" + CLASS,  # out of order
    HEAD + "from ._a import B, A\n" + CLASS,
    HEAD + "from ._a import A\nfrom ._a import B\n" + CLASS,  # ruff merges them
    HEAD + "import typing as _t\n\n\nA: _t.TypeAlias = int\n",  # two blank lines before a statement
    HEAD + "import json\n\n# c\ndef f() -> None:\n    pass\n",  # one before a function (its comment too)
    HEAD + "import httpx2 as _httpx\n\nfrom my_sdk import A\n" + CLASS,  # first-party or not: ruff decides
    HEAD + "from my_sdk import A\n\nfrom other_sdk import B\n" + CLASS,
    HEAD + "import json\n\nimport shlex\n" + CLASS,  # a standard module not listed: one section
    HEAD + "from ._a import " + ", ".join(f"Name{i}" for i in range(20)) + "\n" + CLASS,  # too long: wrapped
    HEAD + "import typing as _t\n\nif _t.TYPE_CHECKING:\n    from ._b import B\n    from ._a import A\n",  # nested
    HEAD + CLASS + "\n    def f(self):\n\tfrom ._a import A\n",  # a tab
    HEAD + "from ._a import (\n    B,\n    A,\n)\n" + CLASS,  # wrapped, out of order
    HEAD + "from ._a import (\n    A,\n    B\n)\n" + CLASS,  # no comma after the last: ruff joins the lines
    HEAD + "from ._a import (\n    A as X,\n)\n" + CLASS,  # `as` in a wrapped import: not modelled
    HEAD + "from shlex import split\n" + CLASS,  # a standard module not listed
    HEAD + "from collections.abc import Mapping\nimport functools\n" + CLASS,  # `from` before `import`
    HEAD + "from . import a\nfrom .. import b\n" + CLASS,  # `.` before `..`
    HEAD + "from .._x import A\nfrom .. import b\n" + CLASS,  # the package after its module
    HEAD + "from ._" + "m" * 120 + " import (\n    B,\n    A,\n)\n" + CLASS,  # wrapped, too long, out of order
]


def _ruff_changes(tmp_path: Path, texts: list[str]) -> list[str]:
    paths = []
    for n, text in enumerate(texts):
        (path := tmp_path / f"m{n}.py").write_text(text)
        paths.append(str(path))
    common = ["--isolated", "--no-cache", "--line-length", "120", "--target-version", "py311", "--select", "I"]
    out = subprocess.run([str(find_ruff_bin()), "check", *common, "--diff", *paths], capture_output=True, text=True)
    return [line for line in out.stdout.splitlines() if line.startswith("+++ ")]


def test_accepted_modules_are_what_ruff_writes(tmp_path: Path) -> None:
    assert all(imports_sorted(text, 120) for text in ACCEPTED)
    assert _ruff_changes(tmp_path, ACCEPTED) == []


@pytest.mark.parametrize("text", REJECTED)
def test_rejected(text: str) -> None:
    assert not imports_sorted(text, 120)


def test_the_rejected_examples_that_ruff_changes(tmp_path: Path) -> None:
    # each of these is one ruff rewrites (the others are outside what the check models)
    changed = REJECTED[:8] + REJECTED[10:13] + REJECTED[14:16] + REJECTED[18:]
    assert len(_ruff_changes(tmp_path, changed)) == len(changed)


def test_natural_order_is_rufs() -> None:
    rng = random.Random(16)
    names = ["".join(rng.choice("ab_.019") for _ in range(rng.randint(1, 6))) for _ in range(600)]
    by_key = sorted(set(names), key=lambda n: _natural(n))
    by_ruff = sorted(set(names), key=functools.cmp_to_key(natord_compare))
    assert by_key == by_ruff


def test_import_order_is_rufs(tmp_path: Path) -> None:
    names = ["models", "AsyncApiClient", "ApiClient", "errors", "CONSTANT", "AbcClient", "ABClient"]
    line = "from my_sdk import " + ", ".join(import_order(names))
    assert imports_sorted(HEAD + line + "\n" + CLASS, 120)
    assert _ruff_changes(tmp_path, [HEAD + line + "\n" + CLASS]) == []
    assert import_order(["B007", "A"]) == ["B007", "A"]  # an order not modelled: as given


def test_from_import_is_what_ruff_writes(tmp_path: Path) -> None:
    """One line up to the line length, wrapped past it, at the top level and indented."""
    rng = random.Random(7)
    texts = []
    for n in range(40):
        names = [f"Name{rng.randint(0, 99)}x{i}" for i in range(rng.randint(1, 9))]
        indent = "    " if n % 2 else ""
        line = from_import(f"._module_{'m' * rng.randint(1, 60)}", names, 120, indent)
        body = f"if _t.TYPE_CHECKING:\n{line}\n" if indent else line + "\n"
        texts.append(HEAD + "import typing as _t\n\n" + body + CLASS)
    assert all(imports_sorted(text, 120) for text in texts)
    assert any("(\n" in text for text in texts) and any(" import Name" in text for text in texts)
    assert _ruff_changes(tmp_path, texts) == []


def test_a_line_as_long_as_the_limit_is_kept(tmp_path: Path) -> None:
    head = "from ._m import "
    at_limit, over = (HEAD + head + "N" * (length - len(head)) + "\n" + CLASS for length in (120, 121))
    assert imports_sorted(at_limit, 120) and not imports_sorted(over, 120)
    assert _ruff_changes(tmp_path, [at_limit]) == [] and len(_ruff_changes(tmp_path, [over])) == 1
