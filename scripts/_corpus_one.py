"""Run one `sdkgen generate` in this process and report exit code, time and peak memory.

Used by corpus.py as `python _corpus_one.py RESULT.json -- <sdkgen arguments>`; a separate
process per spec, so peak memory (ru_maxrss) is that spec's own.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.cli.main import main  # noqa: E402

result_path = Path(sys.argv[1])
args = sys.argv[3:]
stderr = io.StringIO()
started = time.perf_counter()
with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
    try:
        code = main(args)
    except BaseException as exc:  # noqa: BLE001 - a crash is a result here
        code = 99
        print(f"{type(exc).__name__}: {exc}", file=stderr)
elapsed = time.perf_counter() - started
result = {
    "exit": code,
    "seconds": round(elapsed, 3),
    "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    "stderr": stderr.getvalue()[-2000:],
}
result_path.write_text(json.dumps(result))
