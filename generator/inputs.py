"""What a generation is made from, and its fingerprints: the generator's code and built-in
templates, the spec's files, the config, the custom templates.

Light on purpose (standard library only): `sdkgen check` on an unchanged tree imports this and
`manifest.py`, hashes, and answers, without loading the parser, the validator or Jinja.
"""

from __future__ import annotations

import functools
import hashlib
import time
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
    """A digest of the spec's files, computed once per process while they stay the same (`generate`
    checks whether the tree is current, then builds: each fingerprints the spec, 10 MB for GitHub's)."""
    key = tuple(_identity(path) for path in files)
    found = _SPECS.get(key)
    if found is None:
        digest = hashlib.sha256()
        for path in files:
            digest.update(path.read_bytes() + b"\0")
        found = digest.hexdigest()
        # kept only for files last changed a while ago: a change now sets a later change time,
        # where one within the clock's granularity of the last might not (git's "racily clean")
        settled = time.time_ns() - _SETTLED
        if all(identity[-1] < settled for identity in key) and tuple(_identity(path) for path in files) == key:
            if len(_SPECS) >= 8:
                _SPECS.clear()
            _SPECS[key] = found
    return found


_SPECS: dict[tuple[tuple[str, int, int, int, int, int], ...], str] = {}
_SETTLED = 2_000_000_000  # nanoseconds


def _identity(path: Path) -> tuple[str, int, int, int, int, int]:
    """The file as the file system knows it: path, device, inode, size, modification and change times."""
    info = path.stat()
    return (str(path.resolve()), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def fingerprints(config: SdkConfig, spec_files: tuple[Path, ...] | list[Path]) -> Fingerprints:
    folder = config.spec.resolve().parent
    relative = tuple(
        p.resolve().relative_to(folder).as_posix() if p.resolve().is_relative_to(folder) else p.name for p in spec_files
    )
    templates = tree_hash(config.templates_dir) if config.templates_dir is not None else ""
    return Fingerprints(
        generator_fingerprint(), spec_fingerprint(spec_files), config.fingerprint(), templates, relative
    )
