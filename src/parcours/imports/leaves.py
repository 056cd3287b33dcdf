"""Importing leaves and absences: periods (Personio, Lucca, generic) or sickness events
folded into periods (Visma Verzuim).

End dates are inclusive. Half days and hourly absences are kept as partial-day absences
(in the note, until the Leave model has fields for them); open-ended sick leave is an
ongoing absence. Absence codes are tenant-specific: they are mapped in the profile, and a
code that is unknown or differs only by case is reported, never guessed.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _

from parcours.imports.engine import ImportOptions, Progress, SiteResolver, TableImport, cell_text
from parcours.imports.readers import Source
from parcours.imports.text import clean_text, fold_key, fold_loose
from parcours.imports.values import (
    match_value,
    parse_date,
    parse_decimal,
    parse_time,
)
from parcours.organisation.choices import LeaveKind


class LeaveRow:
    __slots__ = (
        "n",
        "employee",
        "kind",
        "first_day",
        "last_day",
        "return_date",
        "note",
        "type_raw",
        "event",
        "event_date",
        "pct",
        "skip",
        "ref",
        "existing",
        "changes",
        "rows",
    )

    def __init__(self, n: int):
        self.n = n
        self.employee: int | None = None
        self.kind: str | None = None
        self.first_day: date | None = None
        self.last_day: date | None = None
        self.return_date: date | None = None
        self.note = ""
        self.type_raw = ""
        self.event = ""
        self.event_date: date | None = None
        self.pct = None
        self.skip = False
        self.ref = ""
        self.existing = None
        self.changes: dict[str, Any] | None = None
        self.rows: list[int] = [n]


class LeaveImport(TableImport):
    kind = "leaves"

    def __init__(
        self,
        source: Source,
        profile: dict[str, Any],
        options: ImportOptions,
        *,
        pending: dict[str, str] | None = None,
    ):
        super().__init__(source, profile, options)
        self.rows: list[LeaveRow] = []
        self.periods: list[LeaveRow] = []
        self.events = bool(self.section.get("events"))
        self.ref_kind = self.section.get("employee_ref") or "employee_number"
        # Employees of the same request: folded key -> "rejected" or "new".
        self.pending = pending or {}
        types = self.section.get("absence_types") or {}
        self.types = {clean_text(code): kind for code, kind in types.items()}
        self.types_folded = {fold_key(code): (code, kind) for code, kind in self.types.items()}

    def locate(self) -> bool:
        ok = super().locate()
        if not ok:
            return False
        needed = ["start_date"] + ([] if self.events else ["absence_type"])
        if self.ref_kind not in self.field_index and not any(
            field in self.field_index for field in ("employee_number", "email", "employee")
        ):
            needed.append(self.ref_kind)
        for field in needed:
            if field not in self.field_index:
                self.report.add(
                    "REQUIRED_COLUMN_MISSING",
                    field=field,
                    aliases=", ".join(self.section["columns"].get(field, [])[:6]),
                )
                self.report.fatal = True
        return not self.report.fatal

    # ================================================================ reading

    def analyse(self) -> None:
        if not self.locate():
            self._count()
            self.analysed = True
            return
        self._load_employees()
        for first, _last, cells in self.data_rows():
            self.rows.append(self.parse_row(first, cells))
        if self.events:
            self._fold_events()
        else:
            self.periods = [row for row in self.rows if not row.skip]
        self._existing()
        self._overlaps()
        self._count()
        self.analysed = True

    def _date(self, n: int, cells: list[Any], field: str) -> tuple[date | None, bool]:
        raw = self.cell(cells, field)
        value, issues = parse_date(
            raw,
            formats=self.date_formats,
            spreadsheet=self.source.spreadsheet,
            epoch=self.source.epoch,
        )
        for issue in issues:
            self.issue(n, field, raw, issue)
        return value, value is None and bool(cell_text(raw).strip())

    def parse_row(self, n: int, cells: list[Any]) -> LeaveRow:
        row = LeaveRow(n)
        row.employee = self._employee(row, cells)
        if self.events:
            self._parse_event(row, cells)
            return row
        row.kind = self._kind(row, cells)
        first_day, bad_start = self._date(n, cells, "start_date")
        last_day, bad_end = self._date(n, cells, "end_date")
        row.first_day, row.last_day = first_day, last_day
        if first_day is None and not bad_start:
            self.add("MISSING_REQUIRED", n, "start_date", "")
        if "return_date" in self.field_index:
            row.return_date, _bad = self._date(n, cells, "return_date")
        notes = []
        if "note" in self.field_index:
            notes.append(clean_text(cell_text(self.cell(cells, "note"))))
        if first_day and last_day and last_day < first_day:
            self.add(
                "END_BEFORE_START",
                n,
                "end_date",
                cell_text(self.cell(cells, "end_date")),
                end=last_day.isoformat(),
                start=first_day.isoformat(),
                start_column=self.captions.get("start_date", ""),
            )
        elif first_day and last_day is None and not bad_end and row.kind:
            self.add(
                "OPEN_ENDED_ABSENCE",
                n,
                "absence_type",
                row.type_raw,
                kind=str(LeaveKind(row.kind).label),
            )
        # Partial days
        start_time = parse_time(self.cell(cells, "start_time"))
        end_time = parse_time(self.cell(cells, "end_time"))
        for field, value in (("start_time", start_time), ("end_time", end_time)):
            raw = self.cell(cells, field)
            if value is None and clean_text(cell_text(raw)):
                self.add("INVALID_VALUE", n, field, cell_text(raw), reason=_("not a time"))
        if start_time and end_time and first_day and (last_day in (None, first_day)):
            if end_time <= start_time:
                self.add(
                    "INVALID_VALUE",
                    n,
                    "end_time",
                    cell_text(self.cell(cells, "end_time")),
                    reason=_("the end time is not after the start time"),
                )
            else:
                hours = f"{start_time:%H:%M}-{end_time:%H:%M}"
                notes.append(hours)
                self.add(
                    "HOURLY_ABSENCE", n, "start_time", hours, hours=hours, day=first_day.isoformat()
                )
        if "hours" in self.field_index:
            number, issues = parse_decimal(
                self.cell(cells, "hours"), decimal_sep=self.decimal_separator
            )
            for issue in issues:
                if issue.code != "DECIMAL_COMMA":
                    self.issue(n, "hours", self.cell(cells, "hours"), issue)
            if number:
                text = f"{number.normalize():f} h"
                notes.append(text)
                if first_day:
                    self.add(
                        "HOURLY_ABSENCE", n, "hours", text, hours=text, day=first_day.isoformat()
                    )
        half_start = self._half_day(n, cells, "half_day_start", "start")
        half_end = self._half_day(n, cells, "half_day_end", "end")
        # Stored notes are data, not interface text: the same in every language, so that
        # importing again in another language changes nothing.
        if half_start:
            notes.append("half day (first day)")
        if half_end:
            notes.append("half day (last day)")
        if "approved" in self.field_index:
            text = clean_text(cell_text(self.cell(cells, "approved")))
            if text:
                found = match_value(
                    text, "boolean", aliases=self.values.get("boolean"), language=""
                )
                if found.target is None:
                    self.add("INVALID_BOOLEAN", n, "approved", text, expected="oui / non")
                elif found.target == "false":
                    self.add("ABSENCE_NOT_APPROVED", n, "approved", text)
                    row.skip = True
        row.note = "; ".join(filter(None, notes))[:300]
        return row

    def _half_day(self, n: int, cells: list[Any], field: str, side: str) -> bool:
        if field not in self.field_index:
            return False
        raw = self.cell(cells, field)
        text = clean_text(cell_text(raw))
        strict = self.section.get("half_day_values")
        if strict is not None:
            allowed = {clean_text(key): value for key, value in strict.items()}
            if text in allowed:
                return bool(allowed[text])
            shown = " / ".join(repr(key) if key else _("empty") for key in allowed)
            self.add("INVALID_BOOLEAN", n, field, text, expected=shown)
            return False
        if not text:
            return False
        if self.section.get("half_day") == "am_pm":
            found = match_value(text, "half_day", aliases=None, language="")
            if found.target is None:
                self.add("INVALID_BOOLEAN", n, field, text, expected="AM / PM")
                return False
            # Starting in the afternoon or ending in the morning leaves half a day.
            return found.target == ("pm" if side == "start" else "am")
        found = match_value(text, "boolean", aliases=self.values.get("boolean"), language="")
        if found.target is None:
            half = match_value(text, "half_day", aliases=None, language="")
            if half.target is not None:
                return True
            self.add("INVALID_BOOLEAN", n, field, text, expected="1 / 0")
            return False
        return found.target == "true"

    def _kind(self, row: LeaveRow, cells: list[Any]) -> str | None:
        raw = self.cell(cells, "absence_type")
        text = clean_text(cell_text(raw))
        row.type_raw = text
        if not text:
            self.add("MISSING_REQUIRED", row.n, "absence_type", "")
            return None
        if text in self.types:
            return self.types[text]
        folded = self.types_folded.get(fold_key(text))
        if folded is not None:
            if self.section.get("absence_types_case_sensitive"):
                self.add(
                    "ABSENCE_TYPE_CASE",
                    row.n,
                    "absence_type",
                    text,
                    configured=folded[0],
                    kind=str(LeaveKind(folded[1]).label),
                )
            return folded[1]
        if self.section.get("standard_absence_names"):
            found = match_value(text, "leave_kind", aliases=None, language="")
            if found.target:
                return found.target
        close = difflib.get_close_matches(text, list(self.types), n=1, cutoff=0.6)
        self.add(
            "UNKNOWN_ABSENCE_TYPE",
            row.n,
            "absence_type",
            text,
            profile=self.profile.get("name", ""),
            suggestion=(_("; did you mean '%(code)s'?") % {"code": close[0]}) if close else "",
        )
        return None

    # ---------------------------------------------------------------- employees

    def _load_employees(self) -> None:
        from parcours.organisation.models import Employee

        self.by_number: dict[str, list[tuple]] = defaultdict(list)
        self.by_email: dict[str, list[tuple]] = defaultdict(list)
        self.employees: dict[int, tuple] = {}
        for values in Employee.objects.values_list(
            "pk",
            "legal_entity_id",
            "site_id",
            "employee_number",
            "email",
            "first_name",
            "last_name",
        ).iterator(chunk_size=5000):
            self.employees[values[0]] = values
            self.by_number[fold_key(values[3])].append(values)
            if values[4]:
                self.by_email[fold_key(values[4])].append(values)
        self.resolver = SiteResolver(self)

    def _employee(self, row: LeaveRow, cells: list[Any]) -> int | None:
        field = (
            self.ref_kind
            if self.ref_kind in self.field_index
            else next(
                (f for f in ("employee_number", "email", "employee") if f in self.field_index), None
            )
        )
        if field is None:
            return None
        raw = self.cell(cells, field)
        text = clean_text(cell_text(raw))
        row.ref = text
        if not text:
            self.add("MISSING_REQUIRED", row.n, field, "")
            return None
        folded = fold_key(text)
        if self.pending.get(folded) == "rejected":
            self.add("EMPLOYEE_REJECTED", row.n, field, text)
            return None
        if self.pending.get(folded) == "new":
            return -1  # created by the same request
        if "@" in text or field == "email":
            candidates = self.by_email.get(folded, [])
            ref = _("e-mail")
        else:
            candidates = self.by_number.get(folded, [])
            ref = _("employee number")
            entity_value = clean_text(cell_text(self.cell(cells, "legal_entity")))
            entity = None
            if entity_value:
                entity = self.resolver.entity(entity_value)
                if entity is None:
                    site = self.resolver._site(entity_value)
                    entity = site.legal_entity if site is not None else None
            elif self.options.target_site is not None:
                entity = self.options.target_site.legal_entity
            if entity is not None and len(candidates) > 1:
                candidates = [c for c in candidates if c[1] == entity.pk] or candidates
            elif entity is not None and entity_value:
                candidates = [c for c in candidates if c[1] == entity.pk]
        candidates = [c for c in candidates if self.can_edit_site(c[2])]
        if not candidates:
            self.add("EMPLOYEE_NOT_FOUND", row.n, field, text, ref=ref)
            return None
        if len(candidates) > 1:
            self.add(
                "AMBIGUOUS_EMPLOYEE",
                row.n,
                field,
                text,
                count=len(candidates),
                candidates=", ".join(f"{c[5]} {c[6]}" for c in candidates[:5]),
            )
            return None
        employee = candidates[0]
        last_name = clean_text(cell_text(self.cell(cells, "last_name")))
        if (
            last_name
            and fold_loose(last_name) not in fold_loose(employee[6])
            and fold_loose(employee[6]) not in fold_loose(last_name)
        ):
            self.add(
                "EMPLOYEE_NAME_MISMATCH",
                row.n,
                "last_name",
                text,
                target=f"{employee[5]} {employee[6]}",
                name=last_name,
            )
        return employee[0]

    # ---------------------------------------------------------------- sickness events

    def _parse_event(self, row: LeaveRow, cells: list[Any]) -> None:
        n = row.n
        row.kind = LeaveKind.SICK
        first_day, bad_start = self._date(n, cells, "start_date")
        row.first_day = first_day
        if first_day is None and not bad_start:
            self.add("MISSING_REQUIRED", n, "start_date", "")
        recovery, _bad = self._date(n, cells, "recovery_date")
        pct = None
        if "recovery_pct" in self.field_index:
            raw_pct = self.cell(cells, "recovery_pct")
            if isinstance(raw_pct, str):
                raw_pct = raw_pct.replace("%", "")
            pct, issues = parse_decimal(raw_pct, decimal_sep=",")
            for issue in issues:
                if issue.code != "DECIMAL_COMMA":
                    self.issue(n, "recovery_pct", self.cell(cells, "recovery_pct"), issue)
        text = fold_loose(cell_text(self.cell(cells, "event")))
        if not text:
            event = (
                "sick"
                if recovery is None
                else ("partial" if pct is not None and pct < 100 else "recovered")
            )
        elif "herstel" in text or "recover" in text or "beter" in text:
            event = (
                "partial"
                if (
                    "gedeelte" in text
                    or "deels" in text
                    or "partie" in text
                    or (pct is not None and pct < 100)
                )
                else "recovered"
            )
        elif "ziek" in text or "verzuim" in text or "sick" in text or "melding" in text:
            event = "sick"
        else:
            self.add(
                "INVALID_VALUE",
                n,
                "event",
                cell_text(self.cell(cells, "event")),
                reason=_("not a sick report or a recovery"),
            )
            row.skip = True
            return
        row.event, row.pct = event, pct
        if event == "sick":
            if recovery is not None:
                self.add(
                    "INVALID_VALUE",
                    n,
                    "recovery_date",
                    cell_text(self.cell(cells, "recovery_date")),
                    reason=_("a sick report with a recovery date: one event per row"),
                )
            row.event_date = first_day
        else:
            if recovery is None and not _bad:
                self.add("MISSING_REQUIRED", n, "recovery_date", "")
            row.event_date = recovery
            row.return_date = recovery
            if recovery and first_day and recovery < first_day:
                self.add(
                    "END_BEFORE_START",
                    n,
                    "recovery_date",
                    recovery.isoformat(),
                    end=recovery.isoformat(),
                    start=first_day.isoformat(),
                    start_column=self.captions.get("start_date", ""),
                )

    def _fold_events(self) -> None:
        from parcours.organisation.models import Leave

        latest: dict[Any, tuple[date, int]] = {}
        for row in self.rows:
            if row.skip or row.event_date is None:
                continue
            who = row.employee or row.ref
            if who in latest and row.event_date < latest[who][0]:
                self.add(
                    "OUT_OF_ORDER",
                    row.n,
                    "start_date",
                    row.event_date.isoformat(),
                    date=row.event_date.isoformat(),
                    place=self.report.place(latest[who][1]),
                )
            if who not in latest or row.event_date >= latest[who][0]:
                latest[who] = (row.event_date, row.n)
        groups: dict[tuple, list[LeaveRow]] = defaultdict(list)
        for row in self.rows:
            if row.skip or row.first_day is None or row.employee is None:
                continue
            if row.n in self.report.rejected_rows:
                continue
            groups[(row.employee, row.first_day)].append(row)
        known = {
            (leave.employee_id, leave.first_day): leave
            for leave in Leave.objects.filter(
                employee_id__in={key[0] for key in groups},
                kind=LeaveKind.SICK,
                first_day__in={key[1] for key in groups},
            )
        }
        order = {"sick": 0, "partial": 1, "recovered": 2}
        for (employee, first_day), rows in groups.items():
            rows.sort(key=lambda r: (r.event_date or first_day, order[r.event], r.n))
            sick = next((r for r in rows if r.event == "sick"), None)
            base = known.get((employee, first_day))
            if sick is None and base is None:
                for row in rows:
                    self.add(
                        "SICKNESS_NOT_FOUND",
                        row.n,
                        "start_date",
                        first_day.isoformat(),
                        date=first_day.isoformat(),
                    )
                continue
            period = LeaveRow((sick or rows[0]).n)
            period.employee, period.kind, period.first_day = employee, LeaveKind.SICK, first_day
            period.rows = [r.n for r in rows]
            notes = []
            if base is not None:
                period.last_day, period.return_date = base.last_day, base.return_date
                notes = [part for part in base.note.split("; ") if part]
            for row in rows:
                if row.event == "partial" and row.event_date:
                    pct = f"{row.pct.normalize():f}%" if row.pct is not None else ""
                    text = f"partial recovery {pct} from {row.event_date.isoformat()}".replace(
                        "  ", " "
                    )
                    if text not in notes:
                        notes.append(text)
                elif row.event == "recovered" and row.event_date:
                    period.return_date = row.event_date
                    period.last_day = max(first_day, row.event_date - timedelta(days=1))
            period.note = "; ".join(notes)[:300]
            if period.last_day is None:
                self.add(
                    "OPEN_ENDED_ABSENCE",
                    period.n,
                    "start_date",
                    period.first_day.isoformat(),
                    kind=str(LeaveKind.SICK.label),
                )
            self.periods.append(period)

    # ---------------------------------------------------------------- comparison

    def accepted_periods(self) -> list[LeaveRow]:
        rejected = self.report.rejected_rows
        return [
            period
            for period in self.periods
            if not period.skip
            and period.employee is not None
            and period.kind
            and period.first_day is not None
            and not any(n in rejected for n in period.rows)
        ]

    def _existing(self) -> None:
        from parcours.organisation.models import Leave

        periods = self.accepted_periods()
        employee_ids = {p.employee for p in periods if p.employee and p.employee > 0}
        self.db_leaves: dict[int, list] = defaultdict(list)
        for start in range(0, len(employee_ids), 2000):
            chunk = list(employee_ids)[start : start + 2000]
            for leave in Leave.objects.filter(employee_id__in=chunk):
                self.db_leaves[leave.employee_id].append(leave)
        created = updated = unchanged = 0
        for period in periods:
            match = next(
                (
                    leave
                    for leave in self.db_leaves.get(period.employee, [])
                    if leave.first_day == period.first_day and leave.kind == period.kind
                ),
                None,
            )
            period.existing = match
            wanted = {"last_day": period.last_day, "note": period.note}
            if period.return_date is not None or "return_date" in self.field_index:
                wanted["return_date"] = period.return_date
            if match is None:
                period.changes = wanted
                created += 1
            else:
                period.changes = {k: v for k, v in wanted.items() if getattr(match, k) != v}
                if period.changes:
                    updated += 1
                else:
                    unchanged += 1
        self.report.counts.update(create=created, update=updated, unchanged=unchanged)

    def _overlaps(self) -> None:
        by_employee: dict[int, list[LeaveRow]] = defaultdict(list)
        for period in self.accepted_periods():
            if period.last_day is None or period.last_day >= period.first_day:
                by_employee[period.employee].append(period)
        names = {pk: f"{v[5]} {v[6]}" for pk, v in self.employees.items()}
        for employee, periods in by_employee.items():
            periods.sort(key=lambda p: (p.first_day, p.n))
            who = names.get(employee, "")
            ref = periods[0].ref if "@" in periods[0].ref else f"{who} ({periods[0].ref})"
            for i, one in enumerate(periods):
                for other in periods[i + 1 :]:
                    if one.last_day is not None and other.first_day > one.last_day:
                        break
                    day = max(one.first_day, other.first_day).isoformat()
                    for this, that in ((one, other), (other, one)):
                        self.add(
                            "ABSENCE_OVERLAP",
                            this.n,
                            "start_date",
                            this.first_day.isoformat(),
                            employee=ref,
                            day=day,
                            kind=self._kind_label(this),
                            other_kind=self._kind_label(that),
                            other_location=self.report.place(that.n),
                        )
            matched = {id(p.existing) for p in periods if p.existing is not None}
            for leave in self.db_leaves.get(employee, []):
                if id(leave) in matched:
                    continue
                for period in periods:
                    if period.existing is not None:
                        continue
                    end = period.last_day or date.max
                    other_end = leave.last_day or date.max
                    if period.first_day <= other_end and leave.first_day <= end:
                        day = max(period.first_day, leave.first_day).isoformat()
                        self.add(
                            "ABSENCE_OVERLAP",
                            period.n,
                            "start_date",
                            period.first_day.isoformat(),
                            employee=ref,
                            day=day,
                            kind=self._kind_label(period),
                            other_kind=str(leave.get_kind_display()),
                            other_location=_("already in Parcours"),
                        )

    def _kind_label(self, period: LeaveRow) -> str:
        return period.type_raw or str(LeaveKind(period.kind).label)

    def _count(self) -> None:
        rejected = len({row.n for row in self.rows} & self.report.rejected_rows)
        skipped = sum(1 for row in self.rows if row.skip)
        self.report.counts.update(
            rows=len(self.rows),
            rejected=rejected,
            skipped=skipped,
            valid=len(self.rows) - rejected - skipped,
        )
        for key in ("create", "update", "unchanged"):
            self.report.counts.setdefault(key, 0)

    # ================================================================ apply

    def apply(self, progress: Progress | None = None) -> None:
        from parcours.organisation.models import Employee, Leave

        assert self.analysed and not self.report.fatal
        periods = [p for p in self.accepted_periods() if p.changes]
        pending_new = [p for p in periods if p.employee == -1]
        if pending_new:
            raise RuntimeError("analyse the leaves again once the employees are created")
        created = updated = 0
        total = len(periods)
        known = set(
            Employee.objects.filter(pk__in={p.employee for p in periods}).values_list(
                "pk", flat=True
            )
        )
        for done, period in enumerate(periods, start=1):
            if period.employee not in known:
                continue
            leave = period.existing or Leave(
                employee_id=period.employee, kind=period.kind, first_day=period.first_day
            )
            for name, value in period.changes.items():
                setattr(leave, name, value)
            leave.full_clean(
                exclude=["employee"], validate_unique=False, validate_constraints=False
            )
            leave._history_user = self.user
            leave.save()
            if period.existing is None:
                created += 1
            else:
                updated += 1
            if progress and (done % 200 == 0 or done == total):
                progress("apply", done, total)
        self.report.counts.update(created=created, updated=updated)
