"""Properties of the engine over generated employees (hypothesis)."""

from __future__ import annotations

import copy
import dataclasses
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from parcours.compliance import (
    LEAVE_KINDS,
    Assessment,
    CompanyPolicy,
    EmployeeFacts,
    Employer,
    HeldInterview,
    Leave,
    Training,
    assess,
)

# Every topic some obligation may require of an interview.
ALL_TOPICS = ("end_of_career",)
INTERVIEW_KINDS = ("periodic", "periodic", "return", "summary", "mid_career", "annual_review")
POLICIES = (
    CompanyPolicy("ANNUAL", "annual_review", period_months=12, categories=frozenset({"operator"})),
    CompanyPolicy("PROBATION", "probation_review", first_due_months=3, period_months=None),
    CompanyPolicy(
        "CAO",
        "annual_review",
        first_due_months=6,
        countries=frozenset({"NL"}),
        start=date(2022, 1, 1),
    ),
)


@st.composite
def employers(draw: st.DrawFn) -> Employer:
    country = draw(st.sampled_from(("FR", "FR", "FR", "FR", "BE", "NL")))
    years = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=6)))
    return Employer(
        country=country,
        headcount=draw(st.integers(min_value=5, max_value=500)),
        agreement_years=years,
        agreement_before_reform=draw(st.booleans()),
    )


Case = tuple[Employer, EmployeeFacts, date]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """An employer, an employee and an evaluation date, mostly during the employment.

    Interviews follow each other at a plausible pace (some late) and the evaluation date
    falls near the last of them, where due dates are decided.
    """
    hire = date(2009, 1, 1) + timedelta(days=draw(st.integers(min_value=0, max_value=7700)))
    interviews = []
    day = hire
    # A working life: interviews at a legal pace, now and then a late one.
    for _ in range(draw(st.integers(min_value=0, max_value=10))):
        late = draw(st.integers(min_value=0, max_value=6)) == 0
        gap = st.integers(min_value=700, max_value=1600) if late else st.integers(30, 700)
        day += timedelta(days=draw(gap))
        interviews.append(
            HeldInterview(
                date=day,
                kind=draw(st.sampled_from(INTERVIEW_KINDS)),
                topics=draw(st.sampled_from(((), ALL_TOPICS))),
                declined=draw(st.integers(min_value=0, max_value=9)) == 0,
            )
        )
    # Evaluated some time after the last interview (or, now and then, before some).
    on = day + timedelta(days=draw(st.integers(min_value=-400, max_value=1500)))
    span = max((on - hire).days, 0) + 400

    def during() -> date:
        return hire + timedelta(days=draw(st.integers(min_value=0, max_value=span)))

    leaves = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        first = during()
        last = first + timedelta(days=draw(st.integers(min_value=0, max_value=500)))
        back = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=5)))
        leaves.append(
            Leave(
                kind=draw(st.sampled_from(sorted(LEAVE_KINDS))),
                first_day=first,
                last_day=last,
                return_date=None if back is None else last + timedelta(days=back),
            )
        )
    trainings = [
        Training(date=during(), mandatory=draw(st.booleans()))
        for _ in range(draw(st.integers(min_value=0, max_value=3)))
    ]
    age = draw(st.one_of(st.none(), st.integers(min_value=18 * 365, max_value=64 * 365)))
    facts = EmployeeFacts(
        hire_date=hire,
        birth_date=None if age is None else hire - timedelta(days=age),
        leaves=leaves,
        interviews=interviews,
        trainings=trainings,
        mid_career_visit=draw(st.one_of(st.none(), st.builds(during))),
        leaving_date=draw(st.one_of(st.none(), st.builds(during))),
        category=draw(st.sampled_from((None, "operator", "technician"))),
    )
    return draw(employers()), facts, on


def run(employer: Employer, facts: EmployeeFacts, on: date) -> Assessment:
    return assess(employer, facts, on, policies=POLICIES)


def overdue(result: Assessment) -> list[tuple[str, date]]:
    return sorted((o.kind, o.due) for o in result.obligations if o.status == "overdue")


def unexplained(before: list[tuple[str, date]], after: list[tuple[str, date]]) -> list:
    """The overdue obligations of `after` that no overdue obligation of `before` explains.

    Obligation by obligation: an overdue one after the interview is explained by a distinct
    overdue one of the same kind before it, due the same day or earlier (the interview
    may close an overdue period and start the next one, which can be overdue in turn, but
    later). Anything left over is an obligation the interview made overdue."""
    pool = list(before)
    left = []
    for kind, due in after:
        match = next((i for i, (k, d) in enumerate(pool) if k == kind and d <= due), None)
        if match is None:
            left.append((kind, due))
        else:
            pool.pop(match)
    return left


def test_the_comparison_is_per_obligation() -> None:
    d = date(2025, 1, 1)
    later = date(2026, 1, 1)
    assert unexplained([("periodic", d)], [("periodic", later)]) == []
    # Same counts per kind but an earlier due date: not explained.
    assert unexplained([("periodic", later)], [("periodic", d)]) == [("periodic", d)]
    # Two overdue after, one before: the second is new.
    assert unexplained([("periodic", d)], [("periodic", d), ("periodic", later)]) == [
        ("periodic", later)
    ]
    assert unexplained([("summary", d)], [("periodic", later)]) == [("periodic", later)]


@settings(max_examples=200, deadline=None, database=None)
@given(cases(), st.data())
def test_it_never_adds_an_overdue_obligation_when_an_interview_covers_every_topic(
    case: Case, data: st.DataObject
) -> None:
    employer, facts, on = case
    if facts.hire_date > on:
        return
    # Mostly a recent interview, the one HR would hold now, so it often becomes the last.
    earliest = max(facts.hire_date, on - timedelta(days=1500))
    held_on = earliest + timedelta(
        days=data.draw(st.integers(min_value=0, max_value=(on - earliest).days))
    )
    if data.draw(st.integers(min_value=0, max_value=3)) == 0:
        held_on = on  # the interview HR holds today
    covering = HeldInterview(held_on, "periodic", ALL_TOPICS)
    with_interview = dataclasses.replace(facts, interviews=[*facts.interviews, covering])

    before = run(employer, facts, on)
    after = run(employer, with_interview, on)

    added = unexplained(overdue(before), overdue(after))
    assert not added, (added, before.obligations, after.obligations)
    # Held today, it closes every overdue legal interview but the summary (a periodic
    # interview is not a summary), late but closed.
    if held_on == on:
        still = [
            o
            for o in after.obligations
            if o.status == "overdue" and o.kind in ("periodic", "return", "end_of_career")
        ]
        assert not still, (still, after.obligations)


@settings(max_examples=100, deadline=None, database=None)
@given(cases())
def test_it_never_puts_a_due_date_before_the_facts_it_is_counted_from(case: Case) -> None:
    employer, facts, on = case
    result = run(employer, facts, on)

    for o in result.obligations:
        assert o.earliest <= o.due, o
        assert o.counted_from <= o.due, o
        if o.kind in ("end_of_career",):
            assert facts.birth_date is not None and o.counted_from == facts.birth_date
        else:
            assert o.counted_from >= facts.hire_date, o
        if o.kind == "return":
            # Counted from the return, which follows the last day of the leave.
            assert any(lv.last_day < o.counted_from for lv in facts.leaves), o
        if o.kind == "mid_career":
            assert o.counted_from == facts.mid_career_visit
        if o.met_by is not None:
            assert o.met_by.date <= on


@settings(max_examples=50, deadline=None, database=None)
@given(cases())
def test_it_gives_the_same_result_for_the_same_input(case: Case) -> None:
    employer, facts, on = case
    first = run(employer, facts, on)
    again = run(copy.deepcopy(employer), copy.deepcopy(facts), on)

    assert first == again
    assert first.to_dict() == again.to_dict()


@settings(max_examples=80, deadline=None, database=None)
@given(cases())
def test_it_ignores_every_fact_dated_after_the_evaluation_date(case: Case) -> None:
    employer, facts, on = case
    known = dataclasses.replace(
        facts,
        leaves=[
            lv
            if lv.return_date is None or lv.return_date <= on
            else Leave(lv.kind, lv.first_day, lv.last_day)
            for lv in facts.leaves
            if lv.first_day <= on
        ],
        interviews=[i for i in facts.interviews if i.date <= on],
        trainings=[t for t in facts.trainings if t.date <= on],
        mid_career_visit=facts.mid_career_visit
        if facts.mid_career_visit is not None and facts.mid_career_visit <= on
        else None,
        leaving_date=facts.leaving_date
        if facts.leaving_date is not None and facts.leaving_date <= on
        else None,
    )

    assert run(employer, facts, on) == run(employer, known, on)
