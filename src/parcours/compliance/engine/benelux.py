"""Belgium and the Netherlands: no legal interview schedule.

Employees there are followed under their company or agreement policies only. Belgium
still puts two training duties on employers of 20+ workers (law of 3 Oct 2022), which the
assessment shows as employer duties rather than interview obligations. CCT 104's
employment plan for workers aged 45+ is collective and owes no individual interview, so it
is not listed.
"""

from __future__ import annotations

import datetime as dt

from .facts import Employer
from .results import EmployerDuty

BE = "BE"
NL = "NL"

BE_TRAINING_STAFF = 20
# Individual training right per FTE and calendar year (law of 3 Oct 2022): 4 days in 2023,
# 5 days from 2024. Years before 2023 owe nothing under this law.
_BE_TRAINING_DAYS = ((dt.date(2024, 1, 1), 5), (dt.date(2023, 1, 1), 4))
_PLAN_UNIT = "training plan for the calendar year"
_DAYS_UNIT = "training days per FTE per year"


def belgian_duties(employer: Employer, on: dt.date) -> tuple[EmployerDuty, ...]:
    if employer.staff < BE_TRAINING_STAFF:
        return ()
    # The same for every employee assessed on that date.
    duties = _duties.get(on)
    if duties is None:
        if len(_duties) > 64:
            _duties.clear()
        duties = _duties[on] = _duties_on(on)
    return duties


_duties: dict[dt.date, tuple[EmployerDuty, ...]] = {}


def _duties_on(on: dt.date) -> tuple[EmployerDuty, ...]:
    days = next((n for since, n in _BE_TRAINING_DAYS if on >= since), 0)
    if days == 0:
        return ()
    # The plan for year Y is due on 31 March of Y; once that is past, the next one matters.
    plan_due = dt.date(on.year, 3, 31)
    if on > plan_due:
        plan_due = dt.date(on.year + 1, 3, 31)
    return (
        EmployerDuty(
            "training_days",
            None,
            days,
            _DAYS_UNIT,
            f"BE individual training right (law of 3 Oct 2022): employers of"
            f" {BE_TRAINING_STAFF}+ workers owe {days} training days per FTE in {on.year}.",
            "be_training_days",
            {"staff": BE_TRAINING_STAFF, "days": days, "year": on.year},
        ),
        EmployerDuty(
            "training_plan",
            plan_due,
            None,
            _PLAN_UNIT,
            f"BE law of 3 Oct 2022: employers of {BE_TRAINING_STAFF}+ workers adopt a training"
            f" plan by 31 March each year; next due {plan_due.isoformat()}.",
            "be_training_plan",
            {"staff": BE_TRAINING_STAFF, "due": plan_due.isoformat()},
        ),
    )
