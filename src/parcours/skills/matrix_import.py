"""Reading an existing skills matrix from a spreadsheet, as plants keep them.

People in rows by employee number, skills in columns (by code, by name in any language,
or "name [CODE]" as Parcours exports them), levels in cells as letters (I, L, U, O), as
numbers (0 to 4) or as the circle symbols. The analysis writes nothing: it reports every
problem with its row, column and value (the imports app's report and findings), and the
apply step records the levels of the rows without errors, whole rows or not at all, in
one transaction.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from parcours.core.scope import scope_for
from parcours.imports.choices import SEVERITY_ORDER, Severity
from parcours.imports.engine import cell_text, is_blank
from parcours.imports.readers import UnreadableFile, XlsxSource
from parcours.imports.report import Finding, Report, render_message
from parcours.imports.text import clean_text, column_letter, fold_key, fold_loose, header_key
from parcours.organisation.models import Employee
from parcours.skills.choices import AssessmentSource
from parcours.skills.models import CurrentLevel, Level, Skill

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# Codes of this import: the imports app's codes where they mean the same thing, and
# its own where the meaning is the matrix's.
SEVERITIES = {
    "FILE_UNREADABLE": ERROR,
    "MATRIX_HEADER_NOT_FOUND": ERROR,
    "SKILL_NOT_FOUND": ERROR,
    "SKILL_AMBIGUOUS": ERROR,
    "SKILL_DUPLICATE_COLUMN": ERROR,
    "SKILL_OTHER_SITE": ERROR,
    "COLUMNS_IGNORED": INFO,
    "MISSING_REQUIRED": ERROR,
    "UNKNOWN_EMPLOYEE": ERROR,
    "AMBIGUOUS_EMPLOYEE": ERROR,
    "EMPLOYEE_NOT_ALLOWED": ERROR,
    "DUPLICATE_EMPLOYEE_ID": ERROR,
    "EMPLOYEE_NAME_MISMATCH": WARNING,
    "ID_LEADING_ZERO": WARNING,
    "LEVEL_INVALID": ERROR,
    "LEVEL_NOT_CURRENT": INFO,
    "ROW_REJECTED_BY_COLUMN": ERROR,
    "TRAILING_EMPTY_ROWS": INFO,
}

MESSAGES = {
    "MATRIX_HEADER_NOT_FOUND": _(
        "No header row with a column of employee numbers (%(captions)s) in the first %(rows)s "
        "rows of any sheet. Nothing imported."
    ),
    "SKILL_NOT_FOUND": _(
        "Column %(column)s is not a skill of the catalogue you see (by code or by name in any "
        "language). Its %(count)s rows with a level are not imported: rename the column or "
        "remove it."
    ),
    "SKILL_AMBIGUOUS": _(
        "Column %(column)s matches several skills (%(candidates)s); write the code instead. "
        "Its %(count)s rows with a level are not imported."
    ),
    "SKILL_DUPLICATE_COLUMN": _(
        "Column %(column)s is the skill %(skill)s again (first in column %(first)s). Its "
        "%(count)s rows with a level are not imported."
    ),
    "SKILL_OTHER_SITE": _(
        "%(skill)s belongs to the site %(site)s, not to %(employee_site)s where this person "
        "works. Row not imported."
    ),
    "COLUMNS_IGNORED": _("Columns not read as skills: %(columns)s."),
    "UNKNOWN_EMPLOYEE": _(
        "'%(value)s' is not the employee number of anyone you may see. Row not imported."
    ),
    "EMPLOYEE_NOT_ALLOWED": _(
        "%(name)s works at %(site)s, where you may not record levels. Row not imported."
    ),
    "ID_LEADING_ZERO": _(
        "'%(value)s' lost its leading zeros in Excel; read as %(target)s (%(name)s)."
    ),
    "LEVEL_INVALID": _(
        "'%(value)s' in %(column)s is not a level of the scale: write %(expected)s, or leave "
        "the cell empty. Row not imported."
    ),
    "LEVEL_NOT_CURRENT": _(
        "%(name)s already has a later level on %(column)s (%(current)s on %(since)s): this "
        "one is kept in the history but does not replace it."
    ),
    "ROW_REJECTED_BY_COLUMN": _(
        "This row has a level in column %(column)s, which cannot be imported. Row not imported."
    ),
    "TRAILING_EMPTY_ROWS": _("%(count)s empty rows skipped."),
}

NUMBER_CAPTIONS = (
    "employee number",
    "employee no",
    "employee id",
    "number",
    "matricule",
    "n matricule",
    "numero",
    "numero de matricule",
    "personeelsnummer",
    "personeelsnr",
    "werknemersnummer",
    "nummer",
    "stamnummer",
    "personnel number",
)
NAME_CAPTIONS = ("name", "nom", "naam", "full name", "nom prenom", "employee", "salarie")
IGNORED_CAPTIONS = (
    "first name",
    "prenom",
    "voornaam",
    "last name",
    "nom de famille",
    "achternaam",
    "position",
    "poste",
    "functie",
    "team",
    "equipe",
    "ploeg",
    "site",
    "site name",
    "vestiging",
    "required skills held",
    "polyvalence",
    "remarks",
    "remarques",
    "opmerkingen",
    "comment",
    "commentaire",
)
HEADER_SEARCH_ROWS = 15
_CODE_IN_BRACKETS = re.compile(r"\[([^\[\]]+)\]\s*$")


def _captions(values) -> set[str]:
    return {header_key(value) for value in values}


NUMBER_KEYS = _captions(NUMBER_CAPTIONS)
NAME_KEYS = _captions(NAME_CAPTIONS)
IGNORED_KEYS = _captions(IGNORED_CAPTIONS)


def render(msg: str, params: dict[str, Any]) -> str:
    """A finding's message in the reader's language: this import's texts first, then the
    imports app's."""
    template = MESSAGES.get(msg)
    if template is None:
        return render_message(msg, params)
    try:
        return str(template) % _Params(params)
    except (TypeError, ValueError):
        return str(template)


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return ""


class MatrixReport(Report):
    """The imports app's report, with this import's severities and texts."""

    def add(self, code: str, row: int | None = None, **kwargs: Any) -> Finding:
        kwargs.setdefault("severity", SEVERITIES.get(code, WARNING))
        return super().add(code, row, **kwargs)

    def stored(self) -> dict[str, Any]:
        """The report as kept with the import: codes and parameters, not rendered texts,
        so that each reader gets it in their language."""
        findings = [
            {
                "code": finding.code,
                "severity": finding.severity,
                "row": finding.row,
                "column": finding.column,
                "column_letter": column_letter(finding.col) if finding.col is not None else "",
                "value": finding.value,
                "params": _plain(finding.params),
            }
            for finding in sorted(self.findings, key=_order)
        ]
        return {
            "file": self.file_name,
            "sheet": self.sheet,
            "counts": {**self.counts, **self.severity_counts()},
            "findings": findings,
        }


def _order(finding: Finding) -> tuple:
    return (finding.row or 0, finding.col or 0, SEVERITY_ORDER.get(finding.severity, 3))


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value if isinstance(value, int | float | str) or value is None else str(value)
        for key, value in params.items()
    }


def displayed_findings(stored: dict[str, Any]) -> list[dict[str, Any]]:
    """The stored findings with their message in the active language."""
    return [
        {
            **finding,
            "message": render(
                finding["code"],
                {**finding["params"], "column": finding["column"], "value": finding["value"]},
            ),
            "severity_label": str(Severity(finding["severity"]).label),
        }
        for finding in stored.get("findings", [])
    ]


# Reading the cells -------------------------------------------------------------------------


class LevelReader:
    """Cell values to ranks: the scale's codes and symbols, and the ranks as numbers."""

    def __init__(self, levels: list[Level]) -> None:
        self.ranks = {level.rank for level in levels}
        self.by_text: dict[str, int] = {}
        for level in levels:
            self.by_text[fold_key(level.code)] = level.rank
            self.by_text[clean_text(level.symbol)] = level.rank
            self.by_text[str(level.rank)] = level.rank
        codes = ", ".join(level.code for level in levels if level.rank)
        symbols = " ".join(level.symbol for level in levels if level.rank)
        self.expected = f"{codes}, 0–{max(self.ranks, default=0)}, {symbols}"

    def read(self, value: Any) -> int | None | str:
        """A rank, None for an empty cell, or the text that is not a level."""
        if value is None:
            return None
        if isinstance(value, bool):
            return cell_text(value)
        if isinstance(value, int | float):
            if float(value).is_integer() and int(value) in self.ranks:
                return int(value)
            return cell_text(value)
        text = clean_text(value)
        if not text:
            return None
        rank = self.by_text.get(fold_key(text))
        if rank is None:
            rank = self.by_text.get(text)
        return rank if rank is not None else text


# The analysis --------------------------------------------------------------------------------


@dataclass
class SkillColumn:
    index: int
    caption: str
    skill: Skill | None = None
    error: str = ""  # the code that rejects every row with a value here
    candidates: str = ""
    first: str = ""


@dataclass
class MatrixRow:
    number: int
    employee: Employee | None = None
    levels: dict[int, int] = field(default_factory=dict)  # skill pk -> rank
    rejected: bool = False


class MatrixImportAnalysis:
    """Read the file, check every row against the catalogue, the scale and the people the
    user may record levels for, and keep what would be recorded."""

    def __init__(self, path: str | Path, *, user, assessed_on: date, file_name: str = ""):
        self.path = Path(path)
        self.user = user
        self.scope = scope_for(user)
        self.assessed_on = assessed_on
        self.report = MatrixReport(kind="skills_matrix", file_name=file_name, location="row")
        self.rows: list[MatrixRow] = []
        self.columns: list[SkillColumn] = []
        self._unchanged = 0

    # The header ---------------------------------------------------------------------------

    def _find_header(self, source: XlsxSource):
        for sheet in source.sheet_names():
            for number, _last, cells in source.preview(sheet, HEADER_SEARCH_ROWS):
                keys = [header_key(cell_text(cell)) for cell in cells]
                if any(key in NUMBER_KEYS for key in keys):
                    return sheet, number, cells
        return None

    def _map_columns(self, cells: list[Any]) -> tuple[int, int | None]:
        skills = list(Skill.objects.for_user(self.user).filter(active=True).select_related("site"))
        by_code = {fold_key(skill.code): skill for skill in skills}
        by_label: dict[str, list[Skill]] = defaultdict(list)
        for skill in skills:
            for label in set((skill.labels or {}).values()):
                by_label[fold_loose(label)].append(skill)
        number_col = name_col = None
        ignored: list[str] = []
        seen: dict[int, SkillColumn] = {}
        for index, cell in enumerate(cells):
            caption = clean_text(cell_text(cell))
            if not caption:
                continue
            key = header_key(caption)
            if number_col is None and key in NUMBER_KEYS:
                number_col = index
                continue
            if name_col is None and key in NAME_KEYS:
                name_col = index
                continue
            if key in IGNORED_KEYS:
                ignored.append(caption)
                continue
            column = SkillColumn(index, caption)
            bracket = _CODE_IN_BRACKETS.search(caption)
            code = fold_key(bracket.group(1)) if bracket else fold_key(caption)
            skill = by_code.get(code)
            if skill is None and not bracket:
                matches = {s.pk: s for s in by_label.get(fold_loose(caption), [])}
                if len(matches) > 1:
                    column.error = "SKILL_AMBIGUOUS"
                    column.candidates = ", ".join(sorted(s.code for s in matches.values()))
                elif matches:
                    skill = next(iter(matches.values()))
            if column.error:
                pass
            elif skill is None:
                column.error = "SKILL_NOT_FOUND"
            elif skill.pk in seen:
                column.error = "SKILL_DUPLICATE_COLUMN"
                column.skill = skill
                column.first = column_letter(seen[skill.pk].index)
            else:
                column.skill = skill
                seen[skill.pk] = column
            self.columns.append(column)
        if ignored:
            self.report.add("COLUMNS_IGNORED", None, columns=", ".join(ignored))
        return number_col, name_col

    # The rows -----------------------------------------------------------------------------

    def analyse(self) -> MatrixReport:
        try:
            source = XlsxSource(self.path)
        except UnreadableFile as error:
            self.report.add("FILE_UNREADABLE", None, reason=str(error))
            self.report.fatal = True
            return self.report
        try:
            self._analyse(source)
        finally:
            source.close()
        return self.report

    def _analyse(self, source: XlsxSource) -> None:
        found = self._find_header(source)
        if found is None:
            self.report.add(
                "MATRIX_HEADER_NOT_FOUND",
                None,
                captions="Employee number, Matricule, Personeelsnummer",
                rows=HEADER_SEARCH_ROWS,
            )
            self.report.fatal = True
            return
        sheet, header_row, header_cells = found
        self.report.sheet = sheet
        number_col, name_col = self._map_columns(header_cells)
        reader = LevelReader(list(Level.objects.order_by("rank")))
        raw: list[tuple[int, str, str, dict[int, Any]]] = []
        blank_run = 0
        for number, _last, cells in source.rows(sheet):
            if number <= header_row:
                continue
            if is_blank(cells):
                blank_run += 1
                continue
            blank_run = 0
            key = clean_text(cell_text(cells[number_col])) if number_col < len(cells) else ""
            name = (
                clean_text(cell_text(cells[name_col]))
                if name_col is not None and name_col < len(cells)
                else ""
            )
            values = {
                column.index: cells[column.index]
                for column in self.columns
                if column.index < len(cells)
                and cells[column.index] not in (None, "")
                and clean_text(cell_text(cells[column.index]))
            }
            raw.append((number, key, name, values))
        if blank_run:
            self.report.add("TRAILING_EMPTY_ROWS", None, count=blank_run)
        self._column_findings(raw)
        employees = self._employees({key for _n, key, _name, _v in raw if key})
        currents = self._currents([e.pk for e in employees.values() if isinstance(e, Employee)])
        occurrences: dict[str, list[int]] = defaultdict(list)
        names: dict[str, list[str]] = defaultdict(list)
        for number, key, name, _values in raw:
            if key:
                occurrences[fold_key(key)].append(number)
                names[fold_key(key)].append(name or "—")
        number_caption = clean_text(cell_text(header_cells[number_col]))
        for number, key, name, values in raw:
            row = MatrixRow(number)
            self.rows.append(row)
            if not key:
                self.report.add("MISSING_REQUIRED", number, column=number_caption, col=number_col)
                continue
            places = occurrences[fold_key(key)]
            if len(places) > 1:
                self.report.add(
                    "DUPLICATE_EMPLOYEE_ID",
                    number,
                    column=number_caption,
                    value=key,
                    col=number_col,
                    count=len(places),
                    places=", ".join(str(place) for place in places),
                    names=", ".join(names[fold_key(key)]),
                )
                continue
            employee = self._resolve(employees, key, number, number_caption, number_col)
            if employee is None:
                continue
            row.employee = employee
            if name and not _same_person(name, employee):
                self.report.add(
                    "EMPLOYEE_NAME_MISMATCH",
                    number,
                    value=key,
                    target=employee.full_name,
                    name=name,
                    col=name_col,
                )
            self._read_levels(row, values, reader, currents)
        rejected = {row.number for row in self.rows if row.number in self.report.rejected_rows}
        for row in self.rows:
            row.rejected = row.number in rejected or row.employee is None
        to_record = sum(len(row.levels) for row in self.rows if not row.rejected)
        self.report.counts = {
            "rows": len(self.rows),
            "rows_ok": sum(1 for row in self.rows if not row.rejected),
            "rows_rejected": sum(1 for row in self.rows if row.rejected),
            "levels": to_record,
            "unchanged": self._unchanged,
            "skills": sum(1 for column in self.columns if not column.error),
        }

    def _column_findings(self, raw) -> None:
        for column in self.columns:
            if not column.error:
                continue
            rows_with_values = [number for number, _k, _n, values in raw if column.index in values]
            params: dict[str, Any] = {"count": len(rows_with_values)}
            if column.error == "SKILL_AMBIGUOUS":
                params["candidates"] = column.candidates
            if column.error == "SKILL_DUPLICATE_COLUMN":
                params["skill"] = column.skill.label
                params["first"] = column.first
            self.report.add(column.error, None, column=column.caption, col=column.index, **params)
            for number in rows_with_values:
                self.report.add(
                    "ROW_REJECTED_BY_COLUMN", number, column=column.caption, col=column.index
                )

    def _employees(self, keys: set[str]) -> dict[str, Employee | list[Employee]]:
        """The people in scope whose number is in the file, also without leading zeros."""
        visible = Employee.objects.for_user(self.user).select_related("site")
        stripped = {key.lstrip("0") for key in keys if key.isdigit()}
        candidates = visible.filter(employee_number__in=keys | stripped) if keys else []
        found: dict[str, Employee | list[Employee]] = {}
        by_number: dict[str, list[Employee]] = defaultdict(list)
        for employee in candidates:
            by_number[employee.employee_number].append(employee)
        if stripped:
            # Numbers whose leading zeros Excel dropped: compare without them.
            for employee in visible.filter(employee_number__regex=r"^0+[0-9]+$").only(
                "pk", "employee_number", "first_name", "last_name", "site_id", "site__name"
            ):
                short = employee.employee_number.lstrip("0")
                if short in stripped:
                    by_number.setdefault(f"~{short}", []).append(employee)
        for number, people in by_number.items():
            found[number] = people[0] if len(people) == 1 else people
        return found

    def _resolve(self, employees, key, row, caption, col) -> Employee | None:
        match = employees.get(key)
        if match is None and key.isdigit():
            match = employees.get(f"~{key.lstrip('0')}")
            if isinstance(match, Employee):
                self.report.add(
                    "ID_LEADING_ZERO",
                    row,
                    column=caption,
                    value=key,
                    col=col,
                    target=match.employee_number,
                    name=match.full_name,
                )
        if match is None:
            self.report.add("UNKNOWN_EMPLOYEE", row, column=caption, value=key, col=col)
            return None
        if isinstance(match, list):
            self.report.add(
                "AMBIGUOUS_EMPLOYEE",
                row,
                column=caption,
                value=key,
                col=col,
                count=len(match),
                candidates=", ".join(f"{e.full_name} ({e.site.name})" for e in match),
            )
            return None
        if not self.scope.can_edit_site(match.site_id):
            self.report.add(
                "EMPLOYEE_NOT_ALLOWED",
                row,
                column=caption,
                value=key,
                col=col,
                name=match.full_name,
                site=match.site.name,
            )
            return None
        return match

    def _currents(self, employee_ids: list[int]) -> dict[tuple[int, int], tuple[int, date]]:
        return {
            (employee_id, skill_id): (level, since)
            for employee_id, skill_id, level, since in CurrentLevel.objects.filter(
                employee_id__in=employee_ids
            ).values_list("employee_id", "skill_id", "level", "assessed_on")
        }

    def _read_levels(self, row: MatrixRow, values, reader: LevelReader, currents) -> None:
        employee = row.employee
        for column in self.columns:
            if column.error or column.index not in values:
                continue
            value = values[column.index]
            rank = reader.read(value)
            if rank is None:
                continue
            if isinstance(rank, str):
                self.report.add(
                    "LEVEL_INVALID",
                    row.number,
                    column=column.caption,
                    value=value,
                    col=column.index,
                    expected=reader.expected,
                )
                continue
            skill = column.skill
            if skill.site_id is not None and skill.site_id != employee.site_id:
                self.report.add(
                    "SKILL_OTHER_SITE",
                    row.number,
                    column=column.caption,
                    value=value,
                    col=column.index,
                    skill=skill.label,
                    site=skill.site.name,
                    employee_site=employee.site.name,
                )
                continue
            current = currents.get((employee.pk, skill.pk))
            if current is not None and current[0] == rank and current[1] <= self.assessed_on:
                self._unchanged += 1
                continue
            if current is not None and current[1] > self.assessed_on:
                self.report.add(
                    "LEVEL_NOT_CURRENT",
                    row.number,
                    column=column.caption,
                    value=value,
                    col=column.index,
                    name=employee.full_name,
                    current=current[0],
                    since=current[1],
                )
            row.levels[skill.pk] = rank

    # Applying -----------------------------------------------------------------------------

    @transaction.atomic
    def apply(self) -> int:
        """Record the levels of every row without an error, in one transaction."""
        from parcours.skills.services import assessments_record_many

        entries = [
            (row.employee, skill_id, rank)
            for row in self.rows
            if not row.rejected
            for skill_id, rank in row.levels.items()
        ]
        return assessments_record_many(
            entries=entries,
            user=self.user,
            assessed_on=self.assessed_on,
            source=AssessmentSource.IMPORT,
            note=str(self.report.file_name),
            action="parcours.skill_assessment.imported",
        )


def _same_person(name: str, employee: Employee) -> bool:
    """The file's name column names this employee: last name in it, whatever the order."""
    folded = fold_loose(name)
    return fold_loose(employee.last_name) in folded and fold_loose(employee.first_name) in folded
