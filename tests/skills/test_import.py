"""Importing the matrix a plant keeps in Excel: the dry run reports every problem by row
and column, and applying records whole rows or nothing of them."""

import io
from datetime import date

from django.urls import reverse
from openpyxl import load_workbook

from parcours.audit.models import AuditEntry
from parcours.skills import selectors, services
from parcours.skills.exports import matrix_xlsx
from parcours.skills.matrix_import import MatrixImportAnalysis
from parcours.skills.models import Assessment, CurrentLevel, MatrixImport
from tests.factories import EmployeeFactory
from tests.skills.conftest import xlsx_upload

DAY = date(2026, 6, 1)


def _check(user, rows, **kwargs):
    return services.matrix_import_check(
        upload=xlsx_upload(rows, **kwargs), assessed_on=DAY, user=user
    )


def _findings(run):
    return {
        (finding["row"], finding["column"], finding["value"], finding["code"], finding["severity"])
        for finding in run.report["findings"]
    }


def _level(employee, skill):
    current = CurrentLevel.objects.filter(employee=employee, skill=skill).first()
    return current.level if current else None


def test_it_reads_letters_numbers_and_circles(org, users, matrix_world):
    run = _check(
        users.group_hr,
        [
            ["Matricule", "Nom", "P400", "Changement d'outil", "Eerste-stukcontrole"],
            [org.chloe.employee_number, "Dubois Chloé", "O", 4, "◕"],
            [org.dario.employee_number, "Dário Gonçalves", "u", "4", "●"],
        ],
    )
    assert run.status == "checked"
    assert run.report["counts"]["error"] == 0
    # Chloé's die change (O) and quality (U) are already what she holds: unchanged.
    assert run.report["counts"]["unchanged"] == 2
    assert run.report["counts"]["levels"] == 4
    assert not Assessment.objects.filter(source="import").exists()  # a dry run

    services.matrix_import_apply(run=run, user=users.group_hr)

    assert _level(org.chloe, matrix_world.press) == 4
    assert _level(org.dario, matrix_world.press) == 3
    assert _level(org.dario, matrix_world.die_change) == 4
    assert _level(org.dario, matrix_world.quality) == 4
    imported = Assessment.objects.filter(source="import")
    assert imported.count() == 4
    assert {a.assessed_on for a in imported} == {DAY}
    assert {a.assessor for a in imported} == {users.group_hr}
    run.refresh_from_db()
    assert (run.status, run.counts["recorded"], run.applied_by) == ("applied", 4, users.group_hr)
    # Every imported level is in the audit trail, under the name of who confirmed it.
    entries = AuditEntry.objects.filter(action="parcours.skill_assessment.imported")
    assert entries.count() == 4
    assert {entry.user for entry in entries} == {users.group_hr}


def test_it_reports_a_bad_level_and_leaves_the_whole_row_out(org, users, matrix_world):
    run = _check(
        users.group_hr,
        [
            ["Employee number", "P400", "DIE"],
            [org.chloe.employee_number, "X", "L"],
            [org.dario.employee_number, "U", "O"],
        ],
    )
    (finding,) = [f for f in run.report["findings"] if f["code"] == "LEVEL_INVALID"]
    assert (finding["row"], finding["column"], finding["value"], finding["severity"]) == (
        2,
        "P400",
        "X",
        "error",
    )
    assert finding["column_letter"] == "B"
    assert run.report["counts"]["rows_rejected"] == 1

    services.matrix_import_apply(run=run, user=users.group_hr)

    # Chloé's row is left out as a whole: her die change stays O; Dário's row is in.
    assert _level(org.chloe, matrix_world.die_change) == 4
    assert not Assessment.objects.filter(employee=org.chloe, source="import").exists()
    assert (_level(org.dario, matrix_world.press), _level(org.dario, matrix_world.die_change)) == (
        3,
        4,
    )


def test_it_reports_an_unknown_employee_an_unknown_skill_and_a_duplicate_row(
    org, users, matrix_world
):
    run = _check(
        users.group_hr,
        [
            ["Personeelsnummer", "Naam", "P400", "Laser welding"],
            ["999999", "Nobody", "U", ""],
            [org.chloe.employee_number, "Chloé Dubois", "U", "L"],
            [org.dario.employee_number, "Dário Gonçalves", "U", ""],
            [org.dario.employee_number, "Dário Gonçalves", "L", ""],
            [org.fatima.employee_number, "Fatima El Amrani", "I", ""],
        ],
    )
    codes = {(row, code) for row, _column, _value, code, _severity in _findings(run)}
    assert (2, "UNKNOWN_EMPLOYEE") in codes
    assert (None, "SKILL_NOT_FOUND") in codes
    assert (3, "ROW_REJECTED_BY_COLUMN") in codes  # Chloé has a level in the unknown column
    assert {(4, "DUPLICATE_EMPLOYEE_ID"), (5, "DUPLICATE_EMPLOYEE_ID")} <= codes
    assert run.report["counts"]["rows_ok"] == 1  # only Fatima

    services.matrix_import_apply(run=run, user=users.group_hr)
    assert list(Assessment.objects.filter(source="import").values_list("employee", flat=True)) == [
        org.fatima.pk
    ]


def test_it_explains_each_problem_in_the_readers_language(org, users, matrix_world, client_for):
    run = _check(users.group_hr, [["Employee number", "P400"], ["424242", "U"], ["", "U"]])
    client = client_for(users.group_hr)
    english = client.get(reverse("skills:import_detail", args=[run.pk])).content.decode()
    assert "is not the employee number of anyone you may see" in english
    assert "Employee number is empty; Parcours needs it." in english
    french = client.get(
        reverse("skills:import_detail", args=[run.pk]), headers={"accept-language": "fr"}
    )
    assert french.status_code == 200


def test_it_matches_skill_columns_by_code_or_name_in_any_language(
    org, users, matrix_world, tmp_path
):
    analysis = MatrixImportAnalysis(
        xlsx_path(
            [
                ["Employee number", "Presse 400 t", "matrijswissel", "First-part check [QC]"],
                [org.dario.employee_number, "U", "O", "L"],
            ],
            tmp_path,
        ),
        user=users.group_hr,
        assessed_on=DAY,
    )
    analysis.analyse()
    assert [column.skill.code for column in analysis.columns] == ["P400", "DIE", "QC"]


def test_it_finds_numbers_that_lost_their_leading_zeros(org, users, matrix_world):
    padded = EmployeeFactory(
        site=org.site_a, employee_number="000417", first_name="Noé", last_name="Leroy"
    )
    run = _check(users.group_hr, [["Employee number", "P400"], [417, "U"]])
    codes = {code for *_rest, code, _severity in _findings(run)}
    assert "ID_LEADING_ZERO" in codes
    services.matrix_import_apply(run=run, user=users.group_hr)
    assert _level(padded, matrix_world.press) == 3


def test_it_keeps_site_hr_to_their_own_plant(org, users, matrix_world):
    run = _check(
        users.site_hr_b,
        [
            ["Employee number", "P400"],
            [org.chloe.employee_number, "U"],
            [org.hanne.employee_number, "L"],
        ],
    )
    codes = {(row, code) for row, _c, _v, code, _s in _findings(run)}
    # Plant B's HR does not even see Chloé: she is unknown to them.
    assert (2, "UNKNOWN_EMPLOYEE") in codes
    assert run.report["counts"]["rows_ok"] == 1


def test_it_warns_when_the_name_does_not_match_the_number(org, users, matrix_world):
    run = _check(
        users.group_hr,
        [["Employee number", "Name", "P400"], [org.dario.employee_number, "Jean Dupont", "U"]],
    )
    (finding,) = [f for f in run.report["findings"] if f["code"] == "EMPLOYEE_NAME_MISMATCH"]
    assert finding["severity"] == "warning"
    assert run.report["counts"]["rows_ok"] == 1


def test_it_refuses_a_file_without_a_number_column(org, users, matrix_world):
    run = _check(users.group_hr, [["Who", "P400"], ["Chloé", "U"]])
    assert run.status == "failed"
    assert [f["code"] for f in run.report["findings"]] == ["MATRIX_HEADER_NOT_FOUND"]
    assert not run.can_apply


def test_it_imports_back_its_own_excel_export_without_changes(org, users, matrix_world):
    matrix = selectors.skills_matrix(
        user=users.group_hr, query=selectors.MatrixQuery(team=org.team_a1)
    )
    content = matrix_xlsx(matrix, "Presses A")
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames[0] == "Matrix"
    run = services.matrix_import_check(
        upload=_upload(content), assessed_on=date(2026, 11, 1), user=users.group_hr
    )
    assert run.report["counts"]["error"] == 0
    assert run.report["counts"]["levels"] == 0
    assert run.report["counts"]["unchanged"] == 5


def test_it_keeps_a_later_level_current_when_the_file_is_older(org, users, matrix_world):
    run = services.matrix_import_check(
        upload=xlsx_upload([["Employee number", "P400"], [org.chloe.employee_number, "I"]]),
        assessed_on=date(2025, 1, 1),
        user=users.group_hr,
    )
    assert "LEVEL_NOT_CURRENT" in {f["code"] for f in run.report["findings"]}
    services.matrix_import_apply(run=run, user=users.group_hr)
    assert _level(org.chloe, matrix_world.press) == 3
    assert Assessment.objects.filter(employee=org.chloe, source="import", level=1).exists()


def test_it_checks_then_imports_through_the_pages(org, users, matrix_world, client_for):
    client = client_for(users.site_hr_a)
    response = client.post(
        reverse("skills:import_list"),
        {
            "file": xlsx_upload([["Employee number", "P400"], [org.dario.employee_number, "U"]]),
            "assessed_on": "2026-06-01",
        },
    )
    run = MatrixImport.objects.get()
    assert response["Location"] == reverse("skills:import_detail", args=[run.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Import 1 row now?" in page
    client.post(reverse("skills:import_apply", args=[run.pk]))
    assert _level(org.dario, matrix_world.press) == 3
    page = client.get(reverse("skills:import_detail", args=[run.pk])).content.decode()
    assert "levels recorded" in page
    # Applying twice records nothing more.
    client.post(reverse("skills:import_apply", args=[run.pk]))
    assert Assessment.objects.filter(source="import").count() == 1


def test_it_refuses_a_file_that_is_not_a_workbook(org, users, matrix_world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(users.group_hr).post(
        reverse("skills:import_list"),
        {"file": SimpleUploadedFile("matrix.csv", b"a;b"), "assessed_on": "2026-06-01"},
    )
    assert "Save the sheet as an Excel workbook (.xlsx)." in response.content.decode()
    broken = services.matrix_import_check(
        upload=_upload(b"PK\x03\x04 not really a zip"), assessed_on=DAY, user=users.group_hr
    )
    assert broken.status == "failed"
    assert broken.report["findings"][0]["code"] == "FILE_UNREADABLE"


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("matrix.xlsx", content)


def xlsx_path(rows, folder):
    path = folder / "matrix.xlsx"
    path.write_bytes(xlsx_upload(rows).read())
    return path
