"""Live progress of a running import, readable by the page that polls it.

The apply phase runs inside one transaction, so progress written to the database would
stay invisible to other connections until the end. A small file next to the uploads
(MEDIA_ROOT, which the web server and the worker share anyway) carries it instead.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from django.conf import settings


def _path(run_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / "progress" / f"{int(run_id)}.json"


def write(run_id: int, phase: str, done: int, total: int) -> None:
    path = _path(run_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"phase": phase, "done": done, "total": total}))
        os.replace(temporary, path)
    except OSError:
        pass  # progress is a courtesy; the import goes on without it


def read(run_id: int) -> dict | None:
    try:
        return json.loads(_path(run_id).read_text())
    except (OSError, ValueError):
        return None


def clear(run_id: int) -> None:
    with contextlib.suppress(OSError):
        _path(run_id).unlink()
