"""Set up Django for a benchmark on a throwaway SQLite database (or DATABASE_URL)."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def setup(name: str) -> str:
    """Point Django at a fresh database named after the benchmark; return its URL."""
    if "BENCH_DATABASE_URL" in os.environ:
        url = os.environ["BENCH_DATABASE_URL"]
    else:
        folder = Path(tempfile.mkdtemp(prefix="parcours-bench-"))
        url = f"sqlite:///{folder / (name + '.sqlite3')}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parcours.settings")
    os.environ.setdefault("STATIC_MANIFEST", "0")
    os.environ.setdefault("AXES_ENABLED", "0")
    import django

    django.setup()
    return url
