"""parcours compliance --on DATE [--site CODE ...] [--format json|csv]"""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.compliance.conftest import ON


def _run(*args) -> str:
    out = io.StringIO()
    call_command("compliance", *args, stdout=out)
    return out.getvalue()


def test_json_one_entry_per_employee_with_their_obligations(world):
    data = json.loads(_run("--on", ON.isoformat(), "--site", world.org.site_a.code))
    by_name = {entry["name"]: entry for entry in data}
    assert set(by_name) == {
        "Alice Martin",
        "Bruno Lefèvre",
        "Chloé Dubois",
        "Dário Gonçalves",
        "Emre Yılmaz",
        "Fatima El Amrani",
    }
    chloe = by_name["Chloé Dubois"]
    assert chloe["on"] == ON.isoformat() and chloe["policy"] == "FR-EPP-2025"
    assert {"kind": "periodic", "due": "2025-05-02", "status": "overdue"}.items() <= chloe[
        "obligations"
    ][2].items()
    assert "2023-05-02" in chloe["obligations"][2]["rule"]
    assert by_name["Dário Gonçalves"]["penalty"]["amount_eur"] == 3000
    assert chloe["penalty"]["at_risk"] is False


def test_csv_one_line_per_obligation_and_every_site_by_default(world):
    rows = list(csv.DictReader(io.StringIO(_run("--on", "2024-07-01", "--format", "csv"))))
    emre = [r for r in rows if r["name"] == "Emre Yılmaz" and r["kind"] == "periodic"]
    assert ("2024-05-20", "overdue") in {(r["due"], r["status"]) for r in emre}
    # Belgian employees are listed with no legal obligation.
    hanne = [r for r in rows if r["name"] == "Hanne De Smet"]
    assert len(hanne) == 1 and hanne[0]["policy"] == "BE" and hanne[0]["kind"] == ""
    # Fatima was hired later.
    assert not [r for r in rows if r["name"] == "Fatima El Amrani"]


def test_bad_arguments_are_refused_with_a_message(world):
    with pytest.raises(CommandError, match="not a date"):
        _run("--on", "2026-02-30")
    with pytest.raises(CommandError, match="Unknown site"):
        _run("--site", "NOPE")
