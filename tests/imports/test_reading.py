"""Reading the bytes and the structure of CSV and XLSX files (section 7, rules 1-6)."""

from datetime import datetime

import openpyxl

from parcours.imports.readers import XlsxSource, open_source
from parcours.imports.services import import_file
from parcours.organisation.models import Employee
from tests.imports.layouts import make_xlsx

HEADER = "Employee number;First name;Last name;Hire date;Site"


def _import(path, **kwargs):
    outcome = import_file(path=path, kind="employees", profile_name="generic", **kwargs)
    return outcome, outcome.report.to_dict()["findings"]


def _codes(findings, code):
    return [f.get("line") or f.get("row") for f in findings if f["code"] == code]


def test_it_strips_a_utf8_byte_order_mark_from_the_first_header(imp_sites, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(
        ("\ufeff" + HEADER + "\r\n0001;Anne;Roux;2020-01-06;FR-LYO\r\n").encode("utf-8")
    )
    outcome, findings = _import(path, dry_run=False)
    assert _codes(findings, "BOM_IN_HEADER") == [1]
    assert outcome.report.encoding == "utf-8-sig"
    assert Employee.objects.get().employee_number == "0001"


def test_it_falls_back_to_cp1252_not_latin1(imp_sites, tmp_path):
    path = tmp_path / "cp1252.csv"
    text = (
        HEADER + "\r\n0002;Zoë;D’Hondt;2020-01-06;FR-LYO\r\n0003;Œdipe;Müller;2020-01-06;FR-LYO\r\n"
    )
    path.write_bytes(text.encode("cp1252"))
    outcome, findings = _import(path, dry_run=False)
    assert outcome.report.encoding == "cp1252"
    assert [f["code"] for f in findings if f["line"] is None] == ["ENCODING_CP1252"]
    assert Employee.objects.get(employee_number="0002").last_name == "D’Hondt"
    assert Employee.objects.get(employee_number="0003").first_name == "Œdipe"


def test_it_keeps_strict_utf8_without_a_finding(imp_sites, tmp_path):
    path = tmp_path / "utf8.csv"
    path.write_text(HEADER + "\n0004;Łukasz;Wiśniewski;2020-01-06;FR-LYO\n", encoding="utf-8")
    outcome, findings = _import(path)
    assert outcome.report.encoding == "utf-8"
    assert not [f for f in findings if f["code"].startswith("ENCODING")]


def test_it_sniffs_the_delimiter(imp_sites, tmp_path):
    for delimiter in (";", ",", "\t", "|"):
        path = tmp_path / "d.csv"
        lines = [
            HEADER.replace(";", delimiter),
            delimiter.join(["0005", "Jan", "Smit", "2020-01-06", "FR-LYO"]),
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        outcome, _findings = _import(path)
        assert outcome.report.delimiter == delimiter
        assert outcome.report.counts["create"] == 1


def test_it_honours_quotes_and_counts_physical_lines(imp_sites, tmp_path):
    path = tmp_path / "quoted.csv"
    path.write_text(
        "Employee number,First name,Last name,Position,Hire date,Site\n"
        '0006,Anne,Roux,"Opératrice, ligne 2",2020-01-06,FR-LYO\n'
        '0007,Paul,Blanc,"Régleur\nnuit",2020-01-06,FR-LYO\n'
        "0008,Eva,Noir,Cariste,2020-01-06,FR-LYO,extra\n"
        "0009,Luc,Vert,Cariste,2020-01-06\n",
        encoding="utf-8",
    )
    outcome, findings = _import(path, dry_run=False)
    assert _codes(findings, "EXTRA_COLUMNS") == [5]  # the quoted newline takes lines 3-4
    assert _codes(findings, "MISSING_COLUMNS") == [6]
    assert Employee.objects.get(employee_number="0006").position.title == "Opératrice, ligne 2"
    assert not Employee.objects.filter(employee_number__in=["0008", "0009"]).exists()


def test_it_finds_the_header_after_title_rows_and_skips_blank_rows(imp_sites, tmp_path):
    path = tmp_path / "titled.csv"
    path.write_text(
        "Export personnel du 30/06/2025;;;;\n;;;;\n" + HEADER + "\n"
        "0010;Anne;Roux;2020-01-06;FR-LYO\n;;;;\n   ;  ;;;\n"
        "0011;Paul;Blanc;2020-01-06;FR-LYO\n;;;;\n\n",
        encoding="utf-8",
    )
    outcome, findings = _import(path)
    assert outcome.report.counts["rows"] == 2
    assert [
        (f["line"], f["last_line"]) for f in findings if f["code"] == "TRAILING_EMPTY_ROWS"
    ] == [(8, 9)]


def test_it_picks_the_sheet_by_its_header_and_skips_formatted_empty_rows(imp_sites, tmp_path):
    path = tmp_path / "book.xlsx"
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "Read me"
    notes.append(["Fill one row per employee. Dates as dates."])
    data = workbook.create_sheet("Data")
    data.append(["Employee number", "First name", "Last name", "Hire date", "Site"])
    data.append(["0012", "Anne", "Roux", datetime(2020, 1, 6), "FR-LYO"])
    data.append([None, None, None, None, None])
    data.append(["0013", "Paul", "Blanc", 43836, "FR-LYO"])  # a serial in a General cell
    for row in range(5, 9):
        data.cell(row=row, column=2).number_format = "@"  # formatted, empty
    data.cell(row=6, column=2, value=" ")
    workbook.save(path)
    outcome, findings = _import(path)
    assert outcome.report.sheet == "Data"
    assert _codes(findings, "SHEET_SELECTION") == [None]
    assert _codes(findings, "DATE_AS_SERIAL_NUMBER") == [4]
    assert [(f["row"], f["last_row"]) for f in findings if f["code"] == "TRAILING_EMPTY_ROWS"] == [
        (5, 8)
    ]


def test_it_reads_serials_of_a_1904_workbook(imp_sites, tmp_path):
    path = make_xlsx(
        tmp_path / "mac.xlsx",
        {
            "Employees": [
                ["Employee number", "First name", "Last name", "Hire date", "Site"],
                ["0014", "Anne", "Roux", 40281, "FR-LYO"],
            ]
        },
        date1904=True,
    )
    outcome, findings = _import(path, dry_run=False)
    finding = next(f for f in findings if f["code"] == "DATE_AS_SERIAL_NUMBER")
    assert "1904" in finding["message"]
    assert Employee.objects.get(employee_number="0014").hire_date.isoformat() == "2014-04-14"


def test_it_reads_workbooks_in_read_only_mode(tmp_path):
    path = make_xlsx(tmp_path / "small.xlsx", {"A": [["x"]]})
    source = open_source(path)
    assert isinstance(source, XlsxSource) and source.workbook.read_only
    source.close()


def test_it_reports_an_unreadable_file_and_a_missing_column(imp_sites, tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is no workbook")
    outcome, findings = _import(broken)
    assert [f["code"] for f in findings] == ["FILE_UNREADABLE"] and not outcome.ok
    path = tmp_path / "nohire.csv"
    path.write_text("Employee number;First name;Last name\n1;A;B\n", encoding="utf-8")
    outcome, findings = _import(path)
    assert [f["code"] for f in findings] == ["REQUIRED_COLUMN_MISSING"]


def test_it_flags_a_byte_order_mark_left_in_a_spreadsheet_header(imp_sites, tmp_path):
    path = make_xlsx(
        tmp_path / "bom.xlsx",
        {
            "Sheet": [
                ["\ufeffEmployee number", "First name", "Last name", "Hire date", "Site"],
                ["0015", "Anne", "Roux", datetime(2020, 1, 6), "FR-LYO"],
            ]
        },
    )
    outcome, findings = _import(path)
    assert _codes(findings, "BOM_IN_HEADER") == [1]
    assert outcome.report.counts["create"] == 1
