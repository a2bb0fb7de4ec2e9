"""The generator's analysis up to the infer stage over a folder of real-world specs, one spec at
a time within a time budget: what `pagination_census.py` and `polling_sample.py` count.

load → normalize → bound types → infer, as `generator.pipeline` runs them (no naming, no
rendering). The `generator` imported is the first on the path: set PYTHONPATH to another
checkout to measure that checkout's inference (the numbers before a change).
"""

from __future__ import annotations

import signal
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: that one wins

from generator import ir  # noqa: E402
from generator.diagnostics import BadInput  # noqa: E402
from generator.infer import infer  # noqa: E402
from generator.load import load  # noqa: E402
from generator.normalize import Options, normalize  # noqa: E402
from generator.typebounds import bound_types  # noqa: E402

SUFFIXES = (".json", ".yaml", ".yml")


class OverBudget(BaseException):  # not an Exception: nothing in the generator may catch it
    pass


def _over_budget(signum: int, frame: FrameType | None) -> None:
    raise OverBudget


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str  # the spec's path below the folder
    api: ir.Api | None  # the inferred API; None when skipped
    skipped: str = ""  # "bad input", "over budget" or "crash: <exception>"


def inferred(folder: Path, budget: int) -> Iterator[Outcome]:
    """Each spec under `folder`, in path order, inferred within `budget` seconds or skipped."""
    warnings.simplefilter("ignore")  # regex warnings about the specs' patterns
    signal.signal(signal.SIGALRM, _over_budget)
    for path in sorted(p for p in folder.rglob("*") if p.suffix in SUFFIXES and p.is_file()):
        name = str(path.relative_to(folder))
        signal.alarm(budget)
        try:
            api, _ = normalize(load(path).data, Options({}), str(path))
            api = infer(bound_types(api)[0])
        except OverBudget:
            yield Outcome(name, None, "over budget")
            continue
        except BadInput:
            yield Outcome(name, None, "bad input")
            continue
        except (Exception, RecursionError) as exc:  # noqa: BLE001 - a crash is the generator's bug, counted
            yield Outcome(name, None, f"crash: {type(exc).__name__}: {exc}")
            continue
        finally:
            signal.alarm(0)
        yield Outcome(name, api)
