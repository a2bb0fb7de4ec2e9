"""`bump_version = true`: each generation versions the package by what changed for its users
and prepends a CHANGELOG.md entry; an unchanged spec changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import sdkgen
from tests.test_regenerate import SPEC

PYPROJECT = """[tool.sdkgen]
[[tool.sdkgen.sdk]]
spec = "specs/shop.yaml"
package_name = "shop_client"
bump_version = true
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "shop.yaml").write_text(SPEC)
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    return tmp_path


def regenerate(project: Path, old: str = "", new: str = "") -> tuple[str, str]:
    """Edit the spec, generate; the package version and CHANGELOG.md after."""
    spec = project / "specs" / "shop.yaml"
    if old:
        assert old in spec.read_text()
        spec.write_text(spec.read_text().replace(old, new))
    result = sdkgen("generate", "-q", cwd=project)
    assert result.returncode == 0, result.stderr
    sdk = project / "generated" / "shop_client"
    version = re.search(r'^version = "(.*)"$', (sdk / "pyproject.toml").read_text(), re.M)
    assert version is not None
    assert f'__version__ = "{version[1]}"' in (sdk / "shop_client" / "__init__.py").read_text()
    return version[1], (sdk / "CHANGELOG.md").read_text()


def test_versions_follow_the_surface_change(project: Path) -> None:
    version, log = regenerate(project)
    assert version == "1.0.0"  # the spec's info.version to start with
    assert log == "# Changelog\n\n## 1.0.0\n\nGenerated from Shop 1.0.0. First version with a changelog.\n"

    version, log = regenerate(
        project, "properties: {name: {type: string}}", "properties: {name: {type: string}, age: {type: integer}}"
    )
    assert version == "1.1.0"
    assert log.startswith(
        "# Changelog\n\n## 1.1.0\n\nGenerated from Shop 1.0.0.\n\n### Other changes\n\n- models.Pet.age: "
    )
    assert log.endswith("## 1.0.0\n\nGenerated from Shop 1.0.0. First version with a changelog.\n")

    version, log = regenerate(project, "operationId: getOrder", "operationId: readOrder")
    assert version == "2.0.0"
    entry = log.split("## 1.1.0")[0]
    assert "### Breaking changes\n\n- client.orders.read: renamed: `client.orders.get` → `client.orders.read`" in entry

    version, log = regenerate(project, "summary: Read an order.", "summary: Read one order.")
    assert version == "2.0.1"  # only documentation changed: a patch, so the new files can be released
    assert "No change to the public surface" in log.split("## 2.0.0")[0]

    before = {p: p.stat().st_mtime_ns for p in (project / "generated").rglob("*") if p.is_file()}
    assert regenerate(project)[0] == "2.0.1"  # nothing changed: same version, nothing written
    assert {p: p.stat().st_mtime_ns for p in before} == before
    assert sdkgen("check", cwd=project).returncode == 0


def test_check_shows_the_bump_a_spec_change_would_make(project: Path) -> None:
    regenerate(project)
    spec = project / "specs" / "shop.yaml"
    spec.write_text(spec.read_text().replace("tags: [orders]", "tags: [purchases]"))
    check = sdkgen("check", cwd=project)
    assert check.returncode == 1
    assert '-version = "1.0.0"\n+version = "2.0.0"' in check.stdout
    assert "+### Breaking changes" in check.stdout


def test_hand_notes_in_the_changelog_stay_and_a_higher_configured_version_wins(project: Path) -> None:
    regenerate(project)
    log = project / "generated" / "shop_client" / "CHANGELOG.md"
    log.write_text(log.read_text() + "\nNote: the 1.0.0 release was tested by the QA team.\n")
    assert sdkgen("check", cwd=project).returncode == 0  # not an owned file: not a hand edit
    (project / "pyproject.toml").write_text(PYPROJECT + 'package_version = "3.0.0"\n')
    version, text = regenerate(project)
    assert version == "3.0.0"
    assert text.startswith("# Changelog\n\n## 3.0.0\n")
    assert text.endswith("Note: the 1.0.0 release was tested by the QA team.\n")


def test_before_1_0_a_breaking_change_bumps_the_minor_version(project: Path) -> None:
    spec = project / "specs" / "shop.yaml"
    spec.write_text(spec.read_text().replace("version: 1.0.0", "version: 0.4.2"))
    assert regenerate(project)[0] == "0.4.2"
    assert regenerate(project, "name: {type: string}", "name: {type: string}, tag: {type: string}")[0] == "0.4.3"
    assert regenerate(project, "operationId: getPet", "operationId: fetchPet")[0] == "0.5.0"
