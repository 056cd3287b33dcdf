"""Finding codes: stable identifiers, their usual severity and the message shown to people.

A code never changes meaning once released: reports are downloaded and compared month
after month. Messages use named placeholders and are translated when shown, in the
language of whoever reads the report.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from parcours.imports.choices import Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# code -> default severity
SEVERITIES: dict[str, str] = {
    "ABSENCE_NOT_APPROVED": INFO,
    "ABSENCE_OVERLAP": WARNING,
    "ABSENCE_TYPE_CASE": WARNING,
    "AMBIGUOUS_DATE": INFO,
    "AMBIGUOUS_EMPLOYEE": ERROR,
    "BOM_IN_HEADER": INFO,
    "CATEGORY_CREATED": INFO,
    "CROSS_ENTITY_MANAGER": INFO,
    "DATE_AS_SERIAL_NUMBER": WARNING,
    "DATE_AS_TEXT": INFO,
    "DATE_FORMAT_MISMATCH": ERROR,
    "DATE_FORMAT_UNEXPECTED": WARNING,
    "DECIMAL_COMMA": INFO,
    "DEPARTMENT_CREATED": INFO,
    "DUPLICATE_EMPLOYEE_ID": ERROR,
    "EMPLOYEE_NAME_MISMATCH": WARNING,
    "EMPLOYEE_NOT_FOUND": ERROR,
    "EMPLOYEE_REJECTED": ERROR,
    "ENCODING_CP1252": INFO,
    "ENCODING_LOSS": WARNING,
    "ENCODING_MOJIBAKE": WARNING,
    "ENCODING_UTF16": INFO,
    "END_BEFORE_START": ERROR,
    "ENUM_ALIAS": WARNING,
    "EXTRA_COLUMNS": ERROR,
    "FILE_UNREADABLE": ERROR,
    "HEADER_NOT_FOUND": ERROR,
    "HOURLY_ABSENCE": INFO,
    "ID_LEADING_ZERO": WARNING,
    "INVALID_BOOLEAN": ERROR,
    "INVALID_DATE": ERROR,
    "INVALID_VALUE": ERROR,
    "LANGUAGE_NOT_AVAILABLE": INFO,
    "LEADING_ZEROS": INFO,
    "LEGAL_ENTITY_MISMATCH": ERROR,
    "MANAGER_AMBIGUOUS": ERROR,
    "MANAGER_BY_NAME": INFO,
    "MANAGER_CYCLE": ERROR,
    "MANAGER_INACTIVE": WARNING,
    "MANAGER_NOT_FOUND": ERROR,
    "MANAGER_REF_NORMALISED": INFO,
    "MANAGER_REJECTED": ERROR,
    "MISSING_COLUMNS": ERROR,
    "MISSING_REQUIRED": ERROR,
    "MIXED_CELL_TYPES": WARNING,
    "OPEN_ENDED_ABSENCE": INFO,
    "OUT_OF_ORDER": WARNING,
    "PII_MASKED": INFO,
    "POSITION_CREATED": INFO,
    "REHIRE_TWO_EMPLOYMENTS": INFO,
    "REQUIRED_COLUMN_MISSING": ERROR,
    "SELF_MANAGER": ERROR,
    "SELF_MANAGER_ROOT": INFO,
    "SHEET_SELECTION": INFO,
    "SICKNESS_NOT_FOUND": ERROR,
    "SITE_DEFAULTED": INFO,
    "SITE_NOT_ALLOWED": ERROR,
    "SITE_NOT_FOUND": ERROR,
    "TEAM_CREATED": INFO,
    "TEMPLATE_ROWS": INFO,
    "TRAILING_EMPTY_ROWS": INFO,
    "TWO_DIGIT_YEAR": ERROR,
    "TWO_HEADER_ROWS": INFO,
    "UNKNOWN_ABSENCE_TYPE": ERROR,
    "UNKNOWN_VALUE": WARNING,
    "UNPADDED_DATE": INFO,
    "WHITESPACE_IN_KEY": WARNING,
    "WHITESPACE_NORMALISED": INFO,
    "WORKING_TIME_FORMATS": INFO,
}

# message key (a code, or code:variant) -> message
MESSAGES = {
    "ABSENCE_NOT_APPROVED": _(
        "%(column)s is '%(value)s': the absence is not approved and is not imported."
    ),
    "ABSENCE_OVERLAP": _(
        "Two absences of %(employee)s overlap on %(day)s (%(kind)s vs %(other_kind)s, "
        "%(other_location)s). Both are imported; check which one is right."
    ),
    "ABSENCE_TYPE_CASE": _(
        "Absence type '%(value)s' differs only in case from the configured '%(configured)s'; "
        "read as %(kind)s."
    ),
    "AMBIGUOUS_DATE": _(
        "%(column)s '%(value)s' is a valid date in both day/month orders; read with the "
        "declared format %(format)s as %(date)s, never guessed per row."
    ),
    "AMBIGUOUS_DATE:rejected": _(
        "%(column)s '%(value)s' could be %(date)s or %(other_date)s and this source declares "
        "%(format)s; row not imported."
    ),
    "AMBIGUOUS_EMPLOYEE": _(
        "'%(value)s' matches %(count)s employees (%(candidates)s); add the legal entity "
        "to tell them apart. Not imported."
    ),
    "BOM_IN_HEADER": _(
        "The first column name started with a byte-order mark (%(encoding)s); it was removed "
        "from '%(column)s'."
    ),
    "CATEGORY_CREATED": _("Employee category '%(value)s' did not exist and is created."),
    "CROSS_ENTITY_MANAGER": _(
        "%(column)s '%(value)s' is not in this legal entity; matched %(target)s of %(entity)s."
    ),
    "DATE_AS_SERIAL_NUMBER": _(
        "%(column)s holds the number %(value)s instead of a date; read as an Excel serial "
        "number of the %(system)s date system: %(date)s."
    ),
    "DATE_AS_TEXT": _(
        "%(column)s is a text cell '%(value)s', not a date cell; read as %(format)s: %(date)s."
    ),
    "DATE_FORMAT_MISMATCH": _(
        "%(column)s '%(value)s' is not a valid date as %(format)s; it looks like "
        "%(other_format)s. Day and month are never swapped silently: row not imported."
    ),
    "DATE_FORMAT_UNEXPECTED": _(
        "%(column)s '%(value)s' is written %(found_format)s, not %(format)s as this source "
        "declares; it is unambiguous and read as %(date)s."
    ),
    "DECIMAL_COMMA": _("%(column)s '%(value)s' uses a decimal comma; read as %(number)s."),
    "DEPARTMENT_CREATED": _("Department '%(value)s' does not exist at %(site)s and is created."),
    "DUPLICATE_EMPLOYEE_ID": _(
        "%(column)s %(value)s appears %(count)s times (%(places)s: %(names)s); none of these "
        "rows is imported."
    ),
    "EMPLOYEE_NAME_MISMATCH": _(
        "'%(value)s' is %(target)s in Parcours, but the file names %(name)s."
    ),
    "EMPLOYEE_NOT_FOUND": _(
        "'%(value)s' does not match any employee (%(ref)s); absence not imported."
    ),
    "EMPLOYEE_REJECTED": _(
        "The employee '%(value)s' is rejected in this import, so their absence is not imported."
    ),
    "ENCODING_CP1252": _(
        "The file is not valid UTF-8; it was decoded as Windows-1252 (cp1252), the code page "
        "of Western European Windows."
    ),
    "ENCODING_LOSS": _(
        "%(column)s '%(value)s' contains '?' where the exporter could not write a letter in its "
        "code page. Imported as it is: correct the name by hand."
    ),
    "ENCODING_MOJIBAKE": _(
        "%(column)s '%(value)s' looks like text decoded with the wrong code page upstream "
        "(e.g. 'Ã©' for 'é'). Imported as it is: correct it at the source."
    ),
    "ENCODING_UTF16": _("The file is UTF-16 (Excel 'Unicode text')."),
    "END_BEFORE_START": _("%(column)s %(end)s is before %(start_column)s %(start)s."),
    "ENUM_ALIAS": _(
        "%(column)s '%(value)s' is %(language)s in a %(file_language)s export; read as "
        "'%(target)s'."
    ),
    "EXTRA_COLUMNS": _(
        "%(count)s fields instead of %(expected)s (a value contains the delimiter without "
        "quotes?). Row not imported: columns are never shifted."
    ),
    "FILE_UNREADABLE": _("The file cannot be read: %(reason)s"),
    "HEADER_NOT_FOUND": _(
        "No header row recognised for the profile '%(profile)s' in the first rows of the file."
    ),
    "HOURLY_ABSENCE": _(
        "Absence of part of a day (%(hours)s on %(day)s): stored as a partial-day absence."
    ),
    "ID_LEADING_ZERO": _(
        "%(column)s '%(value)s' lost its leading zeros; read as %(padded)s after zero-padding "
        "to the %(width)s-digit format of this source."
    ),
    "INVALID_BOOLEAN": _("%(column)s is '%(value)s'; expected %(expected)s."),
    "INVALID_DATE": _("%(column)s '%(value)s' is not a valid date."),
    "INVALID_VALUE": _("%(column)s '%(value)s' cannot be imported: %(reason)s"),
    "LANGUAGE_NOT_AVAILABLE": _(
        "Language '%(value)s' is not available in Parcours yet; these employees get %(target)s."
    ),
    "LEADING_ZEROS": _(
        "%(column)s '%(value)s' has leading zeros: kept as text, as the payroll writes it."
    ),
    "LEGAL_ENTITY_MISMATCH": _(
        "%(column)s '%(value)s' is the legal entity %(entity)s, but the site %(site)s belongs "
        "to %(site_entity)s. Row not imported."
    ),
    "MANAGER_AMBIGUOUS": _(
        "%(column)s '%(value)s' matches several employees (%(candidates)s). Row not imported."
    ),
    "MANAGER_BY_NAME": _(
        "%(column)s '%(value)s' is a name; matched to the only employee with that name, %(target)s."
    ),
    "MANAGER_CYCLE": _(
        "Manager cycle %(cycle)s (%(names)s): nobody in it reaches the top of the "
        "organisation. Not imported.%(cut_off)s"
    ),
    "MANAGER_INACTIVE": _(
        "%(name)s (%(key)s) %(state)s but active employees still report to them: %(reports)s."
    ),
    "MANAGER_NOT_FOUND": _(
        "%(column)s '%(value)s' is not an employee in this file or in Parcours%(suggestion)s. "
        "Row not imported."
    ),
    "MANAGER_REF_NORMALISED": _(
        "%(column)s '%(value)s' matched %(target)s after trimming spaces and ignoring case."
    ),
    "MANAGER_REJECTED": _(
        "The manager %(target)s (%(place)s) is not imported, so this row is not imported either."
    ),
    "MISSING_COLUMNS": _(
        "%(count)s fields instead of %(expected)s. Row not imported: columns are never shifted."
    ),
    "MISSING_REQUIRED": _("%(column)s is empty; Parcours needs it."),
    "MIXED_CELL_TYPES": _(
        "Column %(column)s holds number cells (from %(numbers)s) and text cells (from "
        "%(texts)s); identifiers typed as numbers in Excel lose their leading zeros."
    ),
    "OPEN_ENDED_ABSENCE": _(
        "%(value)s (%(kind)s) without an end date: imported as an ongoing absence."
    ),
    "OUT_OF_ORDER": _(
        "This event (%(date)s) comes after a later event of the same employee (%(place)s); "
        "events are sorted by date before they are folded into periods."
    ),
    "PII_MASKED": _(
        "Column %(column)s holds national identifiers or bank details: it is ignored and "
        "nothing of it is stored."
    ),
    "POSITION_CREATED": _("Position '%(value)s' does not exist and is created."),
    "REHIRE_TWO_EMPLOYMENTS": _(
        "%(value)s has %(count)s employments in the file (%(places)s): a rehire, not a "
        "duplicate. The latest employment (%(employment)s) is imported."
    ),
    "REQUIRED_COLUMN_MISSING": _(
        "No column for %(field)s was found (expected one of: %(aliases)s). Nothing imported."
    ),
    "SELF_MANAGER": _("%(column)s '%(value)s' is the employee themself. Row not imported."),
    "SELF_MANAGER_ROOT": _(
        "%(column)s '%(value)s' is the employee themself: in this source that means "
        "'no manager' (top of the organisation)."
    ),
    "SHEET_SELECTION": _(
        "Data read from the sheet '%(sheet)s', found by its header; the first sheet "
        "'%(first)s' was not used."
    ),
    "SICKNESS_NOT_FOUND": _(
        "Recovery for a sickness starting %(date)s, but no such sick report in the file or in "
        "Parcours. Not imported."
    ),
    "SITE_DEFAULTED": _(
        "%(column)s '%(value)s' matches no site in Parcours; these rows go to the chosen "
        "site %(site)s."
    ),
    "SITE_NOT_ALLOWED": _(
        "This row belongs to the site %(site)s, where you may not change HR data. Not imported."
    ),
    "SITE_NOT_FOUND": _(
        "%(column)s '%(value)s' matches no site or legal entity in Parcours (by name or "
        "code). Create the site or choose a target site when uploading. Not imported."
    ),
    "TEAM_CREATED": _("Team '%(value)s' does not exist at %(site)s and is created."),
    "TEMPLATE_ROWS": _(
        "%(count)s template rows that hold only pre-filled constants (%(columns)s) skipped."
    ),
    "TRAILING_EMPTY_ROWS": _("%(count)s empty rows after the data skipped."),
    "TWO_DIGIT_YEAR": _(
        "%(column)s '%(value)s' has a two-digit year; without a declared pivot it is not "
        "guessed. Row not imported."
    ),
    "TWO_HEADER_ROWS": _(
        "Two header rows: column keys on %(first)s, display labels on %(second)s. Columns are "
        "mapped on the first; data starts after the second."
    ),
    "UNKNOWN_ABSENCE_TYPE": _(
        "Absence type '%(value)s' is not mapped in the profile '%(profile)s'%(suggestion)s. "
        "Not imported: add it to the profile."
    ),
    "UNKNOWN_VALUE": _(
        "%(column)s '%(value)s' is not a known value; %(target)s is used. Add it to the "
        "profile's value aliases."
    ),
    "UNPADDED_DATE": _(
        "%(column)s '%(value)s' has an unpadded day or month; valid, read as %(date)s."
    ),
    "WHITESPACE_IN_KEY": _(
        "%(column)s '%(value)s' contains extra spaces; compared as '%(target)s'."
    ),
    "WHITESPACE_NORMALISED": _(
        "%(column)s '%(value)s' contains no-break, double, leading or trailing spaces; "
        "stored as '%(target)s'."
    ),
    "WORKING_TIME_FORMATS": _("%(column)s '%(value)s' is %(found)s; stored as %(target)s."),
}


def default_severity(code: str) -> str:
    return SEVERITIES.get(code, WARNING)
