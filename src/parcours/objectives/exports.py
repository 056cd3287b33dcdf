"""The HR list of objectives as an Excel workbook."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _


def objectives_xlsx(objectives) -> bytes:
    """One row per objective, with its holder, target, result and evaluation."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Objectives")[:31]
    headers = [
        _("Site"),
        _("Level"),
        _("Employee number"),
        _("Employee, team or department"),
        _("Team"),
        _("Objective"),
        _("Indicator"),
        _("Unit"),
        _("Baseline"),
        _("Target"),
        _("Conditions for success"),
        _("From"),
        _("Deadline"),
        _("Weight (%)"),
        _("Contributes to"),
        _("Status"),
        _("Reason"),
        _("Last check-in"),
        _("Evaluation"),
        _("Measured value"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for objective in objectives:
        holder = objective.holder
        owner = objective.owner
        sheet.append(
            [
                objective.site.name,
                objective.get_level_display(),
                owner.employee_number if owner else "",
                owner.full_name if owner else str(holder),
                (owner.team.name if owner and owner.team_id else "")
                if owner
                else (objective.team.name if objective.team_id else ""),
                objective.title,
                objective.indicator,
                objective.unit,
                objective.baseline,
                objective.target,
                "\n".join(objective.conditions or []),
                objective.period_start,
                objective.period_end,
                objective.weight,
                objective.contributes_to.title if objective.contributes_to_id else "",
                objective.get_status_display(),
                objective.status_reason,
                objective.last_checkin,
                objective.grade or "",
                objective.result,
            ]
        )
    for index, width in enumerate(
        [16, 12, 14, 28, 16, 40, 24, 8, 10, 10, 40, 12, 12, 8, 30, 16, 24, 12, 10, 12], start=1
    ):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for column in ("L", "M", "R"):
        for cell in sheet[column][1:]:
            cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
