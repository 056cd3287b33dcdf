"""Sections other apps add to the employee page (objectives, trainings, obligations...).

Each app registers a panel from its `ready()`:

    from parcours.core.panels import EmployeePanel, register_employee_panel

    register_employee_panel(EmployeePanel(code="objectives", label=_("Objectives"),
                                          url_name="objectives:employee_panel", order=30))

The employee page loads each panel from `reverse(url_name, args=[employee.pk])` with
htmx when the page opens (a plain link when JavaScript is off), so every panel keeps its
own fixed query count and its own permission check: the panel view must answer 404 for
an employee outside the user's scope, and 403 when the user sees the employee but not
this part of their file. `visible(user, employee)` (optional, no query please) hides the
panel for users who may not see it at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_PANELS: dict[str, EmployeePanel] = {}


@dataclass(frozen=True)
class EmployeePanel:
    code: str
    label: Any
    url_name: str
    order: int = 100
    visible: Callable[[Any, Any], bool] | None = None


def register_employee_panel(panel: EmployeePanel) -> None:
    existing = _PANELS.get(panel.code)
    if existing is not None and existing != panel:
        raise ValueError(f"Another employee panel is already registered as {panel.code!r}.")
    _PANELS[panel.code] = panel


def employee_panels(user, employee) -> list[EmployeePanel]:
    return [
        panel
        for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.code))
        if panel.visible is None or panel.visible(user, employee)
    ]
