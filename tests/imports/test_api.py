"""The imports API: JSON rows with the same checks and report, file uploads with a dry-run
flag, the run history, and who may call it."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from parcours.imports.models import ImportRun
from parcours.organisation.models import Employee, Leave
from tests.imports.conftest import fixture_path


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


ROWS = [
    {
        "employee_number": "000501",
        "first_name": "Anne",
        "last_name": "Roux",
        "hire_date": "2020-01-06",
        "site": "FR-LYO",
        "email": "a.roux@x.example",
    },
    {
        "employee_number": "000502",
        "first_name": "Paul",
        "last_name": "Blanc",
        "hire_date": "31/02/2021",
        "site": "FR-LYO",
        "manager": "000501",
    },
    {
        "employee_number": "000503",
        "first_name": "Eva",
        "last_name": "Noir",
        "hire_date": "2021-03-01",
        "site": "FR-LYO",
        "manager": "000501",
    },
]


def test_it_upserts_json_rows_with_a_dry_run_first(imp_sites, imp_hr):
    client = _client(imp_hr)
    url = reverse("imports-api-bulk")
    dry = client.post(
        url,
        {
            "employees": ROWS,
            "leaves": [
                {"employee_number": "000503", "absence_type": "sick", "start_date": "2025-02-03"}
            ],
        },
        format="json",
    )
    assert dry.status_code == 200
    body = dry.json()
    assert body["dry_run"] is True and body["ok"] is False
    errors = [
        (f["row"], f["code"]) for f in body["employees"]["findings"] if f["severity"] == "error"
    ]
    assert errors == [(2, "INVALID_DATE")]
    assert body["leaves"]["counts"]["create"] == 1
    assert Employee.objects.count() == 0
    done = client.post(
        url,
        {
            "employees": ROWS,
            "dry_run": False,
            "leaves": [
                {"employee_number": "000503", "absence_type": "sick", "start_date": "2025-02-03"}
            ],
        },
        format="json",
    )
    assert done.json()["employees"]["counts"]["created"] == 2
    assert Leave.objects.get().employee.employee_number == "000503"
    again = client.post(url, {"employees": ROWS, "dry_run": False}, format="json").json()
    assert again["employees"]["counts"]["created"] == 0
    assert again["employees"]["counts"]["unchanged"] == 2


def test_it_refuses_an_empty_request_and_unknown_profiles(imp_hr):
    client = _client(imp_hr)
    assert client.post(reverse("imports-api-bulk"), {}, format="json").status_code == 400
    response = client.post(
        reverse("imports-api-bulk"), {"profile": "nope", "employees": ROWS}, format="json"
    )
    assert response.status_code == 400 and "profile" in response.json()


def test_it_imports_a_file_and_confirms_a_checked_run(imp_sites, imp_hr):
    client = _client(imp_hr)
    with open(fixture_path("sf_basic_import_user_data.csv"), "rb") as handle:
        checked = client.post(
            reverse("imports-api-files"), {"file": handle, "kind": "employees"}, format="multipart"
        )
    assert checked.status_code == 201 and checked.json()["status"] == "analysed"
    run_id = checked.json()["id"]
    listing = client.get(reverse("imports-api-runs")).json()
    assert [run["id"] for run in listing] == [run_id]
    applied = client.post(reverse("imports-api-run-apply", args=[run_id]), {}, format="json")
    assert applied.status_code == 200 and applied.json()["status"] == "applied"
    assert Employee.objects.count() == 49
    conflict = client.post(reverse("imports-api-run-apply", args=[run_id]), {}, format="json")
    assert conflict.status_code == 409
    with open(fixture_path("personio_employees.xlsx"), "rb") as handle:
        direct = client.post(
            reverse("imports-api-files"),
            {"file": handle, "kind": "employees", "dry_run": "false"},
            format="multipart",
        )
    assert direct.json()["status"] == "applied"
    assert direct.json()["findings"][0]["sheet"] == "Employees"


def test_it_lists_the_profiles(imp_hr):
    names = {p["name"] for p in _client(imp_hr).get(reverse("imports-api-profiles")).json()}
    assert names >= {
        "generic",
        "personio",
        "sap-successfactors",
        "lucca",
        "nmbrs",
        "visma-verzuim",
        "sdworx",
    }


def test_api_permissions(org, users):
    url = reverse("imports-api-bulk")
    body = {
        "employees": [
            {
                "employee_number": "1",
                "first_name": "A",
                "last_name": "B",
                "hire_date": "2020-01-01",
                "site": org.site_b.code,
            }
        ]
    }
    assert _client(users.group_hr).post(url, body, format="json").status_code == 200
    for role, status in (
        ("manager", 403),
        ("coordinator_a", 403),
        ("auditor", 403),
        ("outsider", 404),
    ):
        assert _client(getattr(users, role)).post(url, body, format="json").status_code == (
            status
        ), role
        assert _client(getattr(users, role)).get(reverse("imports-api-runs")).status_code == (
            status
        ), role
    assert APIClient().post(url, body, format="json").status_code in (401, 403)
    # A site HR may post, but rows of another site are errors; another site as target: 403.
    site_hr = _client(users.site_hr_a)
    report = site_hr.post(url, body, format="json").json()["employees"]
    assert [f["code"] for f in report["findings"]] == ["SITE_NOT_ALLOWED"]
    assert site_hr.post(url, {**body, "site": org.site_b.code}, format="json").status_code == 403
    run = ImportRun.objects.create(
        kind="employees", status="analysed", created_by=users.site_hr_a, target_site=org.site_a
    )
    assert (
        _client(users.site_hr_b).get(reverse("imports-api-run", args=[run.pk])).status_code == 404
    )


@pytest.mark.filterwarnings("ignore")
def test_the_schema_validates(db, tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/imports/bulk/" in target.read_text()
