"""Run every benchmark of this folder, one process each, and print their figures."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

failed = []
for script in sorted(HERE.glob("bench_*.py")):
    print(f"=== {script.name} ===", flush=True)
    if subprocess.run([sys.executable, str(script)], cwd=HERE).returncode != 0:
        failed.append(script.name)
sys.exit(1 if failed else 0)
