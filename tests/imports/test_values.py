"""Reading one value: dates with a declared format, numbers, working time, text keys."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from parcours.imports.text import clean_text, fold_key, header_key, looks_mojibake
from parcours.imports.values import (
    EXCEL_1900,
    EXCEL_1904,
    match_value,
    parse_date,
    parse_decimal,
    parse_working_time,
)


def codes(issues):
    return [issue.code for issue in issues]


@pytest.mark.parametrize(
    ("text", "formats", "value", "found"),
    [
        ("04/05/2019", ["MM/DD/YYYY"], date(2019, 4, 5), ["AMBIGUOUS_DATE"]),
        ("01/14/2012", ["MM/DD/YYYY"], date(2012, 1, 14), []),
        ("04/04/2019", ["MM/DD/YYYY"], date(2019, 4, 4), []),
        ("25/03/2023", ["MM/DD/YYYY"], None, ["DATE_FORMAT_MISMATCH"]),
        ("31/02/2024", ["MM/DD/YYYY"], None, ["INVALID_DATE"]),
        ("31/04/2023", ["DD/MM/YYYY"], None, ["INVALID_DATE"]),
        ("31/06/2023", ["DD/MM/YYYY"], None, ["INVALID_DATE"]),
        ("29/02/2023", ["DD/MM/YYYY"], None, ["INVALID_DATE"]),
        ("29/02/2024", ["DD/MM/YYYY"], date(2024, 2, 29), []),
        ("12/25/2019", ["DD/MM/YYYY"], None, ["DATE_FORMAT_MISMATCH"]),
        ("05/01/2004", ["DD/MM/YYYY"], date(2004, 1, 5), []),  # day-first: no comment
        ("9/07/2006", ["DD/MM/YYYY"], date(2006, 7, 9), ["UNPADDED_DATE"]),
        ("2-9-2019", ["DD-MM-YYYY"], date(2019, 9, 2), ["UNPADDED_DATE"]),
        ("2019-09-02", ["DD/MM/YYYY"], date(2019, 9, 2), ["DATE_FORMAT_UNEXPECTED"]),
        ("02.09.2019", ["YYYY-MM-DD"], date(2019, 9, 2), ["DATE_FORMAT_UNEXPECTED"]),
        ("14-02-2025", ["YYYY-MM-DD"], date(2025, 2, 14), ["DATE_FORMAT_UNEXPECTED"]),
        ("14/02/2025", ["YYYY-MM-DD"], date(2025, 2, 14), ["DATE_FORMAT_UNEXPECTED"]),
        ("04/05/2019", ["YYYY-MM-DD"], None, ["AMBIGUOUS_DATE"]),
        ("02.09.19", ["DD.MM.YYYY"], None, ["TWO_DIGIT_YEAR"]),
        ("020919", ["DD/MM/YYYY"], None, ["TWO_DIGIT_YEAR"]),
        ("next monday", ["DD/MM/YYYY"], None, ["INVALID_DATE"]),
        ("40281", ["YYYY-MM-DD"], date(2010, 4, 13), ["DATE_AS_SERIAL_NUMBER"]),
        ("2013-01-28 00:00:00", ["YYYY-MM-DD"], date(2013, 1, 28), []),
        ("", ["YYYY-MM-DD"], None, []),
    ],
)
def test_it_reads_dates_with_the_declared_format(text, formats, value, found):
    parsed, issues = parse_date(text, formats=formats)
    assert parsed == value
    assert codes(issues) == found


def test_it_never_guesses_the_order_per_row():
    # One hand-typed day-first value in a month-first column is an error, not a swap.
    values = ["03/10/2010", "25/03/2023", "04/05/2019"]
    results = [parse_date(v, formats=["MM/DD/YYYY"])[0] for v in values]
    assert results == [date(2010, 3, 10), None, date(2019, 4, 5)]


def test_it_reads_spreadsheet_cells_and_serials_in_both_date_systems():
    assert parse_date(datetime(2020, 1, 2), formats=["DD-MM-YYYY"], spreadsheet=True) == (
        date(2020, 1, 2),
        [],
    )
    value, issues = parse_date(40281, formats=["YYYY-MM-DD"], spreadsheet=True)
    assert value == date(2010, 4, 13) and codes(issues) == ["DATE_AS_SERIAL_NUMBER"]
    assert issues[0].params["system"] == "1900"
    value, issues = parse_date(40281, formats=["YYYY-MM-DD"], epoch=EXCEL_1904)
    assert value == date(2014, 4, 14) and issues[0].params["system"] == "1904"
    # Before 1 March 1900 Excel counts a 29 February that never was.
    assert parse_date(59, formats=["YYYY-MM-DD"], epoch=EXCEL_1900)[0] == date(1900, 2, 28)
    assert parse_date(60, formats=["YYYY-MM-DD"], epoch=EXCEL_1900)[0] is None
    assert parse_date(61, formats=["YYYY-MM-DD"], epoch=EXCEL_1900)[0] == date(1900, 3, 1)
    value, issues = parse_date("2013-01-28", formats=["YYYY-MM-DD"], spreadsheet=True)
    assert codes(issues) == ["DATE_AS_TEXT"]


@pytest.mark.parametrize(
    ("raw", "separator", "number", "found"),
    [
        ("37,5", ".", Decimal("37.5"), ["DECIMAL_COMMA"]),
        ("38,00", ",", Decimal("38.00"), []),
        ("1\u202f234,50", ",", Decimal("1234.50"), []),
        ("1.234,5", ",", Decimal("1234.5"), []),
        ("30.4", ",", Decimal("30.4"), []),
        (30.4, ".", Decimal("30.4"), []),
        ("abc", ".", None, ["INVALID_VALUE"]),
    ],
)
def test_it_reads_numbers_with_a_decimal_comma(raw, separator, number, found):
    value, issues = parse_decimal(raw, decimal_sep=separator)
    assert value == number and codes(issues) == found


@pytest.mark.parametrize(
    ("raw", "unit", "stored", "found"),
    [
        ("38", "hours_week", ("hours_week", Decimal("38.00")), []),
        ("80%", "hours_week", ("percent", Decimal("80.00")), ["WORKING_TIME_FORMATS"]),
        ("0,8 ETP", "hours_week", ("fte", Decimal("0.80")), ["WORKING_TIME_FORMATS"]),
        ("151,67", "hours_week", ("hours_week", Decimal("35.00")), ["WORKING_TIME_FORMATS"]),
        ("151,67", "hours_month", ("hours_week", Decimal("35.00")), ["WORKING_TIME_FORMATS"]),
        ("Forfait 218 jours", "hours_week", ("percent", Decimal("100")), ["WORKING_TIME_FORMATS"]),
        ("80", "percent", ("percent", Decimal("80.00")), []),
        ("900", "hours_week", None, ["INVALID_VALUE"]),
    ],
)
def test_it_reads_working_time_in_its_units(raw, unit, stored, found):
    value, issues = parse_working_time(raw, unit=unit, decimal_sep=",")
    assert value == stored and codes(issues) == found


def test_it_maps_values_in_the_export_language_and_warns_for_the_other():
    assert match_value("Arbeider", "category", aliases=None, language="nl").target == "operator"
    ouvrier = match_value("Ouvrier", "category", aliases=None, language="nl")
    assert ouvrier.target == "operator" and ouvrier.issue.code == "ENUM_ALIAS"
    assert match_value("employé", "category", aliases=None, language="nl").issue.code == (
        "ENUM_ALIAS"
    )
    assert (
        match_value(
            "Blue Collar", "category", aliases={"Blue Collar": "operator"}, language="en"
        ).issue
        is None
    )
    assert (
        match_value("Onbepaalde duur", "contract_type", aliases=None, language="nl").target
        == "permanent"
    )
    assert match_value("CDD", "contract_type", aliases=None, language="fr").target == ("fixed_term")
    assert (
        match_value("Agency (uitzendkracht)", "contract_type", aliases=None, language="en").target
        == "temporary"
    )
    assert match_value("après-midi", "half_day", aliases=None, language="").target == "pm"
    assert match_value("nee", "boolean", aliases=None, language="").target == "false"
    assert match_value("whatever", "category", aliases=None, language="en").target is None


def test_it_normalises_text_and_keys():
    assert clean_text("de\xa0Boer ") == "de Boer"
    assert clean_text("  Jean\u202f  Pierre\t") == "Jean Pierre"
    assert fold_key("  I.jAnsen@Example ") == "i.jansen@example"
    assert fold_key("Ştefan") == fold_key("Ștefan")  # cedilla vs comma below
    assert fold_key("KILIÇ") == fold_key("Kılıç")
    assert fold_key("İsmail") == fold_key("ismail")
    assert header_key("Naam werknemer: Achternaam") == "naamwerknemerachternaam"
    assert header_key("employeeNumber") == header_key("Employee number")
    assert header_key("Date d'entrée") == "datedentree"
    assert looks_mojibake("CÃ©line") and looks_mojibake("geÃ¯mporteerd")
    assert looks_mojibake("ge├»mporteerd") and not looks_mojibake("JOÃO")
