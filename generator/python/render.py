"""Stage 5, render: a named `ir.Api` → {relative path: text}, through Jinja templates.

One environment per run: Jinja's immutable sandbox (a template reaches no Python internals,
changes no view, and `*`, `**`, `%` and `range` are bounded), `StrictUndefined`, no autoescape
(the output is Python, Markdown and TOML, each escaped by its own filter), and a `finalize` hook
that refuses any interpolated plain string that is not identifier-shaped and turns every escaped
value into a placeholder. `contexts.py` then reads each rendered file, decides from the
template's own text the context of each placeholder and puts back only values escaped for it.
Templates come from the built-in folder, overridden by name from `templates_dir` if given; a
custom template that breaks a rule is bad input (its file and line).
"""

from __future__ import annotations

import dataclasses
import math
import re
import sys
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import jinja2.runtime
import jinja2.sandbox
from jinja2.exceptions import SecurityError

from generator import ir
from generator.config import SdkConfig
from generator.diagnostics import BadInput
from generator.files import RenderedFile
from generator.inputs import templates_root
from generator.irquery import Index
from generator.python import contexts, escape, template_cache
from generator.python.imports_sorted import natural_key
from generator.python.runtime_files import HEADER, error_names, runtime_modules
from generator.python.template_code import InlineCodeGenerator


def isort_order(names: list[str]) -> list[str]:
    """`__all__` order as ruff's RUF022 wants it: CONSTANTS, Classes, then the rest, each in
    natural order (`imports_sorted.natural_key`)."""

    def kind(name: str) -> int:
        return 0 if len(name) > 1 and name.isupper() else 1 if name[:1].isupper() else 2

    if not any(_DIGITS.intersection(name) for name in names):
        # natural order without digits is plain string order: a key, not a comparison per pair
        # in Python (`models/__init__.py`'s 12,000 names on GitHub)
        return sorted(names, key=lambda name: (kind(name), name))
    return sorted(names, key=lambda name: (kind(name), natural_key(name)))  # Graph's 13,600: 0.1 s


_DIGITS = frozenset("0123456789")


class UnescapedText(Exception):
    """A template placed text that did not pass through an escaping filter."""


_MAX_LENGTH = 1_000_000  # the longest sequence `*` may build in a template
_MAX_BITS = 4096  # the largest integer `**` may build


class _Absent:
    """An attribute a view does not have (a type no view value has)."""


_MISSING = _Absent()
_FAST_ATTRIBUTES: set[tuple[type, str]] = set()  # (view class, public attribute) `_Sandbox.getattr` reads directly
_FAST_VALUES: set[type] = set()  # types of the values it returned that way (none from `ir`)
_FAST_CLASSES: dict[str, set[type]] = {}  # `_FAST_ATTRIBUTES` by attribute: what the templates read


def _fast_classes(attribute: str) -> set[type]:
    """The classes whose `attribute` `_Sandbox.getattr` reads directly (filled as it finds them)."""
    return _FAST_CLASSES.setdefault(attribute, set())


_VIEW_ATTRIBUTES: dict[type, frozenset[str]] = {}  # a class → the public attributes read directly
_IR = ir.__name__


_VIEW_MODULES = ("generator.python.views_", "generator.python.model_modules")
# a loop's counters and flags (numbers and booleans; not its methods, nor its items)
_LOOP_ATTRIBUTES = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0"})


def _view_attributes(cls: type) -> frozenset[str]:
    """The public attributes (fields and methods) of a view dataclass of this package
    (`views_*.py`, `model_modules.py`: data for the templates, nothing else), and a loop's
    counters; none for any other class."""
    found = _VIEW_ATTRIBUTES.get(cls)
    if found is None:
        names: list[str] = []
        if dataclasses.is_dataclass(cls) and cls.__module__.startswith(_VIEW_MODULES):
            names = [*dir(cls), *(f.name for f in dataclasses.fields(cls))]
        elif cls is jinja2.runtime.LoopContext:
            names = list(_LOOP_ATTRIBUTES)
        found = _VIEW_ATTRIBUTES[cls] = frozenset(n for n in names if not n.startswith("_"))
    return found


class _Sandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """The immutable sandbox, with `*`, `**` and `%` bounded so that one expression cannot
    exhaust memory (`range` is bounded by Jinja). Loops still take the time they take."""

    intercepted_binops = frozenset({"*", "**", "%"})
    code_generator_class = InlineCodeGenerator

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Also refused: the IR behind a view (`ParamView.source`), which holds raw spec text."""
        return super().is_safe_attribute(obj, attr, value) and type(value).__module__ != ir.__name__

    def getattr(self, obj: Any, attribute: str) -> Any:
        """A view's public attribute directly (the templates read hundreds of thousands of them
        on a large spec); everything else through the sandbox's checks. Each class and attribute
        read directly, and each type of value it gave, is remembered for the templates' inline
        path (`template_code.py`), which is this one without the call."""
        cls = type(obj)
        public = _VIEW_ATTRIBUTES.get(cls)
        if public is None:
            public = _view_attributes(cls)
        if attribute in public:
            value = getattr(obj, attribute, _MISSING)
            if value is not _MISSING and type(value).__module__ != _IR:
                _FAST_ATTRIBUTES.add((cls, attribute))
                _fast_classes(attribute).add(cls)
                _FAST_VALUES.add(type(value))
                return value
        return super().getattr(obj, attribute)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals in one dict rather than Jinja's `ChainMap` over the environment's
        (final before the first template loads: `environment`): `Template.render` copies them into
        each file's context, a dict in half the time (GitHub: 3,430 renders)."""
        return {**self.globals, **(d or {})}

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int) and len(seq) * times > _MAX_LENGTH:
                    raise SecurityError(f"a sequence of more than {_MAX_LENGTH} items")
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
            if right * math.log2(abs(left)) > _MAX_BITS:
                raise SecurityError(f"an integer of more than {_MAX_BITS} bits")
        if operator == "%" and isinstance(left, str) and re.search(r"%[-+ #0]*(\*|\d{4,})", left):
            raise SecurityError("a %-format width of more than 999")
        return super().call_binop(context, operator, left, right)


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates, kept for the process (each SDK gets its own environment, and
    compiling the templates costs more than rendering them) and on disk between processes
    (`template_cache.py`). Jinja checks each entry against its template's source, so an edited
    custom template is compiled again; an entry it cannot read is compiled again too."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.entries.get(bucket.key)
        if data is None and bucket.key.isalnum():
            data = template_cache.read(bucket.key)
        if data is None:
            return
        try:
            bucket.bytecode_from_string(data)
        except Exception:  # damaged: compiled again
            bucket.reset()
        if bucket.code is not None:
            self.entries[bucket.key] = data

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.entries[bucket.key] = bucket.bytecode_to_string()
        if bucket.key.isalnum():
            template_cache.write(bucket.key, data)


_COMPILED = _Compiled()


_NUMBERS = frozenset({int, float, bool, type(None)})


def _finalize(slots: contexts.Slots, safe_text: set[str]) -> Any:
    @jinja2.pass_context  # also keeps Jinja from calling it at compile time on constants
    def finalize(context: jinja2.runtime.Context, value: object) -> object:
        kind = type(value)  # dispatched on the exact type: a subclass takes the general checks
        if kind in escaped:
            if slots.watch is not None:
                return slots.place(value, sys._getframe(1))  # type: ignore[arg-type]
            values = slots.values  # `Slots.place` without the watch, inlined: one per placed value
            n = len(values)
            values.append(value)  # type: ignore[arg-type]
            return marks[n] if n < len(marks) else contexts.marks(n + 1)[n]
        if kind is str:
            if value in safe_text:
                return value
        elif kind in _NUMBERS:
            return value
        if escape.is_safe(value):
            if kind is str:
                safe_text.add(value)  # type: ignore[arg-type]
            return value
        raise UnescapedText(f"unescaped text reached a template: {str(value)[:80]!r}")

    escaped = contexts.KINDS
    marks = contexts.MARKS
    return finalize


def _context_filter(function: Any) -> Any:
    """An escaping filter that Jinja never calls at compile time (a placeholder must come from
    the render that places it)."""

    @jinja2.pass_context
    def run(context: jinja2.runtime.Context, value: str) -> Any:
        return function(value)

    return run


def environment(templates_dir: Path | None = None, slots: contexts.Slots | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(jinja2.FileSystemLoader(str(templates_root())))
    safe_text: set[str] = set()  # plain strings `finalize` already found identifier-shaped
    slots = slots if slots is not None else contexts.Slots()
    env = _Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize(slots, safe_text),
        bytecode_cache=_COMPILED,
    )
    # what the inline paths of `template_code.InlineCodeGenerator` read
    env.sdk_classes, env.sdk_values, env.sdk_absent = _fast_classes, _FAST_VALUES, _MISSING  # type: ignore[attr-defined]
    env.sdk_safe, env.sdk_numbers = safe_text, _NUMBERS  # type: ignore[attr-defined]
    env.sdk_slots, env.sdk_escaped, env.sdk_marks = slots, contexts.KINDS, contexts.marks(1)  # type: ignore[attr-defined]
    del env.globals["lipsum"]  # text of any length from one call
    filters = {
        "pystr": escape.pystr,
        "toml": escape.toml_str,
        "docstring": escape.docstring,
        "comment": escape.comment,
        "markdown": escape.markdown,
        "md_inline": escape.md_inline,
        "md_code": escape.md_code,
        "md_cell_code": escape.md_cell_code,
    }
    env.filters.update({name: _context_filter(f) for name, f in filters.items()})
    env.filters["outdent"] = _outdent
    return env


def _outdent(text: str, spaces: int) -> str:
    """A block of template text moved out by `spaces` (`{% filter outdent(4) %}`): the lines a
    template shares between two places at different depths, each written as ruff indents it."""
    if not spaces:
        return text
    pad = " " * spaces
    return "\n".join(line.removeprefix(pad) for line in text.split("\n"))


class Renderer:
    """One SDK's render environment: the values every template sees (`common`) and `put`, which
    renders one template into one file, its escaped values checked and put back (`contexts.py`)."""

    def __init__(self, api: ir.Api, config: SdkConfig) -> None:
        _refuse_runtime_templates(config.templates_dir)
        self.config = config
        self.slots = contexts.Slots()
        self.env = environment(config.templates_dir, self.slots)
        self.templates: dict[str, jinja2.Template] = {}  # by name, loaded for the run
        pkg = config.package_name
        client_name, async_client_name = api.names["client"], api.names["async"]
        self.common: dict[str, Any] = {
            "header": HEADER,
            "package": pkg,
            "package_str": escape.pystr(pkg),
            "http": config.http_library,
            "title_doc": escape.docstring(api.title),
            "client_name": client_name,
            "async_client_name": async_client_name,
            "exports": isort_order(
                [
                    "NOT_GIVEN",
                    "NotGiven",
                    async_client_name,
                    client_name,
                    "AsyncBinaryResponse",
                    "AsyncItemStream",
                    "AsyncPage",
                    "AsyncPaginator",
                    "AsyncStream",
                    "AsyncStreamedResponse",
                    "BinaryResponse",
                    "FileContent",
                    "FileTypes",
                    "ItemStream",
                    "RawResponse",
                    "ServerSentEvent",
                    "Stream",
                    "StreamedResponse",
                    "SyncPage",
                    "errors",
                    "models",
                    *error_names(),
                ]
            ),
            "error_names": sorted(error_names()),
            "version": escape.pystr(config.package_version),
        }

    def put(self, template: str, path: str, once: bool = False, **extra: Any) -> RenderedFile:
        slots, common, config = self.slots, self.common, self.config
        slots.clear()
        try:
            known = self.templates.get(template)
            if known is None:  # Jinja's own cache checks the template's file on every call
                known = self.templates[template] = self.env.get_template(template)
            loaded = known
            text = slots.fill(loaded.render(**common, **extra), path)
        except contexts.MisplacedValue as exc:
            again = lambda: loaded.render(**common, **extra)  # noqa: E731
            raise _misplaced(exc, template, config.templates_dir, again, slots) from exc
        except Exception as exc:
            raise _custom_template_error(exc, template, config.templates_dir) from exc
        return RenderedFile(path, text, once)


def render(api: ir.Api, config: SdkConfig) -> list[RenderedFile]:
    """Every file of the SDK, rendered (`units.py` lists them), sorted by path."""
    from generator.python.units import units  # it imports this module's `Renderer`

    renderer = Renderer(api, config)
    return sorted((unit.render(renderer) for unit in units(Index.of(api), config)), key=lambda f: f.path)


def _refuse_runtime_templates(folder: Path | None) -> None:
    """A custom template for a runtime module would be ignored (the runtime is copied, not
    rendered): say so instead of generating without it."""
    if folder is None:
        return
    for old in ("_models.py.j2", "_params.py.j2"):  # one module per model now: `models/_module.py.j2`
        if (folder / "sdk" / "package" / "models" / old).is_file():
            raise BadInput(
                str(folder / "sdk" / "package" / "models" / old), f"custom template: {old} is now models/_module.py.j2"
            )
    for module in runtime_modules():
        own = folder / "sdk" / "package" / f"{module.name}.j2"
        if own.is_file():
            raise BadInput(
                str(own),
                f"custom template: {module.name} is no longer a template (the SDK's runtime is copied as it is); "
                "remove this file and put hand-written code in custom.py",
            )


def _misplaced(
    exc: contexts.MisplacedValue, template: str, folder: Path | None, again: Callable[[], str], slots: contexts.Slots
) -> Exception:
    """A value placed in the wrong context by a custom template is bad input at the line that
    placed it (found by rendering again, watching that value); by a built-in one, a generator bug."""
    own = folder / template if folder is not None else None
    if own is None or not own.is_file():
        return exc
    slots.clear()
    slots.watch, slots.placed_at = exc.index, None
    again()
    where = f"{slots.placed_at[0]}:{slots.placed_at[1]}" if slots.placed_at is not None else str(own)
    slots.watch = None
    return BadInput(where, f"custom template: {exc}")


def _custom_template_error(exc: Exception, template: str, folder: Path | None) -> Exception:
    """A failing custom template is bad input (one line, exit 2) naming the file and line; a
    failing built-in one stays a generator bug."""
    own = folder / template if folder is not None else None
    if own is None or not own.is_file():
        return exc
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:  # Jinja maps a render error's frames onto the template's lines
        if tb.tb_frame.f_code.co_filename == str(own):
            line = tb.tb_lineno
        tb = tb.tb_next
    where = f"{own}:{line}" if line else str(own)
    message = getattr(exc, "message", None) or str(exc)
    return BadInput(where, f"custom template: {type(exc).__name__}: {message}")
