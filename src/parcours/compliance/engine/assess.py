"""The single entry point: every obligation of one employee as of one date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from operator import attrgetter

from .benelux import BE, NL, belgian_duties
from .company import CompanyPolicy, assess_policy
from .facts import DEFAULT_SETTINGS, EmployeeFacts, Employer, Settings
from .france import assess_france
from .results import NO_PENALTY, Assessment, EmployerDuty, Obligation, new_assessment

# Stable: obligations due the same day keep the order the rules produced them in.
_order = attrgetter("due")
_NO_DUTIES: tuple[EmployerDuty, ...] = ()
# End of the due-soon window by (evaluation date, window): a run shares one.
_soon: dict[tuple[dt.date, int], dt.date] = {}


def assess(
    employer: Employer,
    facts: EmployeeFacts,
    on: dt.date,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    policies: Sequence[CompanyPolicy] = (),
) -> Assessment:
    """Assess one employee as of `on`, with the rules in force on that date.

    Facts dated after `on` are ignored. Company `policies` that select this employee and are
    in force on `on` are evaluated next to the legal ones.
    """
    obligations: list[Obligation] = []
    penalty = NO_PENALTY
    duties = _NO_DUTIES
    country = employer.country
    if country == "FR":
        legal, penalty = assess_france(employer, facts, on, settings, obligations)
    elif country == BE:
        legal = BE
        duties = belgian_duties(employer, on)
    elif country == NL:
        legal = NL
    else:
        legal = country
    applied = [legal]
    if policies:
        soon = _soon.get((on, settings.due_soon_days))
        if soon is None:
            if len(_soon) > 64:
                _soon.clear()
            soon = _soon[on, settings.due_soon_days] = on + dt.timedelta(
                days=settings.due_soon_days
            )
        for policy in policies:
            if policy.selects(employer, facts, on):
                applied.append(policy.code)
                assess_policy(policy, facts, on, soon, obligations)
    # Belgian and Dutch employees are shown under their company or agreement policy.
    shown = applied[1] if country != "FR" and len(applied) > 1 else legal
    obligations.sort(key=_order)
    return new_assessment(on, shown, tuple(applied), tuple(obligations), penalty, duties)
