"""The training plan as an Excel workbook: the summary against the budget, the breakdowns
by category, skill domain and month, and every request."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.training.choices import RequestOrigin, RequestStatus
from parcours.training.selectors import PLAN_STATUSES, Plan


def plan_xlsx(plan: Plan) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    summary.append([_("Training plan"), str(plan.site), plan.year])
    summary["A1"].font = bold
    summary.append([])
    budget = plan.budget
    for label, value in [
        (_("Budget (EUR)"), budget.budget),
        (_("Done (EUR)"), budget.spent),
        (_("Approved and planned (EUR)"), budget.committed),
        (_("Remaining (EUR)"), budget.remaining),
        (_("Waiting for a decision (EUR)"), budget.requested),
        (_("Refused"), plan.refused),
        (_("Cancelled"), plan.cancelled),
    ]:
        summary.append([label, float(value) if value is not None else None])
    summary.column_dimensions["A"].width = 34

    def breakdown(title: str, lines) -> None:
        sheet = workbook.create_sheet(title[:31])
        header = [title]
        for status in PLAN_STATUSES:
            label = str(RequestStatus(status).label)
            header += [label, f"{label} (EUR)"]
        sheet.append(header + [_("Approved, planned and done (EUR)")])
        for cell in sheet[1]:
            cell.font = bold
        for line in [*lines, plan.totals]:
            row = [str(line.label)]
            for cell in line.ordered():
                row += [cell.count, float(cell.cost)]
            sheet.append(row + [float(line.cost)])
        sheet.column_dimensions["A"].width = 28
        sheet.freeze_panes = "B2"

    breakdown(_("Category"), plan.by_category)
    breakdown(_("Skill domain"), plan.by_domain)
    breakdown(_("Month"), plan.by_month)

    sheet = workbook.create_sheet(_("Requests")[:31])
    sheet.append(
        [
            _("Employee"),
            _("Category"),
            _("Training"),
            _("Skill domain"),
            _("Asked from"),
            _("Asked on"),
            _("Session"),
            _("Status"),
            _("Cost (EUR)"),
            _("Time to decision (days)"),
        ]
    )
    for cell in sheet[1]:
        cell.font = bold
    for row in plan.rows:
        delay = row["decision_delay"]
        sheet.append(
            [
                row["name"],
                row["category"],
                row["display_title"],
                row["domain"],
                str(RequestOrigin(row["origin"]).label),
                timezone.localtime(row["created_at"]).date(),
                row["session__starts_on"],
                str(row["status_label"]),
                float(row["cost"]) if row["cost"] is not None else None,
                round(delay.total_seconds() / 86400, 1) if delay is not None else None,
            ]
        )
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJ", [26, 16, 34, 18, 20, 12, 12, 22, 10, 12], strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
