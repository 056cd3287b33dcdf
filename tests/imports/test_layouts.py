"""Exports of the layouts without a sample file (SD Worx, Lucca, Nmbrs, Visma Verzuim,
generic), generated with the traps hris-import.md describes for them."""

from datetime import date

import pytest

from parcours.imports.services import import_file
from parcours.organisation.models import Employee, Leave
from tests.factories import EmployeeFactory, LegalEntityFactory, SiteFactory
from tests.imports import layouts
from tests.imports.conftest import check_findings


def _run(path, kind="employees", profile=None, **kwargs):
    outcome = import_file(path=path, kind=kind, profile_name=profile, **kwargs)
    return outcome, outcome.report.to_dict()["findings"]


@pytest.fixture
def imp_sdworx_sites(imp_sites):
    entity = LegalEntityFactory(name="Metaalwerken Limburg NV", country="BE")
    return {
        "genk": SiteFactory(legal_entity=entity, name="Genk", code="BE-GNK", default_language="nl"),
        "herstal": SiteFactory(
            legal_entity=entity, name="Herstal", code="BE-HST", default_language="fr"
        ),
    }


@pytest.fixture
def imp_lucca_sites(imp_sites):
    lyon = LegalEntityFactory(name="Forges de Lyon", country="FR")
    lens = LegalEntityFactory(name="Forges de Lens", country="FR")
    return {
        "lyon": SiteFactory(legal_entity=lyon, name="Lyon Gerland", code="FR-FLY"),
        "lens": SiteFactory(legal_entity=lens, name="Lens", code="FR-FLE"),
    }


# ------------------------------------------------------------------------------ SD Worx


def test_it_reports_an_sdworx_export_as_section_5_describes(imp_sdworx_sites, tmp_path):
    path = layouts.write_sdworx(tmp_path / "sdworx.csv")
    outcome, findings = _run(path)
    assert outcome.report.profile == "sdworx"
    assert outcome.report.encoding == "cp1252" and outcome.report.delimiter == ";"
    check_findings(findings, layouts.expected(layouts.SDWORX_EXPECTED))
    masked = [f for f in findings if f["code"] == "PII_MASKED"]
    assert [f["column_letter"] for f in masked] == ["A", "L"]
    inactive = next(f for f in findings if f["code"] == "MANAGER_INACTIVE")
    assert "line 10" in inactive["message"] and "line 12" in inactive["message"]


def test_it_imports_an_sdworx_export_without_storing_identifiers(imp_sdworx_sites, tmp_path):
    path = layouts.write_sdworx(tmp_path / "sdworx.csv")
    _run(path, dry_run=False)
    # 39 rows; not imported: 14 (no such date), 18 (leaves before joining), 23 (shifted
    # columns), 38 and 39 (each other's manager).
    assert Employee.objects.filter(legal_entity__name="Metaalwerken Limburg NV").count() == 34
    martin = Employee.objects.get(employee_number="00297")
    assert martin.manager.employee_number == "00285"  # '285' padded to the 5-digit format
    assert martin.site.name == "Herstal" and martin.last_name == "Martin"
    assert Employee.objects.get(employee_number="00236").last_name == "Koz?owska"
    assert Employee.objects.get(employee_number="00304").category.code == "operator"
    assert not Employee.objects.filter(
        employee_number__in=["00307", "00310", "00272", "00245", "00257"]
    ).exists()
    partial = Employee.objects.get(employee_number="00254")
    assert (partial.working_time_unit, str(partial.working_time_value)) == ("hours_week", "30.40")
    # 'Taal' is the legal language of the site, not the worker's preferred language.
    assert Employee.objects.get(employee_number="00288").preferred_language == "fr"
    assert Employee.objects.get(employee_number="00233").preferred_language == "nl"
    assert Employee.objects.get(employee_number="00230").active is False
    stored = Employee.objects.values_list("first_name", "last_name", "email", "phone")
    assert not any("XX.XX" in " ".join(map(str, values)) for values in stored)


# ------------------------------------------------------------------------------ Lucca


def test_it_reports_a_lucca_users_export(imp_lucca_sites, tmp_path):
    path = layouts.write_lucca_users(tmp_path / "users.csv")
    outcome, findings = _run(path)
    assert outcome.report.profile == "lucca"
    check_findings(findings, layouts.expected(layouts.LUCCA_USERS_EXPECTED))
    assert any(f["code"] == "TWO_DIGIT_YEAR" and f["line"] == 6 for f in findings)
    assert not any(f["code"] == "DUPLICATE_EMPLOYEE_ID" for f in findings)


def test_it_imports_the_two_establishments_of_a_lucca_export(imp_lucca_sites, tmp_path):
    _run(layouts.write_lucca_users(tmp_path / "users.csv"), dry_run=False)
    lyon, lens = (
        Employee.objects.get(employee_number="0102", legal_entity__name=name)
        for name in ("Forges de Lyon", "Forges de Lens")
    )
    assert lyon.pk != lens.pk
    assert lyon.manager.last_name == "MARTIN"  # by name
    assert lens.manager == Employee.objects.get(employee_number="0001")
    martin = Employee.objects.get(employee_number="0001")
    assert martin.manager is None  # herself = top of the organisation
    assert (martin.working_time_unit, martin.working_time_value) == ("percent", 100)
    assert str(lens.working_time_value) == "35.00"  # 151,67 hours a month
    assert lens.category.code == "operator" and lyon.category.code == "staff"
    dupont = Employee.objects.get(employee_number="0105")
    assert dupont.preferred_language == "en"
    assert Employee.objects.get(employee_number="0106").contract_type == "apprentice"
    assert Employee.objects.get(employee_number="0106").manager == dupont


def test_it_reports_and_imports_lucca_absences(imp_lucca_sites, tmp_path):
    _run(layouts.write_lucca_users(tmp_path / "users.csv"), dry_run=False)
    path = layouts.write_lucca_absences(tmp_path / "absences.csv")
    outcome, findings = _run(path, kind="leaves")
    check_findings(findings, layouts.expected(layouts.LUCCA_ABSENCES_EXPECTED))
    assert any(f["code"] == "ABSENCE_NOT_APPROVED" and f["line"] == 9 for f in findings)
    _run(path, kind="leaves", dry_run=False)
    lyon_0102 = Employee.objects.get(employee_number="0102", legal_entity__name="Forges de Lyon")
    assert Leave.objects.get(employee=lyon_0102).kind == "vacation"
    dupont = Employee.objects.get(employee_number="0105")
    half = Leave.objects.get(employee=dupont, first_day=date(2025, 2, 3))
    assert half.note == "half day (first day); half day (last day)"
    assert Leave.objects.get(employee=dupont, first_day=date(2025, 1, 22)).note == "3.5 h"
    assert not Leave.objects.filter(first_day=date(2025, 4, 14)).exists()  # not approved
    assert Leave.objects.get(first_day=date(2025, 5, 26)).last_day is None


# ------------------------------------------------------------------------------ Nmbrs


def test_it_reports_an_nmbrs_sheet(imp_sites, tmp_path):
    path = layouts.write_nmbrs(tmp_path / "nmbrs.xlsx")
    outcome, findings = _run(path)
    assert outcome.report.profile == "nmbrs" and outcome.report.sheet == "Werknemers"
    check_findings(findings, layouts.expected(layouts.NMBRS_EXPECTED))


def test_it_imports_an_nmbrs_sheet(imp_sites, tmp_path):
    _run(layouts.write_nmbrs(tmp_path / "nmbrs.xlsx"), dry_run=False)
    bram = Employee.objects.get(employee_number="2")
    assert (bram.first_name, bram.last_name) == ("Bram", "van der Linden")
    assert bram.hire_date == date(2010, 8, 15)
    bakker = Employee.objects.get(employee_number="3")
    assert bakker.contract_type == "fixed_term" and bakker.leaving_date == date(2027, 1, 8)
    assert str(bakker.working_time_value) == "32.00"
    assert Employee.objects.get(employee_number="0042").manager == bram
    visser = Employee.objects.filter(employee_number="17")
    assert visser.count() == 1 and visser.get().hire_date == date(2019, 9, 1)
    assert visser.get().leaving_date is None
    assert not Employee.objects.filter(employee_number="21").exists()


def test_it_folds_visma_verzuim_events_into_periods(imp_sites, tmp_path):
    _run(layouts.write_nmbrs(tmp_path / "nmbrs.xlsx"), dry_run=False)
    path = layouts.write_verzuim(tmp_path / "verzuim.csv")
    outcome, findings = _run(path, kind="leaves")
    assert outcome.report.profile == "visma-verzuim"
    check_findings(findings, layouts.expected(layouts.VERZUIM_EXPECTED))
    _run(path, kind="leaves", dry_run=False)
    smit = Leave.objects.get(employee__employee_number="1")
    assert (smit.kind, smit.first_day, smit.last_day, smit.return_date) == (
        "sick",
        date(2025, 1, 6),
        date(2025, 1, 19),
        date(2025, 1, 20),
    )
    linden = Leave.objects.get(employee__employee_number="2")
    assert linden.last_day is None and "50%" in linden.note
    bakker = Leave.objects.get(employee__employee_number="3")
    assert bakker.last_day == date(2025, 2, 9)
    # Next month's file closes the open sickness of last month.
    later = tmp_path / "verzuim-2.csv"
    later.write_text(
        "Intern nummer;Eerste ziektedag;Soort melding;Datum hersteld\r\n"
        "2;13-01-2025;Volledig herstel;17-02-2025\r\n"
    )
    outcome, findings = _run(later, kind="leaves", dry_run=False)
    assert outcome.ok, findings
    linden.refresh_from_db()
    assert linden.last_day == date(2025, 2, 16) and linden.return_date == date(2025, 2, 17)


# ------------------------------------------------------------------------------ generic


def test_it_reads_a_generic_unicode_text_export(imp_sites, tmp_path):
    entity = LegalEntityFactory(name="Nordforge France SAS", country="FR")
    SiteFactory(legal_entity=entity, name="Valenciennes", code="FR-VAL")
    other = EmployeeFactory(site=SiteFactory(code="BE-X"), employee_number="0042")
    path = layouts.write_generic_utf16(tmp_path / "export.txt")
    outcome, findings = _run(path)
    assert outcome.report.profile == "generic"
    assert outcome.report.encoding == "utf-16" and outcome.report.delimiter == "\t"
    check_findings(findings, layouts.expected(layouts.GENERIC_EXPECTED))
    assert any(f["code"] == "ENCODING_MOJIBAKE" and f["line"] == 3 for f in findings)
    assert any(f["code"] == "SITE_NOT_FOUND" and f["line"] == 7 for f in findings)
    _run(path, dry_run=False)
    roux = Employee.objects.get(employee_number="5004")
    assert roux.manager == other
    assert (roux.working_time_unit, str(roux.working_time_value)) == ("fte", "0.80")
    assert roux.category.code == "staff" and roux.contract_type == "fixed_term"
    assert Employee.objects.get(employee_number="5003").contract_type == "temporary"
    assert Employee.objects.get(employee_number="5002").hire_date == date(2018, 2, 14)
