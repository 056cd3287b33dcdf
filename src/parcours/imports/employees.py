"""Importing employees: read and check every row, resolve line managers once the whole
file is read, then apply what is valid in one transaction.

The writes mirror organisation.services.employee_create / employee_update (same checks,
same assignment periods, same audit trail through simple-history) in a bulk-friendly
form: the checks that those services run with one query per employee (unique number,
manager loops) are done here in memory over the whole file and the database at once.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from parcours.imports.engine import (
    ImportOptions,
    Progress,
    SiteResolver,
    TableImport,
    cell_text,
)
from parcours.imports.profiles import section
from parcours.imports.readers import Source
from parcours.imports.text import clean_text, fold_key, fold_loose, looks_lossy, looks_mojibake
from parcours.imports.validators import email_is_valid
from parcours.imports.values import (
    LANGUAGE_NAMES,
    match_value,
    parse_date,
    parse_working_time,
)
from parcours.organisation.choices import (
    DEFAULT_CATEGORIES,
    ContractType,
    Language,
    language_codes,
)

NAME_FIELDS = ("first_name", "given_names", "initials", "last_name", "name_prefix")
ID_FIELDS = ("employee_number", "external_id", "login", "debtor")
ASSIGNMENT_FIELDS = ("position_id", "team_id", "manager_id", "category_id", "site_id")
# Employee fields an import may set, in the order they are compared.
MODEL_FIELDS = (
    "employee_number",
    "first_name",
    "last_name",
    "email",
    "phone",
    "legal_entity_id",
    "site_id",
    "hire_date",
    "leaving_date",
    "birth_date",
    "category_id",
    "position_id",
    "team_id",
    "manager_id",
    "contract_type",
    "working_time_unit",
    "working_time_value",
    "preferred_language",
    "active",
)


class EmpRow:
    __slots__ = (
        "n",
        "last",
        "values",
        "present",
        "key",
        "number",
        "email",
        "login",
        "external_id",
        "entity_value",
        "site_value",
        "manager_raw",
        "manager",
        "site",
        "entity",
        "existing",
        "skip",
        "seq",
        "names",
        "department",
        "team",
        "position",
        "category",
        "inactive",
        "display",
        "broken",
        "leaving",
        "changes",
        "broken_dates",
        "manager_entity",
    )

    def __init__(self, n: int, last: int):
        self.n, self.last = n, last
        self.values: dict[str, Any] = {}
        self.present: set[str] = set()
        self.key: tuple = ()
        self.number = self.email = self.login = self.external_id = ""
        self.entity_value = self.site_value = self.manager_entity = ""
        self.manager_raw: Any = None
        self.manager: tuple[str, Any] | None = None  # ("row", index) or ("db", pk)
        self.site = self.entity = None
        self.existing: int | None = None
        self.skip = False  # an older employment of a rehired person
        self.seq: int | None = None
        self.names: list[str] = []
        self.department = self.team = self.position = ""
        self.category: str | None = None
        self.inactive = False
        self.display = ""
        self.broken = False
        self.leaving: date | None = None
        self.changes: dict[str, Any] | None = None
        self.broken_dates: set[str] = set()


class DbEmployee:
    __slots__ = (
        "pk",
        "entity",
        "site",
        "number",
        "email",
        "first",
        "last",
        "active",
        "leaving",
        "manager",
    )

    def __init__(self, values: tuple):
        (
            self.pk,
            self.entity,
            self.site,
            self.number,
            self.email,
            self.first,
            self.last,
            self.active,
            self.leaving,
            self.manager,
        ) = values

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


class EmployeeImport(TableImport):
    kind = "employees"
    required_fields = ("employee_number", "last_name", "hire_date")

    def __init__(self, source: Source, profile: dict[str, Any], options: ImportOptions):
        super().__init__(source, profile, options)
        self.rows: list[EmpRow] = []
        self.index_of_row: dict[int, int] = {}
        self.manager_conf = self.section.get("manager") or {}
        self.id_width = self.section.get("id_width")
        self.cell_types: dict[str, dict[str, int]] = defaultdict(dict)
        self.language_notes: set[str] = set()
        self.db: dict[int, DbEmployee] = {}
        self.plan: dict[str, Any] = {}

    # ================================================================ reading

    def locate(self) -> bool:
        ok = super().locate()
        if "first_name" not in self.field_index and "given_names" not in self.field_index:
            if ok:
                self.report.add(
                    "REQUIRED_COLUMN_MISSING",
                    field="first_name",
                    aliases=", ".join(self.section["columns"].get("first_name", [])),
                )
                self.report.fatal = True
            return False
        return ok

    def key_fields(self) -> list[str]:
        candidates = [self.section.get("key") or ["employee_number"]]
        candidates += self.section.get("key_alternatives") or []
        candidates.append(["employee_number"])
        for fields in candidates:
            if all(field in self.field_index for field in fields):
                return list(fields)
        return ["employee_number"]

    def read(self) -> None:
        if not self.locate():
            return
        self.keys = self.key_fields()
        for first, last, cells in self.data_rows():
            self.rows.append(self.parse_row(first, last, cells))
        for index, row in enumerate(self.rows):
            self.index_of_row[row.n] = index
        self._mixed_cell_types()

    def broken_row(self, first: int, last: int, cells: list[Any]) -> None:
        # Columns after the stray delimiter are shifted: only the key is worth keeping, so
        # that the reports of this person are rejected with them instead of "not found".
        row = EmpRow(first, last)
        row.broken = True
        for field in self.keys if hasattr(self, "keys") else []:
            value = self.cell(cells, field)
            setattr_key = fold_key(cell_text(value))
            row.key += (setattr_key,)
            if field in ("employee_number", "email", "login", "external_id"):
                setattr(
                    row,
                    "number" if field == "employee_number" else field,
                    clean_text(cell_text(value)),
                )
        row.display = " ".join(
            clean_text(cell_text(self.cell(cells, f))) for f in ("first_name", "last_name")
        ).strip()
        self.rows.append(row)

    # ---------------------------------------------------------------- one row

    def _note_type(self, field: str, raw: Any, n: int) -> None:
        if not self.source.spreadsheet or raw is None or raw == "":
            return
        kind = "number" if isinstance(raw, int | float) and not isinstance(raw, bool) else "text"
        self.cell_types[field].setdefault(kind, n)

    def _mixed_cell_types(self) -> None:
        for field, kinds in self.cell_types.items():
            if len(kinds) > 1:
                self.add(
                    "MIXED_CELL_TYPES",
                    max(kinds.values()),
                    field,
                    "",
                    numbers=self.report.place(kinds["number"]),
                    texts=self.report.place(kinds["text"]),
                )

    def _text(self, row: EmpRow, cells: list[Any], field: str) -> str:
        raw = self.cell(cells, field)
        if raw is None:
            return ""
        text = unicodedata.normalize("NFC", cell_text(raw))
        cleaned = clean_text(text)
        if cleaned and cleaned != text:
            self.add("WHITESPACE_NORMALISED", row.n, field, text, target=cleaned)
        return cleaned

    def _ident(self, row: EmpRow, cells: list[Any], field: str, *, zeros: bool = False) -> str:
        raw = self.cell(cells, field)
        self._note_type(field, raw, row.n)
        text = cell_text(raw)
        cleaned = clean_text(text)
        if cleaned != text and cleaned:
            self.add("WHITESPACE_IN_KEY", row.n, field, text, target=cleaned)
        if field == "employee_number" and cleaned.isdigit():
            if self.id_width and len(cleaned) < self.id_width:
                padded = cleaned.zfill(self.id_width)
                self.add(
                    "ID_LEADING_ZERO", row.n, field, cleaned, padded=padded, width=self.id_width
                )
                cleaned = padded
            elif zeros and not self.id_width and len(cleaned) > 1 and cleaned[0] == "0":
                self.add("LEADING_ZEROS", row.n, field, cleaned)
        return cleaned

    def _date(self, row: EmpRow, cells: list[Any], field: str) -> date | None:
        raw = self.cell(cells, field)
        value, issues = parse_date(
            raw,
            formats=self.date_formats,
            spreadsheet=self.source.spreadsheet,
            epoch=self.source.epoch,
        )
        for issue in issues:
            self.issue(row.n, field, raw, issue)
        if value is None and cell_text(raw).strip():
            row.broken_dates.add(field)
        return value

    def _coded(self, row: EmpRow, cells: list[Any], field: str, vocabulary: str) -> str | None:
        raw = self.cell(cells, field)
        text = clean_text(cell_text(raw))
        if not text:
            return None
        found = match_value(
            text, vocabulary, aliases=self.values.get(vocabulary), language=self.language
        )
        if found.issue is not None:
            self.issue(row.n, field, text, found.issue)
        return found.target

    def parse_row(self, first: int, last: int, cells: list[Any]) -> EmpRow:
        row = EmpRow(first, last)
        values, present, has = row.values, row.present, self.field_index.__contains__
        # Identifiers
        row.number = self._ident(row, cells, "employee_number", zeros=True)
        row.external_id = self._ident(row, cells, "external_id") if has("external_id") else ""
        row.login = self._ident(row, cells, "login") if has("login") else ""
        debtor = self._ident(row, cells, "debtor") if has("debtor") else ""
        values["employee_number"] = row.number
        present.add("employee_number")
        if not row.number:
            self.add("MISSING_REQUIRED", row.n, "employee_number", "")
        # Names
        first_name = self._text(row, cells, "first_name") if has("first_name") else ""
        if not first_name and has("given_names"):
            first_name = self._text(row, cells, "given_names")
        elif has("given_names"):
            self._text(row, cells, "given_names")
        if not first_name and has("initials"):
            first_name = self._text(row, cells, "initials")
        last_name = self._text(row, cells, "last_name")
        prefix = self._text(row, cells, "name_prefix") if has("name_prefix") else ""
        if prefix and last_name and not fold_key(last_name).startswith(fold_key(prefix) + " "):
            last_name = f"{prefix} {last_name}"
        for field, value in (("first_name", first_name), ("last_name", last_name)):
            values[field] = value
            present.add(field)
            if not value:
                self.add("MISSING_REQUIRED", row.n, field, "")
        self._check_encoding(row, cells)
        row.display = f"{first_name} {last_name}".strip()
        row.names = sorted(
            {
                fold_loose(f"{first_name} {last_name}"),
                fold_loose(f"{last_name} {first_name}"),
            }
        )
        # E-mail
        if has("email"):
            raw = self.cell(cells, "email")
            text = cell_text(raw)
            email = clean_text(text)
            if email != text and email:
                code = "WHITESPACE_IN_KEY" if "email" in self.keys else "WHITESPACE_NORMALISED"
                self.add(code, row.n, "email", text, target=email)
            if email and not email_is_valid(email):
                self.add(
                    "INVALID_VALUE", row.n, "email", email, reason=_("not a valid e-mail address")
                )
                email = ""
            row.email = email
            values["email"] = email
            present.add("email")
        if has("phone"):
            values["phone"] = self._text(row, cells, "phone")
            present.add("phone")
        # Where they work
        row.entity_value = clean_text(cell_text(self.cell(cells, "legal_entity")))
        row.site_value = clean_text(cell_text(self.cell(cells, "site")))
        if has("department"):
            row.department = self._text(row, cells, "department")
        if has("team"):
            row.team = self._text(row, cells, "team")
        if has("position"):
            row.position = self._text(row, cells, "position")
        self._note_type("manager", self.cell(cells, "manager"), row.n)
        row.manager_raw = self.cell(cells, "manager")
        row.manager_entity = clean_text(cell_text(self.cell(cells, "manager_entity")))
        # Dates
        hire = self._date(row, cells, "hire_date")
        values["hire_date"] = hire
        present.add("hire_date")
        if hire is None and "hire_date" not in row.broken_dates:
            self.add("MISSING_REQUIRED", row.n, "hire_date", "")
        if has("leaving_date"):
            leaving = self._date(row, cells, "leaving_date")
            values["leaving_date"] = leaving
            present.add("leaving_date")
            row.leaving = leaving
            if leaving and hire and leaving < hire:
                self.add(
                    "END_BEFORE_START",
                    row.n,
                    "leaving_date",
                    cell_text(self.cell(cells, "leaving_date")),
                    end=cell_text(self.cell(cells, "leaving_date")),
                    start=cell_text(self.cell(cells, "hire_date")),
                    start_column=self.captions.get("hire_date", ""),
                )
        if has("birth_date"):
            values["birth_date"] = self._date(row, cells, "birth_date")
            present.add("birth_date")
        # Coded values
        if has("category"):
            row.category = self._category(row, cells)
        contract = (
            self._coded(row, cells, "contract_type", "contract_type")
            if has("contract_type")
            else None
        )
        if (
            has("contract_type")
            and contract is None
            and clean_text(cell_text(self.cell(cells, "contract_type")))
        ):
            self._unknown(row, cells, "contract_type", ContractType.OTHER.label)
            contract = ContractType.OTHER
        if contract is None and has("employment_type"):
            contract = self._coded(row, cells, "employment_type", "employment_type") or None
        if contract:
            values["contract_type"] = str(contract)
            present.add("contract_type")
        self._working_time(row, cells)
        if has("language"):
            language = self._language(row, cells)
            if language:
                values["preferred_language"] = language
                present.add("preferred_language")
        active = None
        if has("status"):
            status = self._coded(row, cells, "status", "status")
            if status is None and clean_text(cell_text(self.cell(cells, "status"))):
                self._unknown(row, cells, "status", _("active"))
            active = status != "inactive"
        elif has("leaving_date"):
            active = row.leaving is None or row.leaving >= self.today
        if active is not None:
            values["active"] = active
            present.add("active")
        row.inactive = active is False or bool(row.leaving and row.leaving < self.today)
        if has("employment_seq"):
            seq_raw = clean_text(cell_text(self.cell(cells, "employment_seq")))
            row.seq = int(seq_raw) if seq_raw.isdigit() else None
        # The key that identifies the person within this file
        parts = []
        for field in self.keys:
            value = {
                "employee_number": row.number,
                "email": row.email,
                "login": row.login,
                "external_id": row.external_id,
                "debtor": debtor,
                "legal_entity": row.entity_value,
            }.get(field, "")
            if not value and field != "employee_number":
                self.add("MISSING_REQUIRED", row.n, field, "")
            parts.append(fold_key(value))
        row.key = tuple(parts)
        for field, message in self._validate(row.values):
            self.add(
                "INVALID_VALUE", row.n, field, cell_text(row.values.get(field, "")), reason=message
            )
        return row

    def _check_encoding(self, row: EmpRow, cells: list[Any]) -> None:
        lossy = mojibake = None
        for field in NAME_FIELDS:
            if field not in self.field_index:
                continue
            text = clean_text(cell_text(self.cell(cells, field)))
            if lossy is None and looks_lossy(text):
                lossy = (field, text)
            if mojibake is None and looks_mojibake(text):
                mojibake = (field, text)
        if lossy:
            self.add("ENCODING_LOSS", row.n, lossy[0], lossy[1])
        if mojibake:
            self.add("ENCODING_MOJIBAKE", row.n, mojibake[0], mojibake[1])

    def _unknown(self, row: EmpRow, cells: list[Any], field: str, target: Any) -> None:
        self.add(
            "UNKNOWN_VALUE",
            row.n,
            field,
            clean_text(cell_text(self.cell(cells, field))),
            target=str(target),
        )

    def _category(self, row: EmpRow, cells: list[Any]) -> str | None:
        text = clean_text(cell_text(self.cell(cells, "category")))
        if not text:
            return None
        found = match_value(
            text, "category", aliases=self.values.get("category"), language=self.language
        )
        if found.issue is not None:
            self.issue(row.n, "category", text, found.issue)
        if found.target:
            return found.target
        known = self._category_labels()
        if fold_loose(text) in known:
            return known[fold_loose(text)]
        default = (self.section.get("defaults") or {}).get("category", "operator")
        self._unknown(row, cells, "category", default)
        return default

    def _category_labels(self) -> dict[str, str]:
        if not hasattr(self, "_categories"):
            from parcours.organisation.models import EmployeeCategory

            labels: dict[str, str] = {}
            for code, names in EmployeeCategory.objects.values_list("code", "labels"):
                labels[fold_loose(code)] = code
                for name in (names or {}).values():
                    labels.setdefault(fold_loose(name), code)
            self._categories = labels
        return self._categories

    def _working_time(self, row: EmpRow, cells: list[Any]) -> None:
        if "working_time" not in self.field_index:
            return
        raw = self.cell(cells, "working_time")
        unit = self.profile.get("working_time_unit") or "hours_week"
        if "working_time_unit" in self.field_index:
            declared = clean_text(cell_text(self.cell(cells, "working_time_unit")))
            if declared in ("percent", "hours_week", "fte", "hours_month", "days_year"):
                unit = declared
        parsed, issues = parse_working_time(raw, unit=unit, decimal_sep=self.decimal_separator)
        for issue in issues:
            if issue.code == "DECIMAL_COMMA" and not isinstance(raw, str):
                continue
            self.issue(row.n, "working_time", raw, issue)
        if parsed is not None:
            row.values["working_time_unit"], row.values["working_time_value"] = parsed
            row.present.update(("working_time_unit", "working_time_value"))

    def _language(self, row: EmpRow, cells: list[Any]) -> str | None:
        text = clean_text(cell_text(self.cell(cells, "language")))
        if not text:
            return None
        found = match_value(text, "language", aliases=self.values.get("language"), language="")
        if found.target in language_codes():
            return found.target
        prefix = fold_loose(text)[:2]
        if prefix in language_codes() and len(fold_loose(text).replace(" ", "")) == 4:
            return prefix  # nl_BE, fr-FR
        if fold_loose(text) not in self.language_notes:
            self.language_notes.add(fold_loose(text))
            self.add(
                "LANGUAGE_NOT_AVAILABLE", row.n, "language", text, target=str(LANGUAGE_NAMES["en"])
            )
        return Language.EN

    # ================================================================ analysis

    def analyse(self) -> None:
        self.read()
        if self.report.fatal:
            self._count()
            self.analysed = True
            return
        self._employments()
        self._duplicates()
        self._load_db()
        self._sites()
        self._managers()
        self._cycles()
        self._propagate()
        self._inactive_managers()
        self._plan()
        self._absent()
        self._count()
        self.analysed = True

    def rejected(self, row: EmpRow) -> bool:
        return row.broken or row.n in self.report.rejected_rows

    def _employments(self) -> None:
        """Nmbrs: one person (key), several employments (VolgnrInverh): keep the latest."""
        if "employment_seq" not in self.field_index:
            return
        groups: dict[tuple, list[EmpRow]] = defaultdict(list)
        for row in self.rows:
            if not row.broken and all(row.key):
                groups[row.key].append(row)
        for rows in groups.values():
            seqs = {row.seq for row in rows}
            if len(rows) < 2 or len(seqs) < len(rows):
                continue
            rows.sort(key=lambda r: r.seq or 0)
            latest = rows[-1]
            places = ", ".join(self.report.place(r.n) for r in sorted(rows, key=lambda r: r.n))
            for row in rows:
                row.skip = row is not latest
                self.add(
                    "REHIRE_TWO_EMPLOYMENTS",
                    row.n,
                    "employment_seq",
                    " / ".join(filter(None, row.key)),
                    count=len(rows),
                    places=places,
                    employment=latest.seq,
                )

    def _duplicates(self) -> None:
        groups: dict[tuple, list[EmpRow]] = defaultdict(list)
        for row in self.rows:
            if not row.broken and not row.skip and row.key and all(row.key):
                groups[row.key].append(row)
        key_field = self.keys[-1]
        for rows in groups.values():
            if len(rows) < 2:
                continue
            places = ", ".join(self.report.place(r.n) for r in rows)
            names = " / ".join(r.display for r in rows)
            for row in rows:
                value = {
                    "email": row.email,
                    "login": row.login,
                    "external_id": row.external_id,
                }.get(key_field, row.number)
                self.add(
                    "DUPLICATE_EMPLOYEE_ID",
                    row.n,
                    key_field,
                    value,
                    count=len(rows),
                    places=places,
                    names=names,
                )

    def _load_db(self) -> None:
        from parcours.organisation.models import Employee

        for values in Employee.objects.values_list(
            "pk",
            "legal_entity_id",
            "site_id",
            "employee_number",
            "email",
            "first_name",
            "last_name",
            "active",
            "leaving_date",
            "manager_id",
        ).iterator(chunk_size=5000):
            self.db[values[0]] = DbEmployee(values)
        self.db_by_number: dict[str, list[int]] = defaultdict(list)
        self.db_by_entity_number: dict[tuple[int, str], int] = {}
        self.db_by_email: dict[str, list[int]] = defaultdict(list)
        self.db_by_name: dict[str, list[int]] = defaultdict(list)
        for employee in self.db.values():
            self.db_by_number[fold_key(employee.number)].append(employee.pk)
            self.db_by_entity_number[(employee.entity, employee.number)] = employee.pk
            if employee.email:
                self.db_by_email[fold_key(employee.email)].append(employee.pk)
            for name in {
                fold_loose(f"{employee.first} {employee.last}"),
                fold_loose(f"{employee.last} {employee.first}"),
            }:
                self.db_by_name[name].append(employee.pk)

    def _sites(self) -> None:
        resolver = SiteResolver(self)
        self.resolver = resolver
        by_entity_number: dict[tuple[int, str], list[EmpRow]] = defaultdict(list)
        for row in self.rows:
            if row.broken:
                continue
            site, entity, code, field = resolver.resolve(row.entity_value, row.site_value)
            row.entity = entity
            value = row.site_value if field == "site" else row.entity_value
            if code == "SITE_DEFAULTED":
                marker = fold_loose(value)
                if marker not in resolver.defaulted:
                    resolver.defaulted.add(marker)
                    self.add(code, row.n, field, value, site=str(site))
            elif code == "SITE_NOT_FOUND":
                self.add(code, row.n, field, value)
                continue
            elif code == "LEGAL_ENTITY_MISMATCH":
                self.add(
                    code,
                    row.n,
                    "legal_entity",
                    row.entity_value,
                    entity=str(entity),
                    site=str(site),
                    site_entity=str(site.legal_entity),
                )
                continue
            row.site = site
            if row.number:
                row.existing = self.db_by_entity_number.get((site.legal_entity_id, row.number))
                if not row.skip:
                    by_entity_number[(site.legal_entity_id, fold_key(row.number))].append(row)
            if not self.can_edit_site(site.pk):
                self.add("SITE_NOT_ALLOWED", row.n, "site", row.site_value, site=str(site))
            elif row.existing is not None and not self.can_edit_site(self.db[row.existing].site):
                self.add(
                    "SITE_NOT_ALLOWED",
                    row.n,
                    "employee_number",
                    row.number,
                    site=str(self.db[row.existing].site),
                )
        # Two rows with different keys but the same payroll number in one legal entity.
        if "employee_number" not in self.keys:
            for rows in by_entity_number.values():
                keys = {row.key for row in rows}
                if len(rows) > 1 and len(keys) > 1:
                    places = ", ".join(self.report.place(r.n) for r in rows)
                    names = " / ".join(r.display for r in rows)
                    for row in rows:
                        self.add(
                            "DUPLICATE_EMPLOYEE_ID",
                            row.n,
                            "employee_number",
                            row.number,
                            count=len(rows),
                            places=places,
                            names=names,
                        )

    # ---------------------------------------------------------------- managers

    def _file_indexes(self) -> None:
        self.idx: dict[str, dict[str, list[int]]] = {
            name: defaultdict(list)
            for name in ("key", "employee_number", "email", "login", "external_id", "name")
        }
        for index, row in enumerate(self.rows):
            if row.skip:
                continue
            if row.key and all(row.key) and len(row.key) == 1:
                self.idx["key"][row.key[0]].append(index)
            if row.number:
                self.idx["employee_number"][fold_key(row.number)].append(index)
            if row.email:
                self.idx["email"][fold_key(row.email)].append(index)
            if row.login:
                self.idx["login"][fold_key(row.login)].append(index)
            if row.external_id:
                self.idx["external_id"][fold_key(row.external_id)].append(index)
            for name in row.names:
                self.idx["name"][name].append(index)

    def _managers(self) -> None:
        if "manager" not in self.field_index:
            return
        self._file_indexes()
        no_manager = {fold_key(value) for value in self.manager_conf.get("no_manager", [""])}
        no_manager.add("")
        for index, row in enumerate(self.rows):
            if row.broken or row.skip:
                continue
            raw = row.manager_raw
            text = cell_text(raw)
            if fold_key(text) in no_manager:
                row.manager = None
                continue
            self._resolve_manager(index, row, text)

    def _ref_kinds(self, text: str) -> list[str]:
        refs = list(self.manager_conf.get("refs") or ["key"])
        if "key" in refs and len(self.keys) > 1:
            # A composite key (company + number): managers are named by their number.
            refs[refs.index("key")] = "employee_number"
        if "@" in text:
            email_refs = [
                ref for ref in refs if ref == "email" or (ref == "key" and self.keys == ["email"])
            ]
            return email_refs or ["email"]
        return refs

    def _resolve_manager(self, index: int, row: EmpRow, text: str) -> None:
        cleaned = clean_text(text)
        folded = fold_key(cleaned)
        kinds = self._ref_kinds(cleaned)
        for kind in kinds:
            found = self._lookup(kind, folded, row)
            if (
                found is None
                and kind in ("employee_number", "key")
                and self.id_width
                and (cleaned.isdigit() and len(cleaned) < self.id_width)
            ):
                padded = cleaned.zfill(self.id_width)
                found = self._lookup(kind, fold_key(padded), row)
                if found is not None and found[0] != "ambiguous":
                    self.add(
                        "ID_LEADING_ZERO",
                        row.n,
                        "manager",
                        text,
                        padded=padded,
                        width=self.id_width,
                    )
                    self._link(index, row, text, found, note=None)
                    return
            if found is None:
                continue
            if found[0] == "ambiguous":
                self.add(
                    "MANAGER_AMBIGUOUS", row.n, "manager", text, candidates=", ".join(found[1])
                )
                return
            if kind == "name":
                self.add("MANAGER_BY_NAME", row.n, "manager", text, target=self._describe(found))
                self._link(index, row, text, found, note=None)
                return
            self._link(index, row, text, found, note=kind)
            return
        suggestion = self._closest(kinds[0], folded)
        self.add(
            "MANAGER_NOT_FOUND",
            row.n,
            "manager",
            text,
            suggestion=_("; closest match '%(match)s'") % {"match": suggestion}
            if suggestion
            else "",
        )

    def _lookup(self, kind: str, folded: str, row: EmpRow):
        """("row", index) / ("db", pk) / ("ambiguous", [names]) / None."""
        if kind == "name":
            folded = fold_loose(folded)
        in_file = [i for i in self.idx.get(kind, {}).get(folded, []) if not self.rows[i].skip]
        wanted = fold_loose(row.manager_entity) if row.manager_entity else ""
        numbered = kind == "employee_number" or (kind == "key" and self.keys == ["employee_number"])
        if numbered and wanted:
            in_file = [
                i
                for i in in_file
                if wanted
                in (
                    fold_loose(self.rows[i].entity_value),
                    fold_loose(self.rows[i].site.legal_entity.name) if self.rows[i].site else "",
                )
            ]
        elif numbered and len(in_file) > 1:
            same = [
                i
                for i in in_file
                if fold_loose(self.rows[i].entity_value) == fold_loose(row.entity_value)
            ]
            in_file = same or in_file
        if in_file:
            keys = {self.rows[i].key for i in in_file}
            if len(in_file) == 1 or len(keys) == 1:
                return ("row", in_file[0])
            return ("ambiguous", [self._place_name(i) for i in in_file])
        if kind == "email":
            pks = self.db_by_email.get(folded, [])
        elif kind == "employee_number" or (kind == "key" and self.keys == ["employee_number"]):
            pks = self.db_by_number.get(folded, [])
        elif kind == "key" and self.keys == ["email"]:
            pks = self.db_by_email.get(folded, [])
        elif kind == "name":
            pks = self.db_by_name.get(folded, [])
        else:
            pks = []  # logins and system user IDs are not kept in Parcours
        if numbered and wanted:
            names = {entity.pk: fold_loose(entity.name) for entity in self.resolver.entities}
            pks = [pk for pk in pks if names.get(self.db[pk].entity) == wanted]
        if not pks:
            return None
        if len(pks) > 1 and row.site is not None:
            same = [pk for pk in pks if self.db[pk].entity == row.site.legal_entity_id]
            pks = same or pks
        if len(pks) > 1:
            return ("ambiguous", [self.db[pk].name for pk in pks[:5]])
        return ("db", pks[0])

    def _place_name(self, index: int) -> str:
        row = self.rows[index]
        return f"{row.display} ({self.report.place(row.n)})"

    def _describe(self, found) -> str:
        if found[0] == "row":
            row = self.rows[found[1]]
            return f"{row.display} ({self.report.place(row.n)})"
        employee = self.db[found[1]]
        return f"{employee.name} ({employee.number})"

    def _link(self, index: int, row: EmpRow, text: str, found, *, note: str | None) -> None:
        if found == ("row", index) or (
            found[0] == "db" and row.existing is not None and found[1] == row.existing
        ):
            if self.manager_conf.get("self", "error") == "root":
                self.add("SELF_MANAGER_ROOT", row.n, "manager", text)
                row.manager = None
            else:
                self.add("SELF_MANAGER", row.n, "manager", text)
            return
        row.manager = found
        if note:
            target = self._target_text(found, note)
            if text != target and clean_text(text) != "" and fold_key(text) == fold_key(target):
                self.add(
                    "MANAGER_REF_NORMALISED", row.n, "manager", text, target=clean_text(target)
                )
            elif text != clean_text(text):
                self.add("MANAGER_REF_NORMALISED", row.n, "manager", text, target=clean_text(text))
        # Managers named by an entity-scoped number may sit in another legal entity.
        if (
            "employee_number" in self._ref_kinds(text)
            and row.site is not None
            and not row.manager_entity
        ):
            entity = self._entity_of(found)
            if (
                entity is not None
                and entity != row.site.legal_entity_id
                and (
                    not row.entity_value
                    or found[0] == "db"
                    or fold_loose(self.rows[found[1]].entity_value) != fold_loose(row.entity_value)
                )
            ):
                from parcours.organisation.models import LegalEntity

                self.add(
                    "CROSS_ENTITY_MANAGER",
                    row.n,
                    "manager",
                    text,
                    target=self._describe(found),
                    entity=str(LegalEntity.objects.filter(pk=entity).first() or ""),
                )

    def _target_text(self, found, kind: str) -> str:
        if kind == "key":
            kind = self.keys[0] if len(self.keys) == 1 else "employee_number"
        if found[0] == "row":
            row = self.rows[found[1]]
            return {"email": row.email, "login": row.login, "external_id": row.external_id}.get(
                kind, row.number
            )
        employee = self.db[found[1]]
        return employee.email if kind == "email" else employee.number

    def _entity_of(self, found) -> int | None:
        if found[0] == "row":
            site = self.rows[found[1]].site
            return site.legal_entity_id if site is not None else None
        return self.db[found[1]].entity

    def _closest(self, kind: str, folded: str) -> str:
        if kind == "key" and len(self.keys) == 1:
            kind = self.keys[0]
        pool = list(self.idx.get(kind, {}))
        if kind == "email":
            pool += [k for k in self.db_by_email if k not in self.idx["email"]]
        elif kind == "employee_number":
            pool += list(self.db_by_number)
        matches = difflib.get_close_matches(folded, pool, n=1, cutoff=0.8)
        if not matches:
            return ""
        rows = self.idx.get(kind, {}).get(matches[0])
        if rows:
            row = self.rows[rows[0]]
            return {"email": row.email, "login": row.login, "external_id": row.external_id}.get(
                kind, row.number
            ) or matches[0]
        return matches[0]

    # ---------------------------------------------------------------- hierarchy checks

    def _manager_of(self, node: tuple[str, Any]) -> tuple[str, Any] | None:
        if node[0] == "row":
            return self.rows[node[1]].manager
        employee = self.db.get(node[1])
        if employee is None or employee.manager is None:
            return None
        in_file = self.row_of_db.get(employee.manager)
        return ("row", in_file) if in_file is not None else ("db", employee.manager)

    def _cycles(self) -> None:
        self.row_of_db = {
            row.existing: index
            for index, row in enumerate(self.rows)
            if row.existing is not None and not row.skip
        }
        # A file row that matches an employee stands for them in the graph.
        for row in self.rows:
            if row.manager and row.manager[0] == "db" and row.manager[1] in self.row_of_db:
                row.manager = ("row", self.row_of_db[row.manager[1]])
        state: dict[tuple, int] = {}
        self.cycle_members: dict[int, int] = {}
        cycles: list[list[tuple]] = []
        for index in range(len(self.rows)):
            start = ("row", index)
            if start in state:
                continue
            path: list[tuple] = []
            on_path: dict[tuple, int] = {}
            node = start
            while node is not None and node not in state:
                on_path[node] = len(path)
                path.append(node)
                state[node] = 1
                node = self._manager_of(node)
                if node in on_path:
                    cycles.append(path[on_path[node] :])
                    break
            for visited in path:
                state[visited] = 2
        self.cycles = []
        for members in cycles:
            if not any(node[0] == "row" for node in members):
                continue
            # Start the description at the member that comes first in the file.
            rows_first = min(
                range(len(members)),
                key=lambda i: (
                    members[i][0] != "row",
                    self.rows[members[i][1]].n if members[i][0] == "row" else 0,
                ),
            )
            members = members[rows_first:] + members[:rows_first]
            self.cycles.append(members)
            for node in members:
                if node[0] == "row":
                    self.cycle_members[node[1]] = len(self.cycles) - 1
        if not self.cycles:
            return
        # Everyone whose chain of managers runs into a cycle is cut off with it.
        cut_off: dict[int, list[int]] = defaultdict(list)
        for index, row in enumerate(self.rows):
            if index in self.cycle_members or row.manager is None:
                continue
            seen = set()
            node = row.manager
            while node is not None and node not in seen:
                seen.add(node)
                if node[0] == "row" and node[1] in self.cycle_members:
                    cut_off[self.cycle_members[node[1]]].append(index)
                    break
                node = self._manager_of(node)
        for number, members in enumerate(self.cycles):
            labels = [self._node_key(node) for node in members]
            cycle_text = " -> ".join(labels + labels[:1])
            names = " / ".join(self._node_name(node) for node in members)
            extra = ""
            if cut_off.get(number):
                extra = " " + _("Cut off beneath it: %(rows)s.") % {
                    "rows": ", ".join(
                        f"{self.rows[i].display} ({self._node_key(('row', i))}, "
                        f"{self.report.place(self.rows[i].n)})"
                        for i in cut_off[number]
                    )
                }
            for node in members:
                if node[0] != "row":
                    continue
                row = self.rows[node[1]]
                self.add(
                    "MANAGER_CYCLE",
                    row.n,
                    "manager",
                    cell_text(row.manager_raw),
                    cycle=cycle_text,
                    names=names,
                    cut_off=extra,
                )

    def _node_key(self, node: tuple) -> str:
        if node[0] == "row":
            row = self.rows[node[1]]
            kind = self.keys[-1]
            return {"email": row.email, "login": row.login, "external_id": row.external_id}.get(
                kind, row.number
            ) or row.number
        return self.db[node[1]].number

    def _node_name(self, node: tuple) -> str:
        if node[0] == "row":
            return self.rows[node[1]].display
        return self.db[node[1]].name

    def _propagate(self) -> None:
        """A report whose manager row is rejected is rejected too, down the tree."""
        reports: dict[int, list[int]] = defaultdict(list)
        for index, row in enumerate(self.rows):
            if row.manager and row.manager[0] == "row":
                reports[row.manager[1]].append(index)
        queue = [i for i, row in enumerate(self.rows) if self.rejected(row) and not row.skip]
        done = set(queue)
        while queue:
            manager_index = queue.pop()
            manager = self.rows[manager_index]
            for index in reports.get(manager_index, []):
                if index in done:
                    continue
                done.add(index)
                row = self.rows[index]
                if not self.rejected(row):
                    self.add(
                        "MANAGER_REJECTED",
                        row.n,
                        "manager",
                        cell_text(row.manager_raw),
                        target=manager.display or self._node_key(("row", manager_index)),
                        place=self.report.place(manager.n),
                    )
                queue.append(index)

    def _inactive_managers(self) -> None:
        reports: dict[tuple, list[int]] = defaultdict(list)
        for index, row in enumerate(self.rows):
            if row.manager and not self.rejected(row) and not row.inactive and not row.skip:
                reports[row.manager].append(index)
        for node, indexes in reports.items():
            if node[0] == "row":
                manager = self.rows[node[1]]
                if self.rejected(manager) or not manager.inactive:
                    continue
                state = (
                    _("left on %(date)s") % {"date": manager.leaving.isoformat()}
                    if manager.leaving and manager.leaving < self.today
                    else _("is inactive")
                )
                self.add(
                    "MANAGER_INACTIVE",
                    manager.n,
                    "manager",
                    "",
                    name=manager.display,
                    key=self._node_key(node),
                    state=state,
                    reports=", ".join(
                        f"{self.rows[i].display} ({self.report.place(self.rows[i].n)})"
                        for i in indexes
                    ),
                )
            else:
                employee = self.db[node[1]]
                gone = not employee.active or (employee.leaving and employee.leaving < self.today)
                if not gone:
                    continue
                for index in indexes:
                    row = self.rows[index]
                    self.add(
                        "MANAGER_INACTIVE",
                        row.n,
                        "manager",
                        cell_text(row.manager_raw),
                        name=employee.name,
                        key=employee.number,
                        state=_("is inactive"),
                        reports=row.display,
                    )

    # ---------------------------------------------------------------- plan

    def accepted(self) -> list[int]:
        return [
            i
            for i, row in enumerate(self.rows)
            if not row.skip and not self.rejected(row) and row.site is not None
        ]

    def _plan(self) -> None:
        from parcours.organisation.models import (
            Department,
            Employee,
            EmployeeCategory,
            Position,
            Team,
        )

        accepted = self.accepted()
        site_ids = {self.rows[i].site.pk for i in accepted}
        departments = {
            (d.site_id, fold_loose(d.name)): d
            for d in Department.objects.filter(site_id__in=site_ids)
        }
        teams = {
            (t.site_id, fold_loose(t.name)): t for t in Team.objects.filter(site_id__in=site_ids)
        }
        positions: dict[tuple, Any] = {}
        for position in Position.objects.all():
            positions.setdefault((position.site_id, fold_loose(position.title)), position)
        categories = {c.code: c for c in EmployeeCategory.objects.all()}
        create_departments: dict[tuple, tuple] = {}
        create_teams: dict[tuple, tuple] = {}
        create_positions: dict[tuple, tuple] = {}
        create_categories: dict[str, int] = {}
        position_site = None if self.scope is None or self.scope.is_group_hr else "site"
        for index in accepted:
            row = self.rows[index]
            site = row.site
            if row.department:
                key = (site.pk, fold_loose(row.department))
                if key not in departments and key not in create_departments:
                    create_departments[key] = (site, row.department, row.n)
            if row.team:
                key = (site.pk, fold_loose(row.team))
                if key not in teams and key not in create_teams:
                    create_teams[key] = (site, row.team, row.department, row.n)
            if row.position:
                folded = fold_loose(row.position)
                if (site.pk, folded) not in positions and (None, folded) not in positions:
                    key = (site.pk if position_site else None, folded)
                    if key not in create_positions:
                        create_positions[key] = (
                            site if position_site else None,
                            row.position,
                            row.n,
                        )
            code = row.category
            if code is None and row.existing is None:
                code = row.category = (self.section.get("defaults") or {}).get(
                    "category", "operator"
                )
            if code and code not in categories and code not in create_categories:
                create_categories[code] = row.n
        for code, n in create_categories.items():
            self.add("CATEGORY_CREATED", n, "category", code)
        for site, name, n in create_departments.values():
            self.add("DEPARTMENT_CREATED", n, "department", name, site=str(site))
        for site, name, _dept, n in create_teams.values():
            self.add("TEAM_CREATED", n, "team", name, site=str(site))
        for _site, title, n in create_positions.values():
            self.add("POSITION_CREATED", n, "position", title)
        self.plan = {
            "departments": departments,
            "teams": teams,
            "positions": positions,
            "categories": categories,
            "create_departments": create_departments,
            "create_teams": create_teams,
            "create_positions": create_positions,
            "create_categories": create_categories,
        }
        # Compare with the database: what would change.
        existing_ids = [self.rows[i].existing for i in accepted if self.rows[i].existing]
        self.instances: dict[int, Any] = {}
        for start in range(0, len(existing_ids), 2000):
            for employee in Employee.objects.filter(pk__in=existing_ids[start : start + 2000]):
                self.instances[employee.pk] = employee
        created = updated = unchanged = 0
        for index in accepted:
            row = self.rows[index]
            fields = self._target_fields(row, resolve=False)
            if row.existing is None:
                created += 1
                row.changes = fields
            else:
                changes = self._diff(self.instances[row.existing], fields)
                row.changes = changes
                if changes:
                    updated += 1
                else:
                    unchanged += 1
        self.report.counts.update(create=created, update=updated, unchanged=unchanged)

    def _target_fields(self, row: EmpRow, *, resolve: bool) -> dict[str, Any]:
        """The model values this row asks for (FKs to rows created in this run are resolved
        at apply time)."""
        site = row.site
        fields: dict[str, Any] = {
            key: value for key, value in row.values.items() if key in row.present
        }
        fields["site_id"] = site.pk
        fields["legal_entity_id"] = site.legal_entity_id
        plan = self.plan
        if "team" in self.field_index:
            fields["team_id"] = ("team", (site.pk, fold_loose(row.team))) if row.team else None
        if "position" in self.field_index:
            if row.position:
                folded = fold_loose(row.position)
                for key in ((site.pk, folded), (None, folded)):
                    if key in plan["positions"] or key in plan["create_positions"]:
                        fields["position_id"] = ("position", key)
                        break
            else:
                fields["position_id"] = None
        if row.category:
            fields["category_id"] = ("category", row.category)
        if "manager" in self.field_index:
            fields["manager_id"] = row.manager
        if row.existing is None:
            fields.setdefault("preferred_language", site.default_language)
            fields.setdefault("contract_type", ContractType.PERMANENT)
            fields.setdefault("active", True)
        if resolve:
            fields = {key: self._resolve(value) for key, value in fields.items()}
        return fields

    def _resolve(self, value: Any) -> Any:
        if not isinstance(value, tuple):
            return value
        kind, key = value
        if kind == "row":
            return self.saved[key]
        if kind == "db":
            return key
        plan = self.plan
        if kind == "team":
            team = plan["teams"].get(key)
            return team.pk if team else None
        if kind == "position":
            position = plan["positions"].get(key)
            return position.pk if position else None
        if kind == "category":
            return plan["categories"][key].pk
        return None

    def _comparable(self, value: Any) -> Any:
        if not isinstance(value, tuple):
            return value
        kind, key = value
        if kind == "db":
            return key
        if kind == "row":
            existing = self.rows[key].existing
            return existing if existing is not None else ("new", key)
        plan = self.plan
        target = {"team": plan["teams"], "position": plan["positions"]}.get(kind)
        if target is not None:
            item = target.get(key)
            return item.pk if item else ("new", key)
        if kind == "category":
            category = plan["categories"].get(key)
            return category.pk if category else ("new", key)
        return value

    def _diff(self, employee, fields: dict[str, Any]) -> dict[str, Any]:
        changes = {}
        for name, value in fields.items():
            current = getattr(employee, name)
            wanted = self._comparable(value)
            if isinstance(current, Decimal) and isinstance(wanted, Decimal):
                if current.compare(wanted) == 0:
                    continue
            elif current == wanted:
                continue
            changes[name] = value
        return changes

    def _validate(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        """Field rules of the Employee model (lengths, choices, digits), in memory: the
        same validators Model.clean_fields runs, without building a model per row."""
        from parcours.organisation.models import Employee

        errors = []
        for name, value in values.items():
            if name == "email" or value is None or value == "":
                continue
            field = Employee._meta.get_field(name)
            try:
                field.clean(value, None)
            except ValidationError as error:
                source = {
                    "preferred_language": "language",
                    "working_time_value": "working_time",
                    "working_time_unit": "working_time",
                }.get(name, name)
                errors.append((source, " ".join(error.messages)))
        return errors

    def _absent(self) -> None:
        """Active employees of the sites in this file that the file does not list."""
        present = {row.existing for row in self.rows if row.existing is not None}
        sites = {self.rows[i].site.pk for i in self.accepted()}
        sites = {pk for pk in sites if self.can_edit_site(pk)}
        absent = [
            employee
            for employee in self.db.values()
            if employee.site in sites and employee.active and employee.pk not in present
        ]
        absent.sort(key=lambda e: (e.last, e.first))
        self.absent_ids = [employee.pk for employee in absent]
        self.report.absent = [
            {"id": e.pk, "employee_number": e.number, "name": e.name} for e in absent
        ]

    def _count(self) -> None:
        rows = self.rows
        rejected = sum(1 for row in rows if self.rejected(row) and not row.skip)
        self.report.counts.update(
            rows=len(rows),
            rejected=rejected,
            valid=len(rows) - rejected - sum(1 for row in rows if row.skip),
            skipped=sum(1 for row in rows if row.skip),
            absent=len(self.report.absent),
        )
        for key in ("create", "update", "unchanged"):
            self.report.counts.setdefault(key, 0)

    # ================================================================ apply

    def apply(self, progress: Progress | None = None) -> None:
        """Write every valid row in one transaction (the caller opens it)."""
        from parcours.organisation.models import (
            Department,
            Employee,
            EmployeeAssignment,
            EmployeeCategory,
            Position,
            Team,
        )
        from parcours.organisation.services import record_save

        assert self.analysed and not self.report.fatal
        user = self.user
        plan = self.plan
        labels = dict(DEFAULT_CATEGORIES)
        for code in plan["create_categories"]:
            category = EmployeeCategory(code=code, labels=labels.get(code) or {"en": code})
            category._history_user = user
            category.full_clean()
            category.save()
            plan["categories"][code] = category
        for key, (site, name, _n) in plan["create_departments"].items():
            plan["departments"][key] = record_save(
                record=Department(site=site, name=name[:200]), user=user
            )
        for key, (site, name, department, _n) in plan["create_teams"].items():
            dept = (
                plan["departments"].get((site.pk, fold_loose(department))) if department else None
            )
            plan["teams"][key] = record_save(
                record=Team(site=site, name=name[:200], department=dept), user=user
            )
        for key, (site, title, _n) in plan["create_positions"].items():
            plan["positions"][key] = record_save(
                record=Position(site=site, title=title[:200]), user=user
            )
        self.saved: dict[int, int] = {}
        for index, row in enumerate(self.rows):
            if row.existing is not None:
                self.saved[index] = row.existing
        order = self._topological([i for i in self.accepted() if self.rows[i].changes is not None])
        total = len(order)
        created = updated = done = 0
        # Level by level of the manager tree, so that every manager has a primary key
        # before their reports are written.
        for level in self._levels(order):
            new_rows = [index for index in level if self.rows[index].existing is None]
            created += self._create(new_rows, user)
            for index in level:
                row = self.rows[index]
                if row.existing is None or not row.changes:
                    continue
                employee = self.instances[row.existing]
                before = {f: getattr(employee, f) for f in ASSIGNMENT_FIELDS}
                for name, value in row.changes.items():
                    setattr(employee, name, self._resolve(value))
                employee._history_user = user
                employee.save()
                after = {f: getattr(employee, f) for f in ASSIGNMENT_FIELDS}
                if before != after:
                    EmployeeAssignment.objects.filter(
                        employee=employee, valid_to__isnull=True
                    ).update(valid_to=self.today)
                    EmployeeAssignment.objects.create(
                        employee=employee, valid_from=self.today, **after
                    )
                updated += 1
            done += len(level)
            if progress:
                progress("apply", done, total)
        left = 0
        if self.options.mark_missing_as_left and self.absent_ids:
            for employee in Employee.objects.filter(pk__in=self.absent_ids, active=True):
                employee.active = False
                employee.leaving_date = employee.leaving_date or self.today
                employee._history_user = user
                employee.save()
                left += 1
        self.report.counts.update(created=created, updated=updated, marked_left=left)

    def _depths(self, indexes: list[int]) -> dict[int, int]:
        depth: dict[int, int] = {}
        for index in indexes:
            path: list[int] = []
            node = index
            while node not in depth:
                path.append(node)
                manager = self.rows[node].manager
                if manager is None or manager[0] != "row" or manager[1] in path:
                    depth[node] = 0
                    path.pop()
                    break
                node = manager[1]
            for item in reversed(path):
                depth[item] = depth[self.rows[item].manager[1]] + 1
        return depth

    def _topological(self, indexes: list[int]) -> list[int]:
        """Managers before their reports, so that every manager has a primary key."""
        depth = self._depths(indexes)
        return sorted(indexes, key=lambda i: (depth[i], i))

    def _levels(self, order: list[int]) -> list[list[int]]:
        depth = self._depths(order)
        levels: dict[int, list[int]] = defaultdict(list)
        for index in order:
            levels[depth[index]].append(index)
        return [levels[level] for level in sorted(levels)]

    def _create(self, indexes: list[int], user) -> int:
        """New employees in bulk: rows, their first assignment period and their history.

        The same records employee_create writes; the historical records are created in
        bulk and announced with simple-history's own signal, so the audit trail writes
        one entry per employee exactly as for a single save.
        """
        from simple_history.signals import post_create_historical_record

        from parcours.organisation.models import Employee, EmployeeAssignment

        for start in range(0, len(indexes), 1000):
            chunk = indexes[start : start + 1000]
            employees = []
            for index in chunk:
                employee = Employee(**self._target_fields(self.rows[index], resolve=True))
                employee._history_user = user
                employees.append(employee)
            Employee.objects.bulk_create(employees)
            for index, employee in zip(chunk, employees, strict=True):
                self.saved[index] = employee.pk
            EmployeeAssignment.objects.bulk_create(
                EmployeeAssignment(
                    employee=employee,
                    valid_from=employee.hire_date,
                    **{f: getattr(employee, f) for f in ASSIGNMENT_FIELDS},
                )
                for employee in employees
            )
            history = Employee.history.bulk_history_create(employees, default_user=user)
            for employee, record in zip(employees, history, strict=True):
                post_create_historical_record.send(
                    sender=Employee.history.model,
                    instance=employee,
                    history_instance=record,
                    history_date=record.history_date,
                    history_user=record.history_user,
                    history_change_reason="",
                    using="default",
                )
        return len(indexes)


def employee_import(
    source: Source, profile: dict[str, Any], options: ImportOptions
) -> EmployeeImport:
    if section(profile, "employees") is None:
        raise ValueError(f"profile {profile.get('name')} has no employees layout")
    return EmployeeImport(source, profile, options)
