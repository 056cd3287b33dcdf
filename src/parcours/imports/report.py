"""The report of an import: every finding with its place in the file, and the counts.

Findings keep their code, severity and parameters; the message is rendered when it is
shown, in the language of whoever reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from parcours.imports.choices import SEVERITY_ORDER, Severity
from parcours.imports.codes import MESSAGES, default_severity
from parcours.imports.text import column_letter


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def render_message(msg: str, params: dict[str, Any]) -> str:
    template = MESSAGES.get(msg) or MESSAGES.get(msg.split(":")[0])
    if template is None:
        return msg
    values = _SafeParams({key: _plain(value) for key, value in params.items()})
    try:
        return str(template) % values
    except (TypeError, ValueError):
        return str(template)


class _SafeParams(dict):
    def __missing__(self, key: str) -> str:
        return ""


@dataclass(slots=True)
class Finding:
    code: str
    severity: str
    row: int | None = None
    last_row: int | None = None
    column: str = ""
    value: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    msg: str = ""
    col: int | None = None

    @property
    def message(self) -> str:
        return render_message(
            self.msg or self.code, {**self.params, "column": self.column, "value": self.value}
        )

    def sort_key(self) -> tuple:
        return (self.row is not None, self.row or 0, SEVERITY_ORDER.get(self.severity, 3))


class Report:
    """Findings and counts of one import, serialisable to JSON."""

    def __init__(self, *, kind: str, file_name: str = "", location: str = "line") -> None:
        self.kind = kind
        self.file_name = file_name
        self.location = location  # "line" for CSV, "row" for spreadsheets and JSON rows
        self.sheet: str | None = None
        self.profile: str = ""
        self.encoding: str | None = None
        self.delimiter: str | None = None
        self.columns: dict[str, str | None] = {}
        self.findings: list[Finding] = []
        self.counts: dict[str, int] = {}
        self.absent: list[dict[str, Any]] = []
        self.rejected_rows: set[int] = set()
        self.fatal = False

    def add(
        self,
        code: str,
        row: int | None = None,
        *,
        column: str = "",
        value: Any = "",
        severity: str | None = None,
        msg: str | None = None,
        last_row: int | None = None,
        col: int | None = None,
        **params: Any,
    ) -> Finding:
        finding = Finding(
            code=code,
            severity=str(severity or default_severity(code)),
            row=row,
            last_row=last_row,
            column=column,
            value=_as_text(value),
            params=params,
            msg=msg or "",
            col=col,
        )
        self.findings.append(finding)
        if finding.severity == Severity.ERROR and row is not None:
            self.rejected_rows.add(row)
        return finding

    def place(self, row: int | None) -> str:
        if row is None:
            return ""
        if self.location == "line":
            return gettext("line %(number)s") % {"number": row}
        return gettext("row %(number)s") % {"number": row}

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=Finding.sort_key)

    def severity_counts(self) -> dict[str, int]:
        counts = {Severity.ERROR.value: 0, Severity.WARNING.value: 0, Severity.INFO.value: 0}
        for finding in self.findings:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
        return counts

    def finding_dict(self, finding: Finding) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": finding.code,
            "severity": finding.severity,
            "file": self.file_name,
        }
        if self.location == "line":
            data["line"] = finding.row
            if finding.last_row is not None:
                data["last_line"] = finding.last_row
        else:
            if self.sheet:
                data["sheet"] = self.sheet
            data["row"] = finding.row
            if finding.last_row is not None:
                data["last_row"] = finding.last_row
        data["column"] = finding.column
        if finding.col is not None:
            data["column_letter"] = column_letter(finding.col)
        data["value"] = finding.value
        data["message"] = finding.message
        return data

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "kind": self.kind,
            "file": self.file_name,
            "sheet": self.sheet,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "counts": {**self.counts, **self.severity_counts()},
            "findings": [self.finding_dict(finding) for finding in self.sorted_findings()],
            "absent": [_plain(item) for item in self.absent],
            "columns": self.columns,
        }


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
