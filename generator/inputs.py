"""What a generation is made from, and its fingerprints: the generator's code and built-in
templates, the spec's files, the config, the custom templates.

Light on purpose (standard library only): `sdkgen check` on an unchanged tree imports this and
`manifest.py`, hashes, and answers, without loading the parser, the validator or Jinja.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from generator import __version__
from generator.config import SdkConfig
from generator.manifest import Fingerprints


def templates_root(target: str = "python") -> Path:
    """A target's built-in templates, inside its package (`generator/<target>/templates`)."""
    return Path(__file__).parent / target / "templates"


def tree_hash(folder: Path, pattern: str = "*") -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@functools.cache
def generator_fingerprint() -> str:
    """The generator's version, code, runtime files and built-in templates: any change regenerates."""
    here = Path(__file__).parent
    parts = [__version__, tree_hash(here)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def spec_fingerprint(files: tuple[Path, ...] | list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def fingerprints(config: SdkConfig, spec_files: tuple[Path, ...] | list[Path]) -> Fingerprints:
    folder = config.spec.resolve().parent
    relative = tuple(
        p.resolve().relative_to(folder).as_posix() if p.resolve().is_relative_to(folder) else p.name for p in spec_files
    )
    templates = tree_hash(config.templates_dir) if config.templates_dir is not None else ""
    return Fingerprints(
        generator_fingerprint(), spec_fingerprint(spec_files), config.fingerprint(), templates, relative
    )
