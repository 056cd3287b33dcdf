"""The pages: upload, report with filters, confirmation, history, downloads, profiles and
export, at every width a plain server-rendered page gives."""

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from parcours.imports.models import ImportFinding, ImportRun, MappingProfile
from parcours.organisation.models import Employee
from tests.imports.conftest import fixture_path

SAP = "sf_basic_import_user_data.csv"


def _upload(client, name=SAP, **data):
    with open(fixture_path(name), "rb") as handle:
        return client.post(reverse("imports:upload"), {"file": handle, "kind": "employees", **data})


def test_it_checks_then_imports_after_confirmation(imp_sites, imp_client, imp_hr):
    response = _upload(imp_client)
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("imports:run_detail", args=[run.pk])
    assert run.status == "analysed" and run.profile_name == "sap-successfactors"
    assert run.profile_detected and run.created_by == imp_hr
    assert Employee.objects.count() == 0
    page = imp_client.get(response["Location"])
    content = page.content.decode()
    assert "sap-successfactors" in content and "MANAGER_CYCLE" in content
    assert reverse("imports:run_apply", args=[run.pk]) in content
    response = imp_client.post(reverse("imports:run_apply", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == "applied" and run.applied_by == imp_hr
    assert Employee.objects.count() == 49
    # Applied once; a second confirmation does nothing.
    imp_client.post(reverse("imports:run_apply", args=[run.pk]))
    assert Employee.objects.count() == 49


def test_a_failed_import_leaves_nothing_behind_and_says_why(imp_sites, imp_client, monkeypatch):
    from parcours.audit.models import AuditEntry

    _upload(imp_client)
    run = ImportRun.objects.get()
    before = AuditEntry.objects.count()

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(AuditEntry.objects, "create", broken)
    imp_client.post(reverse("imports:run_apply", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "failed" and "disk full" in run.error
    assert Employee.objects.count() == 0 and AuditEntry.objects.count() == before
    page = imp_client.get(reverse("imports:run_detail", args=[run.pk])).content.decode()
    assert "disk full" in page


def test_it_filters_the_report_by_severity_and_code(imp_sites, imp_client):
    _upload(imp_client)
    run = ImportRun.objects.get()
    url = reverse("imports:run_detail", args=[run.pk])
    errors = imp_client.get(url, {"severity": "error"}).content.decode()
    assert 'data-label="Code"><code class="code">DUPLICATE_EMPLOYEE_ID' in errors
    assert 'data-label="Code"><code class="code">LEADING_ZEROS' not in errors
    cycle = imp_client.get(url, {"code": "MANAGER_CYCLE"}, HTTP_HX_REQUEST="true")
    fragment = cycle.content.decode()
    assert fragment.lstrip().startswith('<div id="findings">')
    assert fragment.count('data-label="Code"><code class="code">MANAGER_CYCLE</code>') == 3


def test_it_checks_again_with_another_profile_and_site(imp_sites, imp_client):
    path = io.BytesIO(b"Employee number;First name;Last name;Hire date\n1;Anne;Roux;2020-01-06\n")
    imp_client.post(
        reverse("imports:upload"),
        {"file": SimpleUploadedFile("plain.csv", path.read()), "kind": "employees"},
    )
    run = ImportRun.objects.get()
    assert run.findings.filter(code="SITE_NOT_FOUND").exists()
    imp_client.post(
        reverse("imports:run_recheck", args=[run.pk]),
        {"profile": "generic", "target_site": imp_sites["venlo"].pk},
    )
    run.refresh_from_db()
    assert run.status == "analysed" and run.target_site == imp_sites["venlo"]
    assert not run.findings.filter(severity="error").exists()


def test_it_polls_the_progress_while_a_run_works(imp_sites, imp_client):
    _upload(imp_client)
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(status="applying")
    page = imp_client.get(reverse("imports:run_detail", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "<progress" in page
    fragment = imp_client.get(reverse("imports:run_status", args=[run.pk]))
    assert b"<progress" in fragment.content
    ImportRun.objects.filter(pk=run.pk).update(status="applied")
    done = imp_client.get(reverse("imports:run_status", args=[run.pk]))
    assert done["HX-Refresh"] == "true"


def test_it_downloads_the_report_as_xlsx_csv_and_json(imp_sites, imp_client):
    _upload(imp_client)
    run = ImportRun.objects.get()
    data = json.loads(
        imp_client.get(reverse("imports:run_download", args=[run.pk, "json"])).content
    )
    assert data["profile"] == "sap-successfactors" and len(data["findings"]) == run.findings.count()
    csv_text = imp_client.get(reverse("imports:run_download", args=[run.pk, "csv"])).content.decode(
        "utf-8-sig"
    )
    assert csv_text.splitlines()[0].startswith("file;sheet;line/row")
    assert "error;MANAGER_CYCLE" in csv_text
    workbook = openpyxl.load_workbook(
        io.BytesIO(imp_client.get(reverse("imports:run_download", args=[run.pk, "xlsx"])).content)
    )
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "file" and len(rows) == run.findings.count() + 1


def test_it_shows_who_ran_each_import_in_the_history(imp_sites, imp_client, imp_hr):
    _upload(imp_client)
    page = imp_client.get(reverse("imports:run_list")).content.decode()
    assert SAP in page and imp_hr.username in page


def test_it_makes_a_profile_from_a_builtin_one_and_uses_it(imp_sites, imp_client):
    form = imp_client.get(reverse("imports:profile_create") + "?base=sdworx").content.decode()
    assert "Werknemersnummer" in form
    response = imp_client.post(
        reverse("imports:profile_create"),
        {
            "base": "generic",
            "name": "our-payroll",
            "label": "Our payroll",
            "language": "fr",
            "date_format": "DD/MM/YYYY",
            "decimal_separator": ",",
            "working_time_unit": "hours_week",
            "employee_columns": "employee_number: Mat\nfirst_name: Pré\nlast_name: Nom\n"
            "hire_date: Entrée\nsite: Usine",
            "key": "employee_number",
            "manager_refs": "employee_number",
            "no_manager": "",
            "self_manager": "error",
            "value_aliases": "category: OP = operator",
            "leave_columns": "",
            "absence_types": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = MappingProfile.objects.get(name="our-payroll")
    assert profile.config["employees"]["columns"]["first_name"] == ["Pré"]
    assert profile.config["values"] == {"category": {"OP": "operator"}}
    upload = SimpleUploadedFile(
        "ours.csv", "Mat;Pré;Nom;Entrée;Usine\n1;Anne;Roux;06/01/2020;FR-LYO\n".encode()
    )
    imp_client.post(reverse("imports:upload"), {"file": upload, "kind": "employees"})
    run = ImportRun.objects.get()
    assert run.profile_name == "our-payroll" and run.counts["create"] == 1
    edit = imp_client.post(
        reverse("imports:profile_edit", args=[profile.pk]),
        {
            "name": "our-payroll",
            "label": "Our payroll",
            "date_format": "bogus",
            "decimal_separator": ",",
            "working_time_unit": "hours_week",
            "self_manager": "error",
        },
    )
    assert edit.status_code == 200 and b"bogus" in edit.content


def test_it_refuses_a_profile_with_unknown_fields(imp_client):
    response = imp_client.post(
        reverse("imports:profile_create"),
        {
            "base": "generic",
            "name": "bad",
            "label": "Bad",
            "date_format": "DD/MM/YYYY",
            "decimal_separator": ",",
            "working_time_unit": "hours_week",
            "self_manager": "error",
            "employee_columns": "shoe_size: Pointure",
        },
    )
    assert response.status_code == 200 and not MappingProfile.objects.exists()
    assert "shoe_size" not in response.content.decode() or "known field" in (
        response.content.decode()
    )


def test_it_exports_what_the_user_may_see(imp_sites, imp_client):
    page = imp_client.get(reverse("imports:export"))
    assert page.status_code == 200
    response = imp_client.get(reverse("imports:export"), {"kind": "employees", "format": "csv"})
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode("utf-8-sig").startswith("Employee number;")


@pytest.mark.parametrize("runs", [10, 100])
def test_it_lists_imports_with_a_fixed_number_of_queries(
    imp_sites, imp_client, imp_hr, runs, django_assert_max_num_queries
):
    ImportRun.objects.bulk_create(
        [
            ImportRun(
                kind="employees",
                status="applied",
                original_name=f"f{n}.csv",
                created_by=imp_hr,
                applied_by=imp_hr,
                target_site=imp_sites["lyon"],
                counts={"error": n},
            )
            for n in range(runs)
        ]
    )
    with django_assert_max_num_queries(8):
        assert imp_client.get(reverse("imports:run_list")).status_code == 200
    with django_assert_max_num_queries(8):
        assert imp_client.get(reverse("imports:profile_list")).status_code == 200


@pytest.mark.parametrize("findings", [10, 1000])
def test_it_shows_a_report_with_a_fixed_number_of_queries(
    imp_sites, imp_client, imp_hr, findings, django_assert_max_num_queries
):
    run = ImportRun.objects.create(
        kind="employees",
        status="analysed",
        created_by=imp_hr,
        original_name="x.csv",
        counts={"rows": findings},
    )
    ImportFinding.objects.bulk_create(
        [
            ImportFinding(
                run=run,
                position=n,
                code="LEADING_ZEROS",
                severity="info",
                row=n + 2,
                column="EMPID",
                value=f"{n:06d}",
            )
            for n in range(findings)
        ]
    )
    with django_assert_max_num_queries(10):
        response = imp_client.get(reverse("imports:run_detail", args=[run.pk]))
    assert response.status_code == 200


def test_pages_render_for_phones_tablets_and_desks(imp_sites, imp_client):
    _upload(imp_client)
    run = ImportRun.objects.get()
    for name, args in (
        ("run_list", []),
        ("upload", []),
        ("run_detail", [run.pk]),
        ("profile_list", []),
        ("export", []),
    ):
        page = imp_client.get(reverse(f"imports:{name}", args=args)).content.decode()
        assert 'name="viewport"' in page
        if "<table" in page:
            assert 'class="table-wrap"' in page and "data-label=" in page


def test_it_answers_no_role_with_404_and_other_roles_with_403(org, users):
    run = ImportRun.objects.create(
        kind="employees", status="analysed", created_by=users.site_hr_a, target_site=org.site_a
    )
    urls = [
        reverse("imports:run_list"),
        reverse("imports:upload"),
        reverse("imports:run_detail", args=[run.pk]),
        reverse("imports:profile_list"),
        reverse("imports:profile_create"),
    ]
    expected = {
        "group_hr": 200,
        "site_hr_a": 200,
        "manager": 403,
        "leader": 403,
        "operator": 403,
        "coordinator_a": 403,
        "auditor": 403,
        "outsider": 404,
    }
    for role, status in expected.items():
        client = Client()
        client.force_login(getattr(users, role))
        for url in urls:
            assert client.get(url).status_code == status, (role, url)
    # A site HR of another plant does not see plant A's import.
    client = Client()
    client.force_login(users.site_hr_b)
    assert client.get(reverse("imports:run_list")).status_code == 200
    assert client.get(reverse("imports:run_detail", args=[run.pk])).status_code == 404
    assert client.post(reverse("imports:run_apply", args=[run.pk])).status_code == 404
    anonymous = Client().get(reverse("imports:run_list"))
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_it_offers_a_site_hr_only_their_own_sites(org, users):
    client = Client()
    client.force_login(users.site_hr_a)
    page = client.get(reverse("imports:upload")).content.decode()
    assert org.site_a.name in page and org.site_b.name not in page
    upload = SimpleUploadedFile("x.csv", b"Employee number;First name;Last name;Hire date\n")
    response = client.post(
        reverse("imports:upload"),
        {"file": upload, "kind": "employees", "target_site": org.site_b.pk},
    )
    assert response.status_code == 200 and not ImportRun.objects.exists()


def test_a_manager_exports_only_their_team(org, users):
    client = Client()
    client.force_login(users.leader)
    response = client.get(reverse("imports:export"), {"kind": "employees", "format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    names = {line.split(";")[2] for line in text.splitlines()[1:]}
    assert names == {"Lefèvre", "Dubois", "Gonçalves"}
    outsider = Client()
    outsider.force_login(users.outsider)
    assert outsider.get(reverse("imports:export")).status_code == 404
