"""Company and collective-agreement policies (cao, CCT, or the company's own rules).

A policy is data: which interview kind it requires, of whom, when the first one is due
and how often after that. Examples from the spec:

    CompanyPolicy("ACME-ANNUAL", "annual_review", period_months=12,
                  categories=frozenset({"operator"}))
    CompanyPolicy("ACME-PROBATION", "probation_review", first_due_months=6, period_months=None)
    CompanyPolicy("NL-CAO-METAAL", "annual_review", first_due_months=6, period_months=12,
                  countries=frozenset({"NL"}), start=date(2026, 1, 1))

Its chain works like the legal periodic one: every interview of the policy's kind closes
the running obligation and the next one is counted from it. Legal interviews never meet a
company policy unless listed in `met_by_kinds`, and company interviews never restart the
legal clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from operator import attrgetter

from .dates import add_months
from .facts import EmployeeFacts, Employer, HeldInterview
from .results import (
    MET,
    MISSED,
    NOT_REQUIRED,
    Obligation,
    Status,
    left_on,
    new_obligation,
    open_status,
    rule_form,
)


@dataclass(frozen=True, slots=True)
class CompanyPolicy:
    """One interview schedule that a company or an agreement imposes.

    Selection: each non-empty set must contain the matching fact (an empty set selects
    everyone), so `countries={"BE", "NL"}, categories={"operator"}` means Benelux operators.
    """

    code: str
    kind: str
    # Months after hire for the first interview; None: the first is due one period after
    # hire (or after `start` for people hired before the policy existed).
    first_due_months: int | None = None
    # Months between interviews; None for a one-off interview (end of probation...).
    period_months: int | None = 12
    start: dt.date | None = None
    end: dt.date | None = None
    countries: frozenset[str] = frozenset()
    legal_entities: frozenset[str] = frozenset()
    sites: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    # Interview kinds that meet it; empty means only `kind`.
    met_by_kinds: frozenset[str] = frozenset()
    accepted: frozenset[str] = field(init=False, repr=False, compare=False)
    # Rule arguments shared by all the obligations of this policy, see `_AFTER`.
    rule_args: tuple[tuple[object, ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.first_due_months is None and self.period_months is None:
            raise ValueError(f"policy {self.code}: set first_due_months or period_months")
        object.__setattr__(self, "accepted", self.met_by_kinds or frozenset({self.kind}))
        code, kind = self.code, self.kind
        object.__setattr__(
            self,
            "rule_args",
            (
                (code, kind, self.first_due_months, "hire"),
                (code, kind, self.period_months, "hire"),
                (code, kind, self.period_months, "the start of the policy"),
                (code, kind, self.period_months, "the last one"),
            ),
        )

    def applies_to(self, employer: Employer, facts: EmployeeFacts) -> bool:
        return (
            (not self.countries or employer.country in self.countries)
            and (not self.legal_entities or employer.legal_entity in self.legal_entities)
            and (not self.sites or facts.site in self.sites)
            and (not self.categories or facts.category in self.categories)
        )

    def in_force(self, on: dt.date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    def selects(self, employer: Employer, facts: EmployeeFacts, on: dt.date) -> bool:
        """In force on `on` and applying to this employee."""
        start, end = self.start, self.end
        return (
            (start is None or start <= on)
            and (end is None or on <= end)
            and (not self.countries or employer.country in self.countries)
            and (not self.legal_entities or employer.legal_entity in self.legal_entities)
            and (not self.sites or facts.site in self.sites)
            and (not self.categories or facts.category in self.categories)
        )


# What a company policy's period is counted from, and its language-neutral code.
_SINCE_CODES = {"hire": "hire", "the start of the policy": "policy_start", "the last one": "last"}
_FIELDS = {
    "policy": 0,
    "kind": 1,
    "months": 2,
    "since": (3, _SINCE_CODES.__getitem__),
    "counted_from": "counted_from",
    "due": "due",
}
_AFTER = rule_form(
    "company_after", "{0}: {1} {2} months after {3} ({o.counted_from}) = {o.due}.", **_FIELDS
)
_EVERY = rule_form(
    "company_every",
    "{0}: {1} every {2} months, counted from {3} ({o.counted_from}) = {o.due}.",
    **_FIELDS,
)
_FIRST, _HIRE, _START, _LAST = range(4)


def assess_policy(
    policy: CompanyPolicy,
    facts: EmployeeFacts,
    on: dt.date,
    soon: dt.date,
    out: list[Obligation],
) -> None:
    """Append the obligations of one company policy (already known to apply) to `out`."""
    hire = facts.hire_date
    if hire > on:
        return
    code = policy.code
    kind = policy.kind
    period = policy.period_months
    first_months = policy.first_due_months
    leaving = facts.leaving_date
    if leaving is not None and leaving > on:
        leaving = None
    start = policy.start if policy.start is not None and policy.start > hire else hire

    # The first obligation is counted from hire while that date falls in the policy's life;
    # people hired before the policy existed start one period after its start.
    due: dt.date | None = None
    counted_from = start
    which = _FIRST
    if first_months is not None:
        first_due = add_months(hire, first_months)
        if first_due >= start:
            due, counted_from = first_due, hire
    if due is None:
        if period is None:
            # A one-off interview whose moment passed before the policy existed.
            return
        due = add_months(start, period)
        which = _HIRE if start == hire else _START
    template = _AFTER
    shared = policy.rule_args

    accepted = policy.accepted
    held = [
        iv
        for iv in facts.interviews
        if iv.kind in accepted and not iv.declined and counted_from <= iv.date <= on
    ]
    if len(held) > 1:
        held.sort(key=_date_of)
    idx = 0
    prev: dt.date | None = None
    while True:
        if policy.end is not None and due > policy.end:
            return
        met_by: HeldInterview | None = None
        while idx < len(held):
            iv = held[idx]
            idx += 1
            # Two interviews on one day close one period, not two.
            if iv.date != prev:
                met_by = iv
                break
        reason: str | None = None
        status: Status
        if met_by is not None:
            status = MET if met_by.date <= due else MISSED
        elif leaving is not None and due > leaving:
            status, reason = NOT_REQUIRED, left_on(leaving)
        else:
            status = open_status(due, on, soon)
        out.append(
            new_obligation(
                kind,
                due,
                counted_from,
                status,
                met_by,
                reason,
                code,
                counted_from,
                template,
                shared[which],
            )
        )
        if met_by is None or period is None:
            return
        prev = counted_from = met_by.date
        due, template, which = add_months(counted_from, period), _EVERY, _LAST


_date_of = attrgetter("date")
