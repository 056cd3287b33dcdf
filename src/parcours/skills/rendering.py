"""The body of the matrix as HTML, built in Python.

A site's matrix has tens of thousands of cells: a template loop costs seconds there, this
costs milliseconds. Each cell is a few bytes: the level's symbol, a class for its colour
and one for the requirement (met, gap, certificate expired), the required level when there
is one, and a button when the reader may record a level. Titles are added on hover by
skills.js from the header and the scale, rather than repeated in every cell.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from parcours.skills.choices import CellStatus
from parcours.skills.selectors import Matrix

STATUS_CLASSES = {
    CellStatus.OK: "ok",
    CellStatus.GAP: "gap",
    CellStatus.EXPIRED: "exp",
    CellStatus.NONE: "",
}


def matrix_body(matrix: Matrix, *, employee_links: bool = True) -> SafeString:
    symbols = {level.rank: escape(level.symbol) for level in matrix.scale.levels}
    not_trained = symbols.get(0, "○")
    employee_url = reverse("skills:employee", args=[0])[: -len("0/")]
    held_text = escape(_("required skills held"))
    parts: list[str] = []
    # Cells repeat: the same status, level, requirement and proposal give the same HTML.
    cache: dict[tuple, str] = {}
    for row in matrix.rows:
        person = row.employee
        name = escape(f"{person.last_name}, {person.first_name}")
        position = escape(person.position.title) if person.position_id else "—"
        share = (
            f'<span class="share" title="{held_text}">{row.held_count}/{row.required_count}'
            f" · {row.share} %</span>"
            if row.required_count
            else ""
        )
        label = f'<a href="{employee_url}{person.pk}/">{name}</a>' if employee_links else name
        parts.append(
            f'<tr data-e="{person.pk}"><th scope="row">{label}<small>{position}</small>{share}</th>'
        )
        assessable = row.assessable
        for cell in row.cells:
            key = (cell.status, cell.level, cell.required, cell.proposed, assessable)
            html = cache.get(key)
            if html is None:
                html = cache[key] = _cell(cell, symbols, not_trained, assessable)
            parts.append(html)
        parts.append("</tr>")
    return mark_safe("".join(parts))


def _cell(cell, symbols: dict[int, str], not_trained: str, assessable: bool) -> str:
    classes = STATUS_CLASSES[cell.status]
    if cell.level is not None:
        classes = f"{classes} l{cell.level}" if classes else f"l{cell.level}"
        symbol = symbols.get(cell.level, str(cell.level))
    elif cell.required:
        classes += " l0"
        symbol = not_trained
    else:
        symbol = ""
    if cell.proposed is not None:
        classes += " pro"
    attributes = f' class="{classes.strip()}"' if classes.strip() else ""
    if cell.required:
        attributes += f' data-r="{cell.required}"'
    if cell.proposed is not None:
        attributes += f' data-p="{cell.proposed}"'
    if assessable:
        return f"<td{attributes}><button>{symbol}</button></td>"
    return f"<td{attributes}>{symbol}</td>"
