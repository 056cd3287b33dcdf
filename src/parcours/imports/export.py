"""Employees and leaves out to XLSX and CSV, in the `generic` import layout.

Importing an export back with the generic profile changes nothing. Only what the user may
see is exported; rows stream out in chunks with a fixed number of queries.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from decimal import Decimal

from parcours.organisation.models import Employee, Leave

EMPLOYEE_HEADER = [
    "Employee number",
    "First name",
    "Last name",
    "Email",
    "Phone",
    "Company",
    "Site",
    "Department",
    "Team",
    "Position",
    "Manager",
    "Manager company",
    "Category",
    "Hire date",
    "Leaving date",
    "Birth date",
    "Contract type",
    "Working time",
    "Working time unit",
    "Language",
    "Status",
]
LEAVE_HEADER = [
    "Employee number",
    "Company",
    "Last name",
    "Absence type",
    "Start date",
    "End date",
    "Return date",
    "Note",
]


def employee_rows(user) -> Iterator[list]:
    queryset = (
        Employee.objects.for_user(user)
        .select_related(
            "legal_entity",
            "site",
            "team__department",
            "position",
            "category",
            "manager__legal_entity",
        )
        .order_by("legal_entity__name", "employee_number", "pk")
    )
    for employee in queryset.iterator(chunk_size=2000):
        manager = employee.manager
        yield [
            employee.employee_number,
            employee.first_name,
            employee.last_name,
            employee.email,
            employee.phone,
            employee.legal_entity.name,
            employee.site.code,
            employee.team.department.name if employee.team and employee.team.department else "",
            employee.team.name if employee.team else "",
            employee.position.title if employee.position else "",
            manager.employee_number if manager else "",
            manager.legal_entity.name if manager else "",
            employee.category.code,
            employee.hire_date,
            employee.leaving_date,
            employee.birth_date,
            employee.contract_type,
            employee.working_time_value,
            employee.working_time_unit,
            employee.preferred_language,
            "active" if employee.active else "inactive",
        ]


def leave_rows(user) -> Iterator[list]:
    queryset = (
        Leave.objects.for_user(user)
        .select_related("employee__legal_entity")
        .order_by("employee__legal_entity__name", "employee__employee_number", "first_day", "pk")
    )
    for leave in queryset.iterator(chunk_size=2000):
        yield [
            leave.employee.employee_number,
            leave.employee.legal_entity.name,
            leave.employee.last_name,
            leave.kind,
            leave.first_day,
            leave.last_day,
            leave.return_date,
            leave.note,
        ]


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}".replace(".", ",")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def csv_chunks(kind: str, user) -> Iterator[str]:
    """UTF-8 with a byte-order mark and semicolons: what Excel opens right in NL/BE/FR."""
    header, rows = (
        (EMPLOYEE_HEADER, employee_rows(user))
        if kind == "employees"
        else (LEAVE_HEADER, leave_rows(user))
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    yield "\ufeff" + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for number, row in enumerate(rows, start=1):
        writer.writerow([_csv_value(value) for value in row])
        if number % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_file(kind: str, user):
    """A write-only workbook in a temporary file (memory stays flat)."""
    import openpyxl

    header, rows = (
        (EMPLOYEE_HEADER, employee_rows(user))
        if kind == "employees"
        else (LEAVE_HEADER, leave_rows(user))
    )
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Employees" if kind == "employees" else "Leaves")
    sheet.append(header)
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return handle
