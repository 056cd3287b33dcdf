"""Fixtures of the import tests. Shared users and sites come from tests/conftest.py;
what only imports need is prefixed `imp_`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import Client

from parcours.organisation.demo import ensure_categories
from tests.factories import LegalEntityFactory, RoleFactory, SiteFactory, UserFactory

FIXTURES = Path(__file__).parent / "fixtures"

# The codes the issue lists: a finding with one of them must be expected where it is.
LISTED_CODES = {
    "ABSENCE_OVERLAP",
    "ABSENCE_TYPE_CASE",
    "AMBIGUOUS_DATE",
    "AMBIGUOUS_EMPLOYEE",
    "BOM_IN_HEADER",
    "CROSS_ENTITY_MANAGER",
    "DATE_AS_SERIAL_NUMBER",
    "DATE_AS_TEXT",
    "DATE_FORMAT_MISMATCH",
    "DATE_FORMAT_UNEXPECTED",
    "DECIMAL_COMMA",
    "DUPLICATE_EMPLOYEE_ID",
    "EMPLOYEE_NOT_FOUND",
    "ENCODING_CP1252",
    "ENCODING_LOSS",
    "END_BEFORE_START",
    "ENUM_ALIAS",
    "EXTRA_COLUMNS",
    "HOURLY_ABSENCE",
    "ID_LEADING_ZERO",
    "INVALID_BOOLEAN",
    "INVALID_DATE",
    "LEADING_ZEROS",
    "MANAGER_AMBIGUOUS",
    "MANAGER_BY_NAME",
    "MANAGER_CYCLE",
    "MANAGER_INACTIVE",
    "MANAGER_NOT_FOUND",
    "MANAGER_REF_NORMALISED",
    "MISSING_REQUIRED",
    "MIXED_CELL_TYPES",
    "OPEN_ENDED_ABSENCE",
    "OUT_OF_ORDER",
    "REHIRE_TWO_EMPLOYMENTS",
    "SELF_MANAGER",
    "SELF_MANAGER_ROOT",
    "SHEET_SELECTION",
    "TEMPLATE_ROWS",
    "TRAILING_EMPTY_ROWS",
    "TWO_HEADER_ROWS",
    "UNKNOWN_ABSENCE_TYPE",
    "UNPADDED_DATE",
    "WHITESPACE_IN_KEY",
    "WHITESPACE_NORMALISED",
    "WORKING_TIME_FORMATS",
    "PII_MASKED",
}


@pytest.fixture(autouse=True)
def _imports_settings(settings, tmp_path):
    settings.ROOT_URLCONF = "tests.imports.urls"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def fixture_path(name: str) -> Path:
    return FIXTURES / name


@pytest.fixture
def imp_sites(db):
    """Sites named as in the two sample layouts, and the default categories."""
    ensure_categories()
    valmeuse_fr = LegalEntityFactory(name="Valmeuse France SAS", country="FR")
    valmeuse_be = LegalEntityFactory(name="Valmeuse Belgium NV", country="BE")
    valmeuse_nl = LegalEntityFactory(name="Valmeuse Nederland BV", country="NL")
    peelland_nl = LegalEntityFactory(name="Peelland Verpakkingen B.V.", country="NL")
    peelland_be = LegalEntityFactory(name="Peelland Packaging BV", country="BE")
    return {
        "lyon": SiteFactory(legal_entity=valmeuse_fr, name="Lyon", code="FR-LYO"),
        "gent": SiteFactory(
            legal_entity=valmeuse_be, name="Gent", code="BE-GNT", default_language="nl"
        ),
        "eindhoven": SiteFactory(
            legal_entity=valmeuse_nl, name="Eindhoven", code="NL-EHV", default_language="nl"
        ),
        "helmond": SiteFactory(
            legal_entity=peelland_nl, name="Helmond", code="NL-HLM", default_language="nl"
        ),
        "venlo": SiteFactory(
            legal_entity=peelland_nl, name="Venlo", code="NL-VNL", default_language="nl"
        ),
        "lommel": SiteFactory(
            legal_entity=peelland_be, name="Lommel", code="BE-LML", default_language="nl"
        ),
    }


@pytest.fixture
def imp_hr(db):
    user = UserFactory(username="imp-group-hr")
    RoleFactory(user=user, role="group_hr")
    return user


@pytest.fixture
def imp_client(imp_hr):
    client = Client()
    client.force_login(imp_hr)
    return client


# ------------------------------------------------------------------ expected findings


def expected_entries(file: str) -> list[dict]:
    entries = json.loads((FIXTURES / "expected_findings.json").read_text())
    return [entry for entry in entries if entry["file"].endswith(file)]


def parse_location(location: str) -> tuple[str, list[int]]:
    """('each', rows) / ('range', [first, last]) / ('example', rows) / ('file', [])."""
    if location == "workbook" or location.startswith("whole file"):
        return "file", []
    if location.startswith("column ") and "e.g." not in location:
        return "columns", re.findall(r"\b([A-Z]{1,2})\b", location[len("column ") :])
    mode = "example" if "e.g." in location else "each"
    text = location if mode == "example" else re.sub(r"\(.*?\)", "", location)
    if mode == "example":
        text = text[text.index("e.g.") :]
    text = re.sub(r"sheet '[^']*'", "", text)
    text = re.sub(r"column [A-Z_, ]+", "", text) if text.startswith("column") else text
    ranges = re.findall(r"(\d+)-(\d+)", text)
    if ranges and mode == "each":
        first, last = ranges[0]
        return "range", [int(first), int(last)]
    return mode, [int(n) for n in re.findall(r"\d+", text)]


def check_against_expected(findings: list[dict], file: str, *, ignore: tuple = ()) -> None:
    check_findings(findings, expected_entries(file), ignore=ignore)


def check_findings(findings: list[dict], entries: list[dict], *, ignore: tuple = ()) -> None:
    """Every expected finding is there, with its severity; no listed code anywhere else."""
    location_key = "line" if any("line" in f for f in findings) else "row"
    explained: set[int] = set()
    example_codes = set()
    for entry in entries:
        if entry["severity"] == "none":
            mode, rows = parse_location(entry["location"])
            assert not [
                f for f in findings if f["code"] == entry["code"] and f.get(location_key) in rows
            ], entry
            continue
        mode, rows = parse_location(entry["location"])
        same_code = [
            i
            for i, f in enumerate(findings)
            if f["code"] == entry["code"] and f["severity"] == entry["severity"]
        ]
        assert same_code, f"missing {entry['code']} ({entry['severity']}) at {entry['location']}"
        if mode == "file":
            hits = [i for i in same_code if findings[i].get(location_key) is None]
            assert hits, f"{entry['code']} should be a file-level finding"
        elif mode == "columns":
            hits = [i for i in same_code if findings[i].get("column_letter") in rows]
            assert sorted(findings[i]["column_letter"] for i in hits) == sorted(rows), entry
        elif mode == "range":
            hits = [
                i
                for i in same_code
                if findings[i].get(location_key) == rows[0]
                and findings[i].get(f"last_{location_key}") == rows[1]
            ]
            assert hits, f"{entry['code']} should cover {rows}"
        else:
            hits = []
            for row in rows:
                at_row = [i for i in same_code if findings[i].get(location_key) == row]
                assert at_row, f"missing {entry['code']} at {location_key} {row}"
                hits += at_row
            if mode == "example":
                example_codes.add(entry["code"])
        explained.update(hits)
    for i, finding in enumerate(findings):
        if finding["code"] in ignore or finding["code"] in example_codes:
            continue
        if finding["code"] in LISTED_CODES:
            assert i in explained, f"unexpected {finding}"
