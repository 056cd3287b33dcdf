"""What employee and leave imports share: finding the table, mapping its columns,
walking its rows and resolving the sites they belong to.

An import is analysed first (the dry run: nothing is written) and applied afterwards in
one transaction, from the same analysis. Rows are kept in a compact form between the two
because line managers can only be resolved once the whole file has been read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from parcours.core.scope import scope_for
from parcours.imports.profiles import PII_FIELDS, header_score, match_header
from parcours.imports.readers import Source, UnreadableFile
from parcours.imports.report import Report
from parcours.imports.text import clean_text, fold_key, fold_loose, header_key
from parcours.imports.values import Issue

Progress = Callable[[str, int, int], None]


@dataclass
class ImportOptions:
    user: Any = None
    target_site: Any = None  # a Site chosen on upload
    today: date | None = None
    mark_missing_as_left: bool = False
    file_name: str = ""
    progress: Callable[[str, int, int], None] | None = None


def cell_text(value: Any) -> str:
    """A cell as the text a person would read in it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()[:5] if isinstance(value, time) else value.isoformat()
    return str(value)


def is_blank(cells: list[Any]) -> bool:
    return all(
        value is None or (isinstance(value, str) and not clean_text(value)) for value in cells
    )


class TableImport:
    """Locate the header, map the columns and stream the data rows of one source."""

    kind = ""
    required_fields: tuple[str, ...] = ()

    def __init__(self, source: Source, profile: dict[str, Any], options: ImportOptions):
        self.source = source
        self.profile = profile
        self.section = profile.get(self.kind) or {}
        self.options = options
        self.user = options.user
        self.scope = scope_for(options.user) if options.user is not None else None
        self.today = options.today or timezone.localdate()
        self.report = Report(kind=self.kind, file_name=options.file_name, location=source.location)
        self.report.profile = profile.get("name", "")
        self.report.encoding = source.encoding
        self.report.delimiter = source.delimiter
        self.language = profile.get("language") or ""
        self.date_formats = profile.get("date_formats") or ["YYYY-MM-DD"]
        self.decimal_separator = profile.get("decimal_separator") or "."
        self.values = profile.get("values") or {}
        self.sheet: str | None = None
        self.header: list[str] = []
        self.header_end = 0
        self.field_index: dict[str, int] = {}
        self.captions: dict[str, str] = {}
        self.analysed = False

    # ------------------------------------------------------------ locating the table

    def columns(self) -> dict[str, list[str]]:
        columns = {field: list(aliases) for field, aliases in self.section["columns"].items()}
        if self.source.kind == "json":
            for field in list(columns):
                columns[field].append(field)
        return columns

    def locate(self) -> bool:
        report = self.report
        for code, params in self.source.notes:
            report.add(code, **params)
        columns = self.columns()
        preferred = {fold_loose(name) for name in self.section.get("sheets") or []}
        sheets = self.source.sheet_names()
        best = None
        for index, sheet in enumerate(sheets):
            preview = self.source.preview(sheet)
            for position, (first, last, cells) in enumerate(preview):
                header = [cell_text(cell) for cell in cells]
                count, share = header_score(header, columns)
                if count < 2:
                    continue
                bonus = 0.5 if sheet is not None and fold_loose(sheet) in preferred else 0
                score = (count + bonus, share)
                if best is None or score > best[0]:
                    best = (score, index, sheet, position, first, last, header, preview)
        if best is None:
            report.add("HEADER_NOT_FOUND", profile=self.profile.get("name", ""))
            report.fatal = True
            return False
        _score, index, sheet, position, first, last, header, preview = best
        self.sheet = sheet
        report.sheet = sheet
        if index > 0 and sheets[0] is not None:
            report.add("SHEET_SELECTION", sheet=sheet, first=sheets[0])
        # Byte-order marks: at the start of a UTF-8 file, or left inside the first caption.
        if header and (
            self.source.bom
            and self.source.encoding == "utf-8-sig"
            or any("\ufeff" in caption for caption in header)
        ):
            report.add(
                "BOM_IN_HEADER",
                first,
                column=header[0].replace("\ufeff", ""),
                col=0,
                encoding="UTF-8",
            )
        header = [caption.replace("\ufeff", "") for caption in header]
        self.header = header
        self.header_end = last
        mapping = match_header(header, columns)
        self.field_index = {field: idx for idx, field in mapping.items()}
        self.captions = {field: clean_text(header[idx]) for idx, field in mapping.items()}
        report.columns = {
            clean_text(caption) or f"#{idx + 1}": mapping.get(idx)
            for idx, caption in enumerate(header)
        }
        # A second header row (SAP: system keys, then display labels).
        if position + 1 < len(preview):
            next_first, next_last, next_cells = preview[position + 1]
            if self._is_label_row([cell_text(cell) for cell in next_cells]):
                self.header_end = next_last
                report.add(
                    "TWO_HEADER_ROWS",
                    first,
                    last_row=next_last,
                    first=report.place(first),
                    second=report.place(next_first),
                )
        for field in PII_FIELDS:
            if field in self.field_index:
                report.add("PII_MASKED", column=self.captions[field], col=self.field_index[field])
        for field in self.required_fields:
            if field not in self.field_index:
                report.add(
                    "REQUIRED_COLUMN_MISSING",
                    field=field,
                    aliases=", ".join(self.section["columns"].get(field, [])[:6]),
                )
                report.fatal = True
        return not report.fatal

    def _is_label_row(self, cells: list[str]) -> bool:
        from parcours.imports.profiles import BUILTIN_PROFILES

        if not any(cell.strip() for cell in cells):
            return False
        declared = int(self.profile.get("header_rows") or 1)
        generic = BUILTIN_PROFILES["generic"].get(self.kind) or {}
        count, share = header_score(cells, {**generic.get("columns", {}), **self.columns()})
        if declared >= 2:
            return count >= 2 and share >= 0.3
        return count >= 3 and share >= 0.6

    def data_rows(self) -> Iterator[tuple[int, int, list[Any]]]:
        """Data rows after the header; blank, template and trailing rows are reported here."""
        report = self.report
        template_fields = [
            self.field_index[field]
            for field in self.section.get("template_columns") or []
            if field in self.field_index
        ]
        blank_run: list[int] = []
        template_rows: list[int] = []
        width = len(self.header)
        read = 0
        try:
            for first, last, cells in self.source.rows(self.sheet):
                if last <= self.header_end:
                    continue
                if is_blank(cells):
                    blank_run.append(first)
                    blank_run.append(last)
                    continue
                if template_fields and self._is_template(cells, template_fields):
                    template_rows.append(first)
                    continue
                blank_run = []
                if self.source.kind == "csv" and len(cells) != width:
                    code = "EXTRA_COLUMNS" if len(cells) > width else "MISSING_COLUMNS"
                    report.add(code, first, count=len(cells), expected=width)
                    self.broken_row(first, last, cells)
                    continue
                read += 1
                if self.options.progress and read % 1000 == 0:
                    self.options.progress("read", read, 0)
                yield first, last, cells
        except UnreadableFile as error:
            report.add("FILE_UNREADABLE", reason=str(error))
            report.fatal = True
            return
        if blank_run:
            report.add(
                "TRAILING_EMPTY_ROWS",
                blank_run[0],
                last_row=blank_run[-1],
                count=blank_run[-1] - blank_run[0] + 1,
            )
        if template_rows:
            report.add(
                "TEMPLATE_ROWS",
                template_rows[0],
                last_row=template_rows[-1],
                count=len(template_rows),
                columns=", ".join(
                    self.captions[f] for f in self.section["template_columns"] if f in self.captions
                ),
            )

    def _is_template(self, cells: list[Any], template_fields: list[int]) -> bool:
        filled = [
            index
            for index, value in enumerate(cells)
            if not (value is None or (isinstance(value, str) and not clean_text(value)))
        ]
        return bool(filled) and all(index in template_fields for index in filled)

    def broken_row(self, first: int, last: int, cells: list[Any]) -> None:
        """A row rejected for its structure; subclasses may still note its key."""

    # ------------------------------------------------------------ cells

    def cell(self, cells: list[Any], field: str) -> Any:
        index = self.field_index.get(field)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def issue(self, row: int, field: str, raw: Any, issue: Issue, **extra: Any) -> None:
        self.report.add(
            issue.code,
            row,
            column=self.captions.get(field, field),
            value=cell_text(raw) if not isinstance(raw, str) else raw,
            severity=issue.severity,
            msg=issue.msg,
            col=self.field_index.get(field),
            **{**issue.params, **extra},
        )

    def add(
        self, code: str, row: int | None, field: str | None = None, raw: Any = "", **params: Any
    ) -> None:
        self.report.add(
            code,
            row,
            column=self.captions.get(field, field or "") if field else "",
            value=cell_text(raw) if not isinstance(raw, str) else raw,
            col=self.field_index.get(field) if field else None,
            **params,
        )

    def can_edit_site(self, site_id: int | None) -> bool:
        return self.scope is None or self.scope.can_edit_site(site_id)


class SiteResolver:
    """Match a row's company and location values to a legal entity and a site.

    By code or name, ignoring case, accents and punctuation. When nothing matches, the
    site chosen on upload takes the row; without one, the row is an error (SITE_NOT_FOUND).
    """

    def __init__(self, imp: TableImport):
        from parcours.organisation.models import LegalEntity, Site

        self.imp = imp
        self.sites = list(Site.objects.select_related("legal_entity"))
        self.entities = list(LegalEntity.objects.all())
        self.by_code = {fold_loose(site.code): site for site in self.sites}
        self.by_name: dict[str, list] = {}
        for site in self.sites:
            self.by_name.setdefault(fold_loose(site.name), []).append(site)
        self.entity_by_name = {fold_loose(entity.name): entity for entity in self.entities}
        self.sites_of_entity: dict[int, list] = {}
        for site in self.sites:
            self.sites_of_entity.setdefault(site.legal_entity_id, []).append(site)
        self.cache: dict[tuple[str, str], tuple] = {}
        self.defaulted: set[str] = set()

    def _site(self, value: str, entity=None):
        key = fold_loose(value)
        if not key:
            return None
        if key in self.by_code:
            return self.by_code[key]
        named = self.by_name.get(key, [])
        if entity is not None:
            named = [site for site in named if site.legal_entity_id == entity.pk] or named
        return named[0] if len(named) == 1 else None

    def entity(self, value: str):
        return self.entity_by_name.get(fold_loose(value)) if value else None

    def default_site(self):
        imp = self.imp
        if imp.options.target_site is not None:
            return imp.options.target_site
        if imp.scope is not None and not imp.scope.is_group_hr and len(imp.scope.hr_site_ids) == 1:
            (site_id,) = imp.scope.hr_site_ids
            return next((site for site in self.sites if site.pk == site_id), None)
        return self.sites[0] if len(self.sites) == 1 else None

    def resolve(self, entity_value: str, site_value: str):
        """(site, entity found by name, error code or None, finding field)."""
        cache_key = (fold_loose(entity_value), fold_loose(site_value))
        if cache_key in self.cache:
            return self.cache[cache_key]
        entity = self.entity(entity_value)
        site = self._site(site_value, entity) if site_value else None
        if site is None and entity_value and entity is None:
            # Lucca's legalEntity is often an establishment: a site of ours.
            site = self._site(entity_value)
        result: tuple
        if site is not None:
            if entity is not None and site.legal_entity_id != entity.pk:
                result = (site, entity, "LEGAL_ENTITY_MISMATCH", "legal_entity")
            else:
                result = (site, entity, None, None)
        else:
            target = self.imp.options.target_site
            own = self.sites_of_entity.get(entity.pk, []) if entity is not None else []
            if target is not None and (entity is None or target.legal_entity_id == entity.pk):
                result = (
                    target,
                    entity,
                    "SITE_DEFAULTED",
                    "site" if site_value else ("legal_entity" if entity_value else None),
                )
            elif entity is not None and len(own) == 1:
                result = (own[0], entity, None, None)
            elif not site_value and not entity_value and self.default_site() is not None:
                result = (self.default_site(), None, None, None)
            else:
                result = (
                    None,
                    entity,
                    "SITE_NOT_FOUND",
                    "site" if site_value or not entity_value else "legal_entity",
                )
        self.cache[cache_key] = result
        return result


def key_text(value: Any) -> str:
    """An identifier cell as text: numbers without '.0', spaces normalised."""
    return clean_text(cell_text(value))


__all__ = [
    "ImportOptions",
    "SiteResolver",
    "TableImport",
    "cell_text",
    "fold_key",
    "header_key",
    "key_text",
]
