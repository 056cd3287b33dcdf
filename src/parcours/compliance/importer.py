"""Importing the history a plant kept before Parcours: interviews held and trainings
followed, from CSV or XLSX.

The discipline is the employee import's (docs/imports.md), with its readers, report and
finding codes: the file is analysed first (the dry run changes nothing), every problem is
reported with its line or row, and the valid rows are written in one transaction when
asked; a row with an error is not imported at all. Importing the same file twice changes
nothing the second time. Employees are found as the leave import finds them (employee
number, with the company when numbers repeat across legal entities, or e-mail); site HR
only reach the employees of their sites.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from parcours.compliance.models import (
    HistoricInterview,
    HistoricSource,
    TrainingRecord,
    TrainingSource,
    split_topics,
)
from parcours.compliance.records import record_training
from parcours.imports.engine import ImportOptions, cell_text
from parcours.imports.leaves import LeaveImport, LeaveRow
from parcours.imports.readers import Source, UnreadableFile, open_source
from parcours.imports.report import Report
from parcours.imports.text import clean_text, fold_loose
from parcours.imports.values import parse_decimal

KINDS = ("interviews", "trainings")

_PERSON = {
    "employee_number": [
        "employee number",
        "employee_number",
        "employee id",
        "matricule",
        "numéro de matricule",
        "personeelsnummer",
        "persnr",
        "werknemersnummer",
    ],
    "legal_entity": ["company", "legal entity", "société", "entreprise", "vennootschap", "bedrijf"],
    "email": ["email", "e-mail", "mail", "courriel"],
    "last_name": ["last name", "nom", "achternaam", "naam"],
}
PROFILE: dict[str, Any] = {
    "name": "compliance-history",
    "date_formats": ["YYYY-MM-DD", "DD/MM/YYYY", "DD-MM-YYYY", "DD.MM.YYYY"],
    "decimal_separator": ",",
    "interviews": {
        "columns": {
            **_PERSON,
            "date": ["date", "interview date", "date de l'entretien", "datum", "gespreksdatum"],
            "kind": ["kind", "type", "type d'entretien", "soort", "soort gesprek"],
            "topics": ["topics", "thèmes", "onderwerpen"],
            "declined": ["declined", "refusé", "refus", "geweigerd"],
            "note": ["note", "remarque", "commentaire", "opmerking"],
        },
        "employee_ref": "employee_number",
    },
    "trainings": {
        "columns": {
            **_PERSON,
            "date": ["date", "training date", "date de la formation", "datum"],
            "title": ["title", "training", "formation", "intitulé", "opleiding", "cursus"],
            "mandatory": ["mandatory", "obligatoire", "verplicht"],
            "hours": ["hours", "heures", "uren", "duration", "durée", "duur"],
        },
        "employee_ref": "employee_number",
    },
}

# What the plants write for the legal kinds; other kinds must be written as codes.
KIND_ALIASES = {
    fold_loose(text): kind
    for kind, texts in {
        "periodic": [
            "periodic",
            "professional",
            "professional interview",
            "entretien professionnel",
            "professionnel",
            "ep",
            "loopbaangesprek",
        ],
        "return": ["return", "retour", "entretien de retour", "terugkeergesprek"],
        "summary": [
            "summary",
            "bilan",
            "état des lieux",
            "etat des lieux recapitulatif",
            "état des lieux récapitulatif",
            "bilan à 6 ans",
        ],
        "mid_career": ["mid_career", "mid career", "mi-carrière", "mi carriere"],
        "end_of_career": ["end_of_career", "end of career", "fin de carrière", "fin de carriere"],
        "annual_review": ["annual_review", "annual review", "entretien annuel", "jaargesprek"],
        "mid_career_visit": [
            "mid_career_visit",
            "visite de mi-carrière",
            "visite mi-carriere",
            "mid-career medical visit",
        ],
        "certification": ["certification", "vae", "certificat"],
        "progression": ["progression", "promotion", "augmentation", "progression salariale"],
    }.items()
    for text in texts
}
_YES = {"1", "yes", "y", "true", "oui", "o", "ja", "j", "x", "vrai", "waar"}
_NO = {"0", "no", "n", "false", "non", "nee", "faux", "onwaar", ""}


def _flag(raw: Any) -> bool | None:
    if isinstance(raw, bool):
        return raw
    text = fold_loose(cell_text(raw))
    if text in _YES:
        return True
    if text in _NO:
        return False
    return None


@dataclass
class HistoryRow:
    n: int
    employee: int | None = None
    date: date | None = None
    kind: str = ""
    topics: str = ""
    declined: bool = False
    note: str = ""
    title: str = ""
    mandatory: bool = False
    hours: Decimal | None = None
    exists: bool = False


class HistoryImport(LeaveImport):
    """One file of interviews or trainings; the employee matching is the leave import's."""

    def __init__(self, source: Source, what: str, options: ImportOptions):
        self.kind = what
        super().__init__(source, PROFILE, options)
        self.history: list[HistoryRow] = []

    def locate(self) -> bool:
        ok = super(LeaveImport, self).locate()
        if not ok:
            return False
        needed = ["date", "kind"] if self.kind == "interviews" else ["date", "title"]
        if not any(f in self.field_index for f in ("employee_number", "email")):
            needed.append("employee_number")
        for field in needed:
            if field not in self.field_index:
                self.report.add(
                    "REQUIRED_COLUMN_MISSING",
                    field=field,
                    aliases=", ".join(self.section["columns"].get(field, [])[:6]),
                )
                self.report.fatal = True
        return not self.report.fatal

    def analyse(self) -> None:
        if self.locate():
            self._load_employees()
            for first, _last, cells in self.data_rows():
                self.history.append(self._row(first, cells))
            self._existing_rows()
        rejected = len({row.n for row in self.history} & self.report.rejected_rows)
        valid = [r for r in self.history if r.n not in self.report.rejected_rows]
        self.report.counts.update(
            rows=len(self.history),
            rejected=rejected,
            valid=len(valid),
            create=sum(1 for r in valid if not r.exists),
            unchanged=sum(1 for r in valid if r.exists),
        )
        self.analysed = True

    def _row(self, n: int, cells: list[Any]) -> HistoryRow:
        row = HistoryRow(n)
        row.employee = self._employee(LeaveRow(n), cells)
        row.date, bad = self._date(n, cells, "date")
        if row.date is None and not bad:
            self.add("MISSING_REQUIRED", n, "date", "")
        elif row.date is not None and row.date > self.today:
            self.add(
                "INVALID_VALUE",
                n,
                "date",
                row.date.isoformat(),
                reason=_("a date in the future cannot be a record of the past."),
            )
        elif row.date is not None and row.employee and row.employee > 0:
            hired = self.hire_dates.get(row.employee)
            if hired and row.date < hired:
                self.add(
                    "INVALID_VALUE",
                    n,
                    "date",
                    row.date.isoformat(),
                    reason=_("before the hire date (%(hired)s).") % {"hired": hired.isoformat()},
                )
        if self.kind == "interviews":
            self._interview(row, cells)
        else:
            self._training(row, cells)
        return row

    def _interview(self, row: HistoryRow, cells: list[Any]) -> None:
        n = row.n
        raw = clean_text(cell_text(self.cell(cells, "kind")))
        if not raw:
            self.add("MISSING_REQUIRED", n, "kind", "")
        else:
            kind = KIND_ALIASES.get(fold_loose(raw))
            if kind is None and raw.replace("_", "").isalnum() and raw == raw.lower():
                kind = raw
            if kind is None or not kind[0].isalpha():
                self.add(
                    "INVALID_VALUE",
                    n,
                    "kind",
                    raw,
                    reason=_(
                        "write periodic, return, summary, mid_career, end_of_career, the code"
                        " of a company kind (annual_review), or mid_career_visit,"
                        " certification, progression."
                    ),
                )
            else:
                row.kind = kind
        row.topics = ", ".join(split_topics(cell_text(self.cell(cells, "topics"))))
        raw_declined = self.cell(cells, "declined")
        declined = _flag(raw_declined)
        if declined is None:
            self.add("INVALID_BOOLEAN", n, "declined", cell_text(raw_declined), expected="yes / no")
        row.declined = bool(declined)
        row.note = clean_text(cell_text(self.cell(cells, "note")))[:300]

    def _training(self, row: HistoryRow, cells: list[Any]) -> None:
        n = row.n
        row.title = clean_text(cell_text(self.cell(cells, "title")))[:200]
        if not row.title:
            self.add("MISSING_REQUIRED", n, "title", "")
        raw_mandatory = self.cell(cells, "mandatory")
        mandatory = _flag(raw_mandatory)
        if mandatory is None:
            self.add(
                "INVALID_BOOLEAN", n, "mandatory", cell_text(raw_mandatory), expected="yes / no"
            )
        row.mandatory = bool(mandatory)
        raw_hours = self.cell(cells, "hours")
        if cell_text(raw_hours).strip():
            hours, issues = parse_decimal(raw_hours, decimal_sep=",")
            if hours is None or hours < 0 or hours >= 10000:
                self.add("INVALID_VALUE", n, "hours", raw_hours, reason=_("hours are a number."))
            row.hours = hours

    def _load_employees(self) -> None:
        super()._load_employees()
        from parcours.organisation.models import Employee

        self.hire_dates = dict(Employee.objects.values_list("pk", "hire_date"))

    def source_ref(self, row: HistoryRow) -> str:
        digest = hashlib.sha1(fold_loose(row.title).encode()).hexdigest()[:16]
        return f"import:{row.employee}:{row.date.isoformat()}:{digest}"

    def _existing_rows(self) -> None:
        valid = [r for r in self.history if r.n not in self.report.rejected_rows]
        ids = {r.employee for r in valid}
        seen: set = set()
        if self.kind == "interviews":
            known = set(
                HistoricInterview.objects.filter(employee_id__in=ids).values_list(
                    "employee_id", "date", "kind"
                )
            )
            for r in valid:
                key = (r.employee, r.date, r.kind)
                r.exists = key in known or key in seen
                seen.add(key)
        else:
            known = set(
                TrainingRecord.objects.filter(
                    employee_id__in=ids, source=TrainingSource.IMPORT
                ).values_list("source_ref", flat=True)
            )
            for r in valid:
                key = self.source_ref(r)
                r.exists = key in known or key in seen
                seen.add(key)

    def apply(self, progress=None) -> None:
        assert self.analysed and not self.report.fatal
        created = 0
        for r in self.history:
            if r.n in self.report.rejected_rows or r.exists:
                continue
            if self.kind == "interviews":
                record = HistoricInterview(
                    employee_id=r.employee,
                    date=r.date,
                    kind=r.kind,
                    topics=r.topics,
                    declined=r.declined,
                    note=r.note,
                    source=HistoricSource.IMPORT,
                )
                record._history_user = self.user
                record._change_reason = "parcours.compliance.history_imported"
                record.save()
            else:
                from parcours.organisation.models import Employee

                record_training(
                    employee=Employee(pk=r.employee),
                    date=r.date,
                    mandatory=r.mandatory,
                    title=r.title,
                    hours=r.hours,
                    source=TrainingSource.IMPORT,
                    source_ref=self.source_ref(r),
                )
            created += 1
        self.report.counts.update(created=created)


def import_history(
    *, path: str | Path, what: str, user=None, dry_run: bool = True, file_name: str = ""
) -> Report:
    """Analyse (and unless `dry_run`, apply) one file; the report says what happened."""
    if what not in KINDS:
        raise ValueError(what)
    file_name = file_name or Path(path).name
    try:
        source = open_source(path, file_name)
    except (UnreadableFile, OSError) as error:
        report = Report(kind=what, file_name=file_name)
        report.add("FILE_UNREADABLE", reason=str(error))
        report.fatal = True
        return report
    importer = HistoryImport(source, what, ImportOptions(user=user, file_name=file_name))
    try:
        importer.analyse()
        if not dry_run and not importer.report.fatal:
            with transaction.atomic():
                importer.apply()
    finally:
        source.close()
    return importer.report
