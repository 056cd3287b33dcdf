"""The matrix as an Excel workbook (coloured like the page) and as an A3 landscape PDF for
the board on the shop floor.

The workbook's first sheet reads back in the matrix import: employee numbers in the first
column, one column per skill headed "label [CODE]", levels as the scale's letters.
"""

from __future__ import annotations

import io
from copy import copy
from dataclasses import replace

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from parcours.skills.choices import CellStatus
from parcours.skills.rendering import matrix_body
from parcours.skills.selectors import Matrix

FILLS = {
    CellStatus.OK: "E8F5E9",
    CellStatus.GAP: "FFCDD2",
    CellStatus.EXPIRED: "FFE0B2",
}


def skill_header(skill) -> str:
    return f"{skill.label} [{skill.code}]"


def matrix_xlsx(matrix: Matrix, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Matrix")[:31]
    thin = Side(style="thin", color="BDBDBD")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_font = Font(bold=True)
    fills = {status: PatternFill("solid", fgColor=colour) for status, colour in FILLS.items()}
    fonts = {
        level.rank: Font(bold=True, color=level.colour.lstrip("#").upper())
        for level in matrix.scale.levels
    }
    centre = Alignment(horizontal="center", vertical="center")

    sheet.append(
        [_("Employee number"), _("Name"), _("Position"), _("Required skills held")]
        + [skill_header(column.skill) for column in matrix.columns]
    )
    for index, cell in enumerate(sheet[1], start=1):
        cell.font = header_font
        cell.border = border
        if index > 4:
            cell.alignment = Alignment(text_rotation=90, horizontal="center", vertical="bottom")
    sheet.row_dimensions[1].height = 140

    # Styling a cell through openpyxl's objects costs a lookup per attribute; at 150,000
    # cells that is a minute. Each combination is styled once, then its style is copied.
    styles: dict[tuple, object] = {}

    def style_of(status, level):
        key = (status, level)
        if key not in styles:
            model = sheet.cell(row=1, column=1).__class__(sheet)
            model.alignment, model.border = centre, border
            if status in fills:
                model.fill = fills[status]
            if level is not None and level in fonts:
                model.font = fonts[level]
            styles[key] = model._style
        return styles[key]

    codes = {level.rank: level.code for level in matrix.scale.levels}
    for line, row in enumerate(matrix.rows, start=2):
        person = row.employee
        sheet.append(
            [
                person.employee_number,
                f"{person.last_name}, {person.first_name}",
                person.position.title if person.position_id else "",
                f"{row.share} %" if row.share is not None else "",
            ]
            + [codes.get(c.level, c.level) if c.level is not None else None for c in row.cells]
        )
        sheet.cell(line, 1).number_format = "@"
        for column, cell in enumerate(row.cells, start=5):
            sheet.cell(line, column)._style = copy(style_of(cell.status, cell.level))
    sheet.freeze_panes = "E2"
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 22
    sheet.column_dimensions["D"].width = 10
    for index in range(5, 5 + len(matrix.columns)):
        sheet.column_dimensions[get_column_letter(index)].width = 5
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A3
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.oddHeader.center.text = title

    totals = workbook.create_sheet(_("Totals")[:31])
    totals.append([_("Level")] + [skill_header(column.skill) for column in matrix.columns])
    for level, counts in matrix.level_totals:
        totals.append([f"{level.symbol} {level.code} · {level.label}", *counts])
    totals.append(
        [_("Meet their position")]
        + [
            f"{column.meeting}/{column.required}" if column.required else ""
            for column in matrix.columns
        ]
    )
    if matrix.coverage:
        totals.append([])
        totals.append([_("Team minimum"), _("Level"), _("Needed"), _("Present"), _("Status")])
        for line in matrix.coverage:
            totals.append(
                [
                    skill_header(line.skill),
                    matrix.scale.code(line.requirement.level),
                    line.min_people,
                    line.present,
                    line.get_status_display(),
                ]
            )
    for cell in totals[1]:
        cell.font = header_font
    totals.column_dimensions["A"].width = 32

    legend = workbook.create_sheet(_("Legend")[:31])
    legend.append([_("Symbol"), _("Code"), _("Number"), _("Level"), _("Meaning")])
    for level in matrix.scale.levels:
        legend.append([level.symbol, level.code, level.rank, level.label, level.description])
        legend.cell(legend.max_row, 1).font = fonts.get(level.rank, header_font)
    legend.append([])
    for status, text in (
        (CellStatus.OK, _("Meets what the position requires")),
        (CellStatus.GAP, _("Below what the position requires")),
        (CellStatus.EXPIRED, _("Certificate expired or missing")),
    ):
        legend.append(["", "", "", text])
        legend.cell(legend.max_row, 4).fill = fills[status]
    for cell in legend[1]:
        cell.font = header_font
    legend.column_dimensions["D"].width = 40
    legend.column_dimensions["E"].width = 60

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def matrix_pdf(matrix: Matrix, title: str, request=None) -> bytes:
    """A3 landscape, the header row repeated on every page, colours as on the screen."""
    from weasyprint import HTML

    printable = replace(matrix, rows=[replace(row, assessable=False) for row in matrix.rows])
    html = render_to_string(
        "skills/matrix_pdf.html",
        {
            "matrix": printable,
            "body": matrix_body(printable, employee_links=False),
            "title": title,
            "printed_on": date_format(timezone.localdate(), "DATE_FORMAT"),
        },
        request=request,
    )
    return HTML(string=html).write_pdf()
