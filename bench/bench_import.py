"""Import of a 20,000-employee export: dry run, then apply, then the same file again.

Run: `.venv/bin/python bench/bench_import.py [--employees 20000] [--xlsx]`.
A throwaway SQLite database in a temporary folder (DATABASE_URL), migrated first.
Prints the time and the peak Python memory (tracemalloc) of each phase, and the memory of
merely streaming the file at two sizes, to show that reading stays flat.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

FIRST = [
    "Anne",
    "Paul",
    "Zoë",
    "Łukasz",
    "Ayşe",
    "Noëlle",
    "Jean-Pierre",
    "Ștefan",
    "Inès",
    "Bram",
    "Joost",
    "Sanne",
    "Mehmet",
    "Fatima",
    "Gaëlle",
    "Koen",
]
LAST = [
    "Dubois",
    "Martin",
    "de Vries",
    "van der Linden",
    "Wiśniewska",
    "Yılmaz",
    "Peeters",
    "El Amrani",
    "Lefèvre",
    "Janssens",
    "Popescu",
    "Gonçalves",
    "D'Hondt",
    "Kaya",
]
HEADER = [
    "Employee number",
    "First name",
    "Last name",
    "Email",
    "Company",
    "Site",
    "Department",
    "Team",
    "Position",
    "Manager",
    "Category",
    "Hire date",
    "Contract type",
    "Working time",
    "Language",
]


def setup() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="parcours-bench-import-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "parcours.settings"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ.setdefault("AXES_ENABLED", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return folder


def make_rows(count: int, seed: int = 2026):
    """A tree: 2 plant managers, 10 heads, team leaders of 15, operators."""
    rng = random.Random(seed)
    departments = ["Production", "Maintenance", "Quality", "Logistics", "Office"]
    number = 0

    def person(site, manager, position, category, team=""):
        nonlocal number
        number += 1
        first, last = rng.choice(FIRST), rng.choice(LAST)
        hired = date(2026, 1, 1) - timedelta(days=rng.randint(30, 12000))
        return [
            f"{number:06d}",
            first,
            last,
            f"p{number}@bench.example",
            "Bench Industries SA",
            site,
            rng.choice(departments),
            team,
            position,
            manager,
            category,
            hired.isoformat(),
            rng.choice(["CDI", "CDI", "CDI", "CDD", "intérim"]),
            rng.choice(["35", "35", "38", "28,5", "80 %"]),
            "fr",
        ]

    rows = []
    for site in ("BENCH-A", "BENCH-B"):
        plant = person(site, "", "Plant manager", "manager")
        rows.append(plant)
        for head_index in range(5):
            head = person(site, plant[0], "Department head", "manager")
            rows.append(head)
            leaders_per_head = max(1, count // 2 // 5 // 16)
            for leader_index in range(leaders_per_head):
                team = f"Team {head_index}-{leader_index}"
                leader = person(site, head[0], "Team leader", "team_leader", team)
                rows.append(leader)
                for _ in range(15):
                    rows.append(person(site, leader[0], "Operator", "operator", team))
    return rows[:count]


def write_csv(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Employees")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def timed(label: str, function):
    """Time without tracing: tracemalloc slows the ORM down several times."""
    started = time.perf_counter()
    result = function()
    print(f"{label:<44} {time.perf_counter() - started:8.1f} s")
    return result


def traced(label: str, function):
    """Peak Python memory of a second run under tracemalloc (its time is not shown)."""
    tracemalloc.start()
    result = function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<44} {'':>10}   peak {peak / 2**20:7.1f} MiB")
    return result


def stream_only(path: Path) -> int:
    from parcours.imports.readers import open_source

    source = open_source(path)
    count = sum(1 for _ in source.rows(source.sheet_names()[0]))
    source.close()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=20000)
    parser.add_argument("--xlsx", action="store_true", help="XLSX instead of CSV")
    args = parser.parse_args()
    folder = setup()
    from parcours.imports.services import import_file
    from parcours.organisation.demo import ensure_categories
    from parcours.organisation.models import Employee, LegalEntity, Site

    ensure_categories()
    entity = LegalEntity.objects.create(name="Bench Industries SA", country="FR")
    for code in ("BENCH-A", "BENCH-B"):
        Site.objects.create(legal_entity=entity, name=code, code=code, default_language="fr")
    writer = write_xlsx if args.xlsx else write_csv
    suffix = "xlsx" if args.xlsx else "csv"
    small = writer(folder / f"small.{suffix}", make_rows(args.employees // 4))
    path = writer(folder / f"employees.{suffix}", make_rows(args.employees))
    print(
        f"{args.employees} employees, {suffix.upper()} of {path.stat().st_size / 2**20:.1f} MiB,"
        f" SQLite in {folder}"
    )
    traced(f"stream the file, {args.employees // 4} rows", lambda: stream_only(small))
    traced(f"stream the file, {args.employees} rows", lambda: stream_only(path))

    def dry_run():
        return import_file(path=path, kind="employees", profile_name="generic")

    dry = timed("dry run (read, check, report)", dry_run)
    traced("dry run, memory", dry_run)
    counts = dry.report.to_dict()["counts"]
    print(
        f"    rows {counts['rows']}, to create {counts['create']}, "
        f"errors {counts['error']}, warnings {counts['warning']}, notes {counts['info']}"
    )
    applied = timed(
        "apply (one transaction, audit trail)",
        lambda: import_file(path=path, kind="employees", profile_name="generic", dry_run=False),
    )
    print(
        f"    created {applied.report.counts['created']}, "
        f"in the database {Employee.objects.count()}"
    )
    again = timed(
        "same file again (nothing changes)",
        lambda: import_file(path=path, kind="employees", profile_name="generic", dry_run=False),
    )
    print(
        f"    unchanged {again.report.counts['unchanged']}, "
        f"updated {again.report.counts['updated']}"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident memory (whole run) {rss:.0f} MiB")


if __name__ == "__main__":
    main()
