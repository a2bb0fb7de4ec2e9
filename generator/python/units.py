"""The units an SDK is made of: one per output file, each the template it renders and the view
it renders (or, for a runtime module, its text), with a fingerprint of exactly that.

A template's output is a function of its source, the values every template sees
(`Renderer.common`) and its own view: `fingerprint` digests the last two with the inputs that
decide the first (the generator's and the custom templates' fingerprints). A unit whose
fingerprint is the one the manifest records, and whose file is as written, is not rendered or
formatted again (`target.py`): its file on disk is the text a full render would produce.

The units are made one at a time (`units` is a generator), so that a view is dropped once its
file is rendered or found current.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator import ir
from generator.config import SdkConfig
from generator.files import RenderedFile
from generator.ir_digest import Digests, sha256
from generator.irquery import Index
from generator.python.docs_examples import settled
from generator.python.escape import pystr
from generator.python.model_modules import models_package, package_init
from generator.python.naming import walk
from generator.python.render import Renderer, isort_order
from generator.python.runtime_files import runtime_files
from generator.python.views_docs import doc_pages, docs_view
from generator.python.views_docs_models import pages_of
from generator.python.views_memo import Memo
from generator.python.views_project import client_view, project_view, readme_view
from generator.python.views_resources import group_view
from generator.python.views_tests import SampleMemo, mock_server_view, tests_view


def _quick_views() -> None:
    """The views' `repr` without the recursion guard (`ir.quick_repr`: the same text): each
    unit's fingerprint digests its view's `repr`, on every run."""
    from generator.python import (
        docs_examples,
        model_modules,
        views_docs,
        views_docs_models,
        views_models,
        views_operations,
        views_params,
        views_project,
        views_resources,
        views_tests,
    )

    modules = (docs_examples, model_modules, views_docs, views_docs_models, views_models, views_operations)
    for module in (*modules, views_params, views_project, views_resources, views_tests):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and value.__module__ == module.__name__
                and dataclasses.is_dataclass(value)
                and value.__dataclass_params__.repr  # type: ignore[attr-defined]
                and "__repr__" in value.__dict__
            ):
                ir.quick_repr(value)


_quick_views()


@dataclass(slots=True)
class Unit:
    """One output file: `template` rendered with `extra`, or `text` as it is (a runtime file)."""

    path: str
    template: str = ""
    once: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    text: str | None = None
    batch: str = ""  # the batch it is made with ("models": every module from one `models_package` call)
    basis: Callable[[], str] | None = None  # a digest of `extra` made from other units' (`view_digest`)
    # a Markdown page whose only fenced blocks are this many Python blocks, each as ruff writes
    # it (`format.py` leaves the page alone); -1: not known
    blocks: int = -1
    # a module whose lines, once the long ones are laid out (`code_layout`), are as ruff writes
    # them when they all fit: those of a template whose only long lines are of the shapes
    # `code_layout` knows (the tests', the models', the resources')
    lay_out: bool = False
    # its view reads nothing but what its batch's key digests (a group's module, docs page and
    # tests): its fingerprint is that key's (`keyed`), its view not digested again
    by_batch: bool = False
    _digest: str | None = None

    def view_digest(self) -> str:
        """A digest of the view (its `repr`: views and the IR are frozen dataclasses, tuples and
        strings, without sets); "" when it has no faithful text form (an object shown by its
        address): the unit is then never reused."""
        if self._digest is None:
            if self.text is not None:
                body = self.text
            elif self.basis is not None:
                body = self.basis()
            else:
                body = repr(sorted(self.extra.items()))
            self._digest = "" if " at 0x" in body else sha256(body)
        return self._digest

    def fingerprint(self, common: str) -> str:
        """A digest of everything the file's text follows from (`common`: `run_digest`)."""
        view = self.view_digest()
        return sha256("\0".join((common, self.path, self.template, str(self.once), view))) if view else ""

    def keyed(self, tag: str) -> str:
        """The fingerprint of a unit `by_batch` (`tag`: its batch's, "<batch>:<key>", the key made
        with the run's `common`): the batch's inputs are everything its file follows from."""
        return sha256("\0".join((tag, self.path, self.template, str(self.once))))

    def render(self, renderer: Renderer) -> RenderedFile:
        if self.text is not None:
            return RenderedFile(self.path, self.text, self.once)
        return renderer.put(self.template, self.path, self.once, **self.extra)


def run_digest(renderer: Renderer, inputs: tuple[str, ...]) -> str:
    """What every unit of the run shares: the values every template sees, and `inputs` (the
    fingerprints of the generator, its built-in templates and the custom templates)."""
    return sha256("\0".join((*inputs, repr(sorted(renderer.common.items())))))


MODELS = "models"  # the batch of `models/`: every module, and the package's `__init__.py`


def models_key(index: Index, config: SdkConfig, definitions: str) -> str:
    """A digest of everything `models_package` reads: the definitions, the sides of the API
    (requests, responses) each is reached from (`Index.sides`: all it reads of the operations),
    and the line length (`definitions`: their digest). Equal keys: the same `models/` views."""
    reached = sorted(index.sides().items())
    return sha256("\0".join((definitions, repr(reached), str(config.line_length))))


DOCS = "docs"  # the batch of `doc_pages`: the docs index, the models index, a page per family of types


def docs_key(index: Index, definitions: str, root: str) -> str:
    """A digest of everything `doc_pages` reads: the definitions, the title, the group tree
    (names, modules, the operations of each), and of each operation its method name and the
    models it uses in each role (`op_models`, as the pages keep them: made once a run). The
    config is in every unit's digest. `root`: the group tree's `repr` (made once for every key)."""
    api, pages = index.api, pages_of(index)
    uses = [(op.key, op.py_name, pages.models_of(op)) for op in api.operations]
    return sha256("\0".join((definitions, repr(api.title), root, repr(uses))))


def group_batch(group: ir.Group) -> str:
    """The batch of a group's module, docs page and test module (a group's path is unique in the
    tree)."""
    return "group:" + json.dumps(list(group.path))


def group_keys(api: ir.Api, shared: str, texts: dict[str, str]) -> dict[str, str]:
    """Each group's batch → a digest of everything its module, docs page and tests read: its
    operations and the operations they poll, the definitions, the group tree (the group, its
    parent and children, their names), and the API's own fields (servers, security, globals,
    names; `shared`: `_shared`; `texts`: a digest of each operation's `repr`, by key)."""
    ops = {op.key: op for op in api.operations}
    out = {}
    for group in walk(api.root):
        if group.path:
            read = [texts[key] for key in group.operations]
            polled = [
                texts[poll.poll_key]
                for key in group.operations
                if (poll := ops[key].polling) is not None and poll.poll_key in texts
            ]
            out[group_batch(group)] = sha256("\0".join((shared, *read, "polled", *polled)))
    return out


def _shared(api: ir.Api, definitions: str, root: str) -> str:
    """The definitions (their digest), the group tree (`root`: its `repr`) and every field of the
    API but its operations."""
    fields = (api.title, api.version, api.description, api.servers, api.security_schemes, api.globals, api.names)
    return sha256("\0".join((definitions, root, repr(fields), repr(api.trusted_origins))))


def batch_keys(index: Index, config: SdkConfig) -> dict[str, str]:
    """Every batch of the SDK → the digest of what its views read (equal: the same views).

    The definitions and operations are digested with their shared parts (fields, members,
    parameters, responses) printed once (`ir_digest`: a faithful text still; GitHub's 18 MB of
    definitions and Graph's 45 MB of operations were most of this function's time)."""
    api, digests = index.api, Digests()
    definitions = digests.definitions(api.definitions)  # read by every batch: digested once
    root = repr(api.root)  # read by the docs' batch and every group's (Graph: 2.4 MB)
    shared = _shared(api, definitions, root)
    # each operation digested once, for its group's key
    texts = {op.key: digests.operation(op) for op in api.operations}
    groups = group_keys(api, shared, texts)
    return {MODELS: models_key(index, config, definitions), DOCS: docs_key(index, definitions, root), **groups}


def units(index: Index, config: SdkConfig, *, skip: frozenset[str] = frozenset()) -> Iterator[Unit]:
    """Every file of the SDK, in the order they were always rendered; none of the batches in
    `skip` (their files are taken as they are, `target.py`)."""
    pkg, api = config.package_name, index.api
    package = "sdk/package/"
    yield Unit(f"{pkg}/__init__.py", package + "__init__.py.j2")
    yield Unit(f"{pkg}/_streaming.py", package + "_streaming.py.j2")
    yield Unit(f"{pkg}/_transport.py", package + "_transport.py.j2")
    yield Unit(f"{pkg}/_pagination.py", package + "_pagination.py.j2")
    yield Unit(f"{pkg}/_client.py", package + "_client.py.j2", extra={"client": client_view(api)})
    yield Unit(f"{pkg}/custom.py", package + "custom.py.j2", once=True)
    yield Unit(f"{pkg}/py.typed", text="")
    yield Unit(f"{pkg}/resources/__init__.py", package + "resources__init__.py.j2")
    for f in runtime_files(config):
        yield Unit(f.path, text=f.text, once=f.once)
    if MODELS not in skip:
        yield from _models(index, config)
    strings = Memo(pystr)  # the string literals of the methods, by text, for every group's module
    samples = SampleMemo()  # the test modules' values, by type, for every group's
    for group in walk(api.root):
        batch = group_batch(group)
        if not group.path or batch in skip:
            continue
        view = group_view(index, group, config.line_length, strings)
        module = f"{pkg}/resources/{view.module}.py"
        yield Unit(module, package + "_resource.py.j2", extra={"group": view}, batch=batch, lay_out=True, by_batch=True)
        if group.operations:
            docs = docs_view(index, group, config)
            examples = [op.example for op in docs.operations]
            blocks = len(examples) if all(settled(index, e) for e in examples) else -1
            docs_page = f"docs/{view.module}.md"
            yield Unit(docs_page, "docs/group.md.j2", extra={"group": docs}, batch=batch, blocks=blocks, by_batch=True)
            tests = tests_view(index, group, samples)
            test_module = f"tests/test_{view.module}.py"
            tested = {"tests": tests}
            yield Unit(test_module, "project/test_group.py.j2", extra=tested, batch=batch, lay_out=True, by_batch=True)
    if DOCS not in skip:
        for page in doc_pages(index, config):
            yield Unit(page.path, page.template, extra={"page": page.view}, batch=DOCS)
    yield Unit("pyproject.toml", "project/pyproject.toml.j2", extra={"project": project_view(api, config)})
    yield Unit("tests/__init__.py", text="")
    yield Unit("tests/_mock_server.py", "project/_mock_server.py.j2", extra={"mock": mock_server_view(index)})
    yield Unit("README.md", "project/README.md.j2", extra={"readme": readme_view(index, config)})


def _models(index: Index, config: SdkConfig) -> Iterator[Unit]:
    pkg, package = config.package_name, "sdk/package/"
    modules = models_package(index, config.line_length)
    template = package + "models/_module.py.j2"
    parts = [
        Unit(f"{pkg}/models/{m.module}.py", template, extra={"module": m}, batch=MODELS, lay_out=True) for m in modules
    ]
    yield from parts
    names = isort_order([name for m in modules for name in m.names])

    def basis() -> str:  # the package's view is its modules' views, in order, and the names
        return "\0".join([*(part.view_digest() for part in parts), repr(names)])

    extra = {"modules": modules, "names": names, "init": package_init(modules, config.line_length)}
    init = f"{pkg}/models/__init__.py"
    yield Unit(init, package + "models/__init__.py.j2", extra=extra, basis=basis, batch=MODELS, lay_out=True)
