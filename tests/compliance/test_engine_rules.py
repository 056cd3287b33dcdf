"""Cases derived from the rules of docs/compliance-rules.md beyond the worked cases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from parcours.compliance import (
    Assessment,
    CompanyPolicy,
    EmployeeFacts,
    Employer,
    HeldInterview,
    Leave,
    Obligation,
    Settings,
    Training,
    assess,
)
from parcours.compliance.engine.dates import add_months, add_years, end_of_next_quarter

FR_120 = Employer(country="FR", headcount=120)


def periodic(day: date, topics: tuple[str, ...] = ()) -> HeldInterview:
    return HeldInterview(date=day, kind="periodic", topics=topics)


def of_kind(result: Assessment, kind: str) -> list[Obligation]:
    return [o for o in result.obligations if o.kind == kind]


def running(result: Assessment, kind: str) -> Obligation:
    found = [
        o
        for o in result.obligations
        if o.kind == kind and o.met_by is None and o.status not in ("missed", "not_required")
    ]
    assert len(found) == 1, [(o.kind, o.due, o.status) for o in result.obligations]
    return found[0]


# -- calendar ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (date(2024, 2, 29), 1, date(2025, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2024, 2, 29), 2, date(2026, 2, 28)),
        (date(2023, 2, 28), 1, date(2024, 2, 28)),
        (date(2025, 10, 26), 1, date(2026, 10, 26)),
        (date(2032, 2, 29), -1, date(2031, 2, 28)),
    ],
)
def test_it_adds_years_keeping_day_and_month_and_29_february_becomes_28(
    start: date, years: int, expected: date
) -> None:
    assert add_years(start, years) == expected


def test_it_adds_months_clamping_to_the_end_of_a_shorter_month() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2026, 5, 20), 2) == date(2026, 7, 20)
    assert add_months(date(2026, 4, 27), -12) == date(2025, 4, 27)


def test_it_finds_the_last_day_of_the_following_quarter() -> None:
    assert end_of_next_quarter(date(2025, 2, 20)) == date(2025, 6, 30)
    assert end_of_next_quarter(date(2025, 12, 31)) == date(2026, 3, 31)
    assert end_of_next_quarter(date(2025, 9, 30)) == date(2025, 12, 31)


# -- as of ------------------------------------------------------------------------------


def test_it_ignores_facts_dated_after_the_evaluation_date() -> None:
    on = date(2026, 3, 1)
    known = EmployeeFacts(
        hire_date=date(2021, 4, 12),
        interviews=[periodic(date(2023, 4, 3))],
        leaves=[Leave("maternity", date(2025, 6, 2), date(2026, 2, 1))],
    )
    with_future = EmployeeFacts(
        hire_date=known.hire_date,
        interviews=[*known.interviews, periodic(date(2026, 3, 2)), periodic(date(2027, 1, 5))],
        leaves=[
            # The actual return after the evaluation date is not known yet either.
            Leave("maternity", date(2025, 6, 2), date(2026, 2, 1), return_date=date(2026, 3, 9)),
            Leave("sabbatical", date(2026, 4, 1), date(2026, 12, 31)),
        ],
        trainings=[Training(date(2026, 5, 1))],
        mid_career_visit=date(2026, 6, 1),
        leaving_date=date(2026, 9, 30),
    )

    assert assess(FR_120, with_future, on=on) == assess(FR_120, known, on=on)


def test_it_applies_the_rules_in_force_on_the_evaluation_date() -> None:
    facts = EmployeeFacts(hire_date=date(2022, 3, 1), interviews=[periodic(date(2024, 3, 1))])

    before = assess(FR_120, facts, on=date(2025, 6, 1))
    after = assess(FR_120, facts, on=date(2025, 11, 1))

    assert (before.policy, running(before, "periodic").due) == ("FR-EP-2019", date(2026, 3, 1))
    assert (after.policy, running(after, "periodic").due) == ("FR-EPP-2025", date(2028, 3, 1))


def test_it_applies_the_covid_relief_only_once_it_existed() -> None:
    facts = EmployeeFacts(hire_date=date(2018, 5, 10))

    in_2019 = running(assess(FR_120, facts, on=date(2019, 12, 1)), "periodic")
    in_2020 = running(assess(FR_120, facts, on=date(2020, 6, 1)), "periodic")
    in_2021 = running(assess(FR_120, facts, on=date(2021, 7, 1)), "periodic")

    assert (in_2019.due, in_2019.status) == (date(2020, 5, 10), "upcoming")
    assert (in_2020.due, in_2020.status) == (date(2021, 6, 30), "upcoming")
    assert "COVID" in in_2020.rule
    assert (in_2021.due, in_2021.status) == (date(2021, 6, 30), "overdue")


def test_it_names_the_policy_in_force_on_each_date() -> None:
    facts = EmployeeFacts(hire_date=date(2010, 1, 4))
    deferred = Employer("FR", 120, agreement_years=3, agreement_before_reform=True)

    assert assess(FR_120, facts, on=date(2013, 6, 1)).policy == "FR-PRE-2014"
    assert assess(FR_120, facts, on=date(2016, 6, 1)).policy == "FR-EP-2014"
    assert assess(FR_120, facts, on=date(2025, 10, 25)).policy == "FR-EP-2019"
    assert assess(FR_120, facts, on=date(2025, 10, 26)).policy == "FR-EPP-2025"
    assert assess(deferred, facts, on=date(2026, 9, 30)).policy == "FR-EP-2019"
    assert assess(deferred, facts, on=date(2026, 10, 1)).policy == "FR-EPP-2025"


def test_it_anchors_the_first_cycle_on_7_march_2014_for_earlier_hires() -> None:
    facts = EmployeeFacts(hire_date=date(2009, 9, 1))

    result = assess(FR_120, facts, on=date(2016, 6, 1))

    assert result.policy == "FR-EP-2014"
    first = running(result, "periodic")
    assert (first.earliest, first.due, first.status) == (
        date(2014, 3, 7),
        date(2016, 3, 7),
        "overdue",
    )
    assert running(result, "summary").due == date(2020, 3, 7)


def test_it_credits_100_hours_under_fr_ep_2014_when_the_summary_would_fail() -> None:
    facts = EmployeeFacts(hire_date=date(2014, 9, 1))

    result = assess(FR_120, facts, on=date(2017, 1, 2))

    assert result.penalty.at_risk is True
    assert (result.penalty.cpf_hours, result.penalty.amount_eur) == (100, 0)
    assert result.penalty.projected is True


# -- leaves and return interviews -------------------------------------------------------


def test_it_joins_leaves_separated_only_by_a_weekend_into_one_return() -> None:
    facts = EmployeeFacts(
        hire_date=date(2022, 1, 3),
        leaves=[
            Leave("maternity", date(2025, 12, 1), date(2026, 4, 24)),  # ends on a Friday
            Leave("parental", date(2026, 4, 27), date(2026, 9, 30)),  # starts on the Monday
        ],
    )

    returns = of_kind(assess(FR_120, facts, on=date(2026, 10, 5)), "return")

    assert [(r.earliest, r.counted_from, r.due) for r in returns] == [
        (date(2025, 12, 1), date(2026, 10, 1), date(2026, 10, 31))
    ]


def test_it_keeps_leaves_with_a_working_day_between_them_apart() -> None:
    facts = EmployeeFacts(
        hire_date=date(2022, 1, 3),
        leaves=[
            Leave("maternity", date(2025, 12, 1), date(2026, 4, 23)),  # ends on a Thursday
            Leave("parental", date(2026, 4, 27), date(2026, 9, 30)),
        ],
    )

    returns = of_kind(assess(FR_120, facts, on=date(2026, 10, 5)), "return")

    assert [r.due for r in returns] == [date(2026, 5, 24), date(2026, 10, 31)]


def test_it_counts_consecutive_long_illness_parts_together_towards_six_months() -> None:
    parts = [
        Leave("long_illness", date(2025, 11, 3), date(2026, 2, 28)),
        Leave("long_illness", date(2026, 3, 1), date(2026, 5, 31)),
    ]
    split = EmployeeFacts(hire_date=date(2020, 1, 6), leaves=parts)
    short = EmployeeFacts(hire_date=date(2020, 1, 6), leaves=parts[:1])

    (joined,) = of_kind(assess(FR_120, split, on=date(2026, 6, 10)), "return")
    (alone,) = of_kind(assess(FR_120, short, on=date(2026, 6, 10)), "return")

    assert (joined.due, joined.status) == (date(2026, 7, 1), "due_soon")
    assert alone.status == "not_required"
    assert "6-month minimum" in (alone.reason or "")


def test_it_reads_the_long_illness_minimum_and_the_return_deadline_from_settings() -> None:
    facts = EmployeeFacts(
        hire_date=date(2020, 1, 6),
        leaves=[Leave("long_illness", date(2025, 11, 3), date(2026, 2, 28))],
    )
    settings = Settings(long_illness_min_months=3, return_deadline_days=45)

    (ob,) = of_kind(assess(FR_120, facts, on=date(2026, 3, 10), settings=settings), "return")

    assert (ob.due, ob.status) == (date(2026, 4, 15), "due_soon")


def test_it_waives_the_return_interview_after_an_interview_in_the_last_12_months() -> None:
    facts = EmployeeFacts(
        hire_date=date(2021, 9, 1),
        interviews=[periodic(date(2025, 12, 1))],
        leaves=[Leave("maternity", date(2026, 1, 5), date(2026, 4, 26))],
    )

    (ob,) = of_kind(assess(FR_120, facts, on=date(2026, 6, 1)), "return")

    assert ob.status == "not_required"
    assert "2025-12-01" in (ob.reason or "")


def test_it_requires_the_return_interview_regardless_before_the_reform() -> None:
    facts = EmployeeFacts(
        hire_date=date(2021, 9, 1),
        interviews=[periodic(date(2024, 6, 3))],
        leaves=[Leave("maternity", date(2024, 9, 2), date(2024, 12, 20))],
    )

    (ob,) = of_kind(assess(FR_120, facts, on=date(2025, 3, 1)), "return")

    assert (ob.policy, ob.due, ob.status) == ("FR-EP-2019", date(2025, 1, 20), "overdue")


def test_it_counts_a_declined_return_interview_as_met_and_nothing_else() -> None:
    declined = HeldInterview(date(2026, 5, 6), "return", declined=True)
    facts = EmployeeFacts(
        hire_date=date(2021, 9, 1),
        interviews=[periodic(date(2023, 9, 4)), declined],
        leaves=[Leave("adoption", date(2025, 1, 6), date(2026, 4, 26))],
    )

    result = assess(FR_120, facts, on=date(2026, 6, 1))

    (ob,) = of_kind(result, "return")
    assert (ob.status, ob.met_by) == ("met", declined)
    # The refusal does not restart the periodic clock.
    assert running(result, "periodic").counted_from == date(2023, 9, 4)


def test_it_accepts_a_return_interview_held_during_the_leave_at_the_employees_request() -> None:
    early = HeldInterview(date(2026, 3, 16), "return")
    facts = EmployeeFacts(
        hire_date=date(2021, 9, 1),
        interviews=[early],
        leaves=[Leave("parental", date(2025, 1, 6), date(2026, 4, 26))],
    )

    (ob,) = of_kind(assess(FR_120, facts, on=date(2026, 6, 1)), "return")

    assert (ob.status, ob.met_by) == ("met", early)


def test_it_requires_a_return_after_secured_mobility_only_from_300_staff_after_the_reform() -> None:
    facts = EmployeeFacts(
        hire_date=date(2019, 9, 2),
        interviews=[periodic(date(2023, 9, 4))],
        leaves=[Leave("secured_mobility", date(2025, 11, 3), date(2026, 4, 30))],
    )
    on = date(2026, 5, 15)

    (small,) = of_kind(assess(FR_120, facts, on=on), "return")
    (large,) = of_kind(assess(Employer("FR", 300), facts, on=on), "return")

    assert small.status == "not_required"
    assert "300" in (small.reason or "")
    assert (large.due, large.status) == (date(2026, 5, 31), "due_soon")


def test_it_ignores_ordinary_sickness_and_vacation_for_return_interviews() -> None:
    facts = EmployeeFacts(
        hire_date=date(2021, 9, 1),
        leaves=[
            Leave("sick", date(2025, 1, 6), date(2025, 12, 19)),
            Leave("vacation", date(2025, 12, 22), date(2026, 1, 2)),
        ],
    )

    assert of_kind(assess(FR_120, facts, on=date(2026, 3, 1)), "return") == []


# -- FR-EPP-2025 working time -----------------------------------------------------------


def test_it_moves_due_dates_by_unpaid_leave_but_not_by_maternity() -> None:
    base = EmployeeFacts(hire_date=date(2025, 11, 3), interviews=[periodic(date(2026, 1, 12))])
    unpaid = EmployeeFacts(
        hire_date=base.hire_date,
        interviews=base.interviews,
        leaves=[Leave("unpaid", date(2026, 2, 2), date(2026, 2, 11))],
    )
    maternity = EmployeeFacts(
        hire_date=base.hire_date,
        interviews=base.interviews,
        leaves=[Leave("maternity", date(2026, 2, 2), date(2026, 5, 31))],
    )
    on = date(2026, 6, 1)

    assert running(assess(FR_120, base, on=on), "periodic").due == date(2030, 1, 12)
    assert running(assess(FR_120, unpaid, on=on), "periodic").due == date(2030, 1, 22)
    assert running(assess(FR_120, maternity, on=on), "periodic").due == date(2030, 1, 12)


def test_it_lets_sick_leave_stop_counting_as_working_time_by_setting() -> None:
    facts = EmployeeFacts(
        hire_date=date(2025, 11, 3),
        interviews=[periodic(date(2026, 1, 12))],
        leaves=[Leave("sick", date(2026, 2, 2), date(2026, 2, 6))],
    )
    on = date(2026, 3, 1)

    default = running(assess(FR_120, facts, on=on), "periodic")
    excluded = running(
        assess(FR_120, facts, on=on, settings=Settings(sick_counts_as_working_time=False)),
        "periodic",
    )

    assert (default.due, excluded.due) == (date(2030, 1, 12), date(2030, 1, 17))


# -- transition of 26 Oct 2025 ----------------------------------------------------------


def test_it_turns_a_periodic_deadline_running_on_26_october_2025_into_four_years() -> None:
    facts = EmployeeFacts(hire_date=date(2019, 9, 2), interviews=[periodic(date(2024, 11, 4))])

    p = running(assess(FR_120, facts, on=date(2026, 3, 1)), "periodic")

    assert (p.due, p.policy) == (date(2028, 11, 4), "FR-EPP-2025")
    assert "2026-11-04" in p.rule and "2025-10-26" in p.rule


def test_it_turns_a_running_six_year_summary_into_eight_years_from_the_same_anchor() -> None:
    facts = EmployeeFacts(hire_date=date(2021, 4, 12), interviews=[periodic(date(2023, 4, 3))])

    s = running(assess(FR_120, facts, on=date(2026, 3, 1)), "summary")

    assert (s.due, s.counted_from) == (date(2029, 4, 12), date(2021, 4, 12))


def test_it_keeps_a_summary_that_expired_before_the_reform_overdue() -> None:
    facts = EmployeeFacts(
        hire_date=date(2019, 1, 7),
        interviews=[periodic(date(2020, 12, 14)), periodic(date(2022, 12, 5))],
    )

    s = running(assess(FR_120, facts, on=date(2026, 3, 1)), "summary")

    assert (s.due, s.status) == (date(2025, 1, 7), "overdue")


def test_it_gives_a_pre_reform_hire_without_interview_until_26_october_2026_at_most() -> None:
    facts = EmployeeFacts(hire_date=date(2025, 3, 10))

    p = running(assess(FR_120, facts, on=date(2026, 3, 1)), "periodic")

    assert (p.due, p.status) == (date(2026, 10, 26), "upcoming")


def test_it_applies_a_shorter_agreement_period_after_the_reform() -> None:
    employer = Employer("FR", 120, agreement_years=2, agreement_before_reform=False)
    facts = EmployeeFacts(hire_date=date(2023, 3, 6), interviews=[periodic(date(2026, 1, 12))])

    p = running(assess(employer, facts, on=date(2026, 3, 1)), "periodic")

    assert p.due == date(2028, 1, 12)


def test_it_applies_a_pre_reform_agreement_period_before_the_reform_only_if_signed_then() -> None:
    facts = EmployeeFacts(hire_date=date(2021, 3, 1), interviews=[periodic(date(2023, 1, 10))])
    signed_before = Employer("FR", 120, agreement_years=3, agreement_before_reform=True)
    signed_after = Employer("FR", 120, agreement_years=3, agreement_before_reform=False)
    on = date(2024, 6, 1)

    assert running(assess(signed_before, facts, on=on), "periodic").due == date(2026, 1, 10)
    assert running(assess(signed_after, facts, on=on), "periodic").due == date(2025, 1, 10)


# -- summary, penalty and thresholds ----------------------------------------------------


def _missed_and_untrained() -> EmployeeFacts:
    return EmployeeFacts(
        hire_date=date(2019, 3, 1),
        interviews=[periodic(date(2021, 2, 15)), HeldInterview(date(2025, 2, 20), "summary")],
    )


@pytest.mark.parametrize(
    ("employer", "at_risk"),
    [
        (Employer("FR", 49), False),
        (Employer("FR", 50), True),
        (Employer("FR", 40, headcount_override=60), True),
        (Employer("FR", 80, headcount_override=45), False),
    ],
)
def test_it_puts_the_penalty_on_employers_of_50_staff_or_more(
    employer: Employer, at_risk: bool
) -> None:
    result = assess(employer, _missed_and_untrained(), on=date(2025, 3, 1))

    assert result.penalty.at_risk is at_risk
    assert result.penalty.amount_eur == (3000 if at_risk else 0)


def test_it_needs_both_conditions_for_the_penalty() -> None:
    trained = EmployeeFacts(
        hire_date=date(2019, 3, 1),
        interviews=_missed_and_untrained().interviews,
        trainings=[Training(date(2023, 5, 2), mandatory=False)],
    )
    # Each interview within 2 years of the previous one, the summary included.
    all_held = EmployeeFacts(
        hire_date=date(2019, 3, 1),
        interviews=[
            periodic(date(2021, 2, 15)),
            periodic(date(2023, 2, 13)),
            HeldInterview(date(2025, 2, 10), "summary"),
        ],
    )
    on = date(2025, 3, 1)

    assert assess(FR_120, trained, on=on).penalty.at_risk is False
    assert assess(FR_120, all_held, on=on).penalty.at_risk is False
    assert assess(FR_120, _missed_and_untrained(), on=on).penalty.at_risk is True


def test_it_passes_a_summary_with_every_interview_and_two_measures() -> None:
    facts = EmployeeFacts(
        hire_date=date(2019, 3, 1),
        interviews=[
            periodic(date(2021, 2, 15)),
            periodic(date(2023, 2, 13)),
            HeldInterview(date(2025, 2, 10), "summary"),
        ],
        trainings=[Training(date(2022, 4, 4))],
        progressions=[date(2024, 1, 1)],
    )

    result = assess(FR_120, facts, on=date(2025, 3, 1))

    summary = next(o for o in result.obligations if o.kind == "summary")
    assert (summary.status, summary.reason) == ("met", None)


def test_it_pushes_the_payment_past_the_covid_suspension() -> None:
    facts = EmployeeFacts(
        hire_date=date(2014, 6, 2),
        interviews=[periodic(date(2016, 5, 30)), HeldInterview(date(2020, 6, 1), "summary")],
    )

    result = assess(FR_120, facts, on=date(2021, 7, 1))

    assert result.penalty.at_risk is True
    assert result.penalty.pay_by == date(2021, 9, 30)


def test_it_shows_the_summary_grace_window_without_counting_it_as_met() -> None:
    hire = date(2025, 11, 3)
    interviews = [periodic(date(2026, 10, 5)), periodic(date(2030, 9, 2))]
    unheld = EmployeeFacts(hire_date=hire, interviews=interviews)
    held_late = EmployeeFacts(
        hire_date=hire, interviews=[*interviews, HeldInterview(date(2034, 2, 1), "summary")]
    )
    on = date(2034, 3, 1)

    waiting = running(assess(FR_120, unheld, on=on), "summary")
    late = next(o for o in assess(FR_120, held_late, on=on).obligations if o.kind == "summary")

    assert (waiting.due, waiting.grace_until, waiting.status) == (
        date(2033, 11, 3),
        date(2034, 11, 2),
        "overdue",
    )
    assert (late.status, late.met_by) == ("missed", held_late.interviews[-1])


def test_it_marks_obligations_due_after_the_leaving_date_not_required() -> None:
    facts = EmployeeFacts(
        hire_date=date(2021, 9, 1),
        interviews=[periodic(date(2024, 9, 2))],
        leaving_date=date(2026, 2, 13),
    )

    result = assess(FR_120, facts, on=date(2026, 3, 1))

    p = next(o for o in result.obligations if o.kind == "periodic" and o.met_by is None)
    assert (p.due, p.status) == (date(2028, 9, 2), "not_required")
    assert "2026-02-13" in (p.reason or "")


def test_it_meets_the_end_of_career_obligation_with_the_topic_covered() -> None:
    covered = periodic(date(2026, 1, 15), topics=("end_of_career",))
    with_topic = EmployeeFacts(
        hire_date=date(2010, 1, 4), birth_date=date(1966, 12, 1), interviews=[covered]
    )
    without = EmployeeFacts(hire_date=date(2010, 1, 4), birth_date=date(1966, 12, 1))
    on = date(2026, 3, 1)

    (met,) = of_kind(assess(FR_120, with_topic, on=on), "end_of_career")
    (due,) = of_kind(assess(FR_120, without, on=on), "end_of_career")

    assert (met.status, met.met_by) == ("met", covered)
    assert (due.earliest, due.due, due.status) == (
        date(2025, 10, 26),
        date(2026, 11, 30),
        "upcoming",
    )


def test_it_reads_the_due_soon_window_from_settings() -> None:
    facts = EmployeeFacts(hire_date=date(2025, 11, 3))
    on = date(2026, 9, 10)  # 54 days before the first interview is due

    default = running(assess(FR_120, facts, on=on), "periodic")
    narrow = running(assess(FR_120, facts, on=on, settings=Settings(due_soon_days=30)), "periodic")

    assert (default.due, default.status, narrow.status) == (
        date(2026, 11, 3),
        "due_soon",
        "upcoming",
    )


# -- Belgium, the Netherlands and company policies --------------------------------------


def test_it_owes_belgian_training_duties_only_from_20_workers() -> None:
    facts = EmployeeFacts(hire_date=date(2020, 1, 6))

    small = assess(Employer("BE", 19), facts, on=date(2026, 3, 1))
    in_2023 = assess(Employer("BE", 20), facts, on=date(2023, 6, 1))

    assert small.employer_duties == ()
    days, plan = in_2023.employer_duties
    assert (days.quantity, plan.due) == (4, date(2024, 3, 31))


OPERATOR_REVIEW = CompanyPolicy(
    code="ACME-ANNUAL", kind="annual_review", period_months=12, categories=frozenset({"operator"})
)


def test_it_shows_dutch_employees_under_their_cao_policy() -> None:
    cao = CompanyPolicy(
        code="NL-CAO-METAAL",
        kind="annual_review",
        period_months=12,
        countries=frozenset({"NL"}),
        start=date(2026, 1, 1),
    )
    facts = EmployeeFacts(hire_date=date(2020, 1, 6))

    result = assess(Employer("NL", 80), facts, on=date(2026, 3, 1), policies=[cao])

    assert (result.policy, result.policies) == ("NL-CAO-METAAL", ("NL", "NL-CAO-METAAL"))
    (ob,) = result.obligations
    assert (ob.kind, ob.due, ob.status, ob.policy) == (
        "annual_review",
        date(2027, 1, 1),
        "upcoming",
        "NL-CAO-METAAL",
    )
    assert "NL-CAO-METAAL" in ob.rule and "start of the policy" in ob.rule


def test_it_applies_a_company_policy_only_to_the_employees_it_selects() -> None:
    review = HeldInterview(date(2025, 1, 10), "annual_review")
    operator = EmployeeFacts(hire_date=date(2024, 1, 15), interviews=[review], category="operator")
    technician = EmployeeFacts(
        hire_date=date(2024, 1, 15), interviews=[review], category="technician"
    )
    on = date(2026, 3, 1)

    for_operator = assess(FR_120, operator, on=on, policies=[OPERATOR_REVIEW])
    for_technician = assess(FR_120, technician, on=on, policies=[OPERATOR_REVIEW])

    assert for_operator.policy == "FR-EPP-2025"
    assert for_operator.policies == ("FR-EPP-2025", "ACME-ANNUAL")
    assert [(o.due, o.status) for o in of_kind(for_operator, "annual_review")] == [
        (date(2025, 1, 15), "met"),
        (date(2026, 1, 10), "overdue"),
    ]
    assert of_kind(for_technician, "annual_review") == []


def test_it_never_lets_a_company_review_restart_the_legal_clock() -> None:
    facts = EmployeeFacts(
        hire_date=date(2024, 1, 15),
        interviews=[HeldInterview(date(2025, 1, 10), "annual_review")],
        category="operator",
    )

    result = assess(FR_120, facts, on=date(2026, 3, 1), policies=[OPERATOR_REVIEW])

    legal = running(result, "periodic")
    assert (legal.due, legal.status, legal.met_by) == (date(2026, 1, 15), "overdue", None)


def test_it_never_lets_a_legal_interview_meet_a_company_review() -> None:
    facts = EmployeeFacts(
        hire_date=date(2024, 1, 15), interviews=[periodic(date(2024, 12, 2))], category="operator"
    )

    result = assess(FR_120, facts, on=date(2026, 3, 1), policies=[OPERATOR_REVIEW])

    (review,) = of_kind(result, "annual_review")
    assert (review.due, review.status) == (date(2025, 1, 15), "overdue")


def test_it_schedules_a_review_six_months_after_hire_then_yearly() -> None:
    policy = CompanyPolicy("SIX-THEN-YEARLY", "review", first_due_months=6, period_months=12)
    facts = EmployeeFacts(
        hire_date=date(2025, 7, 1), interviews=[HeldInterview(date(2025, 12, 15), "review")]
    )

    result = assess(Employer("BE", 40), facts, on=date(2026, 3, 1), policies=[policy])

    assert result.policy == "SIX-THEN-YEARLY"
    assert [(o.due, o.status) for o in result.obligations] == [
        (date(2026, 1, 1), "met"),
        (date(2026, 12, 15), "upcoming"),
    ]


def test_it_schedules_a_one_off_end_of_probation_interview() -> None:
    policy = CompanyPolicy("PROBATION", "probation_review", first_due_months=3, period_months=None)
    recent = EmployeeFacts(hire_date=date(2026, 1, 5))

    (ob,) = of_kind(
        assess(FR_120, recent, on=date(2026, 3, 1), policies=[policy]), "probation_review"
    )

    assert (ob.kind, ob.due, ob.status) == ("probation_review", date(2026, 4, 5), "due_soon")


def test_it_applies_a_company_policy_only_from_its_start_date() -> None:
    policy = CompanyPolicy("LATER", "annual_review", start=date(2026, 6, 1))
    facts = EmployeeFacts(hire_date=date(2020, 1, 6))

    before = assess(Employer("NL", 80), facts, on=date(2026, 3, 1), policies=[policy])
    after = assess(Employer("NL", 80), facts, on=date(2026, 7, 1), policies=[policy])

    assert (before.policy, before.obligations) == ("NL", ())
    assert [o.due for o in after.obligations] == [date(2027, 6, 1)]


def test_it_refuses_a_company_policy_without_any_schedule() -> None:
    with pytest.raises(ValueError, match="first_due_months or period_months"):
        CompanyPolicy("NONE", "review", first_due_months=None, period_months=None)


# -- output -----------------------------------------------------------------------------


def test_it_gives_json_ready_data_with_iso_dates() -> None:
    facts = EmployeeFacts(
        hire_date=date(2019, 3, 1),
        interviews=_missed_and_untrained().interviews,
        leaves=[Leave("maternity", date(2024, 1, 8), date(2024, 5, 10))],
        category="operator",
    )
    result = assess(Employer("FR", 250), facts, on=date(2025, 3, 1), policies=[OPERATOR_REVIEW])

    data = json.loads(json.dumps(result.to_dict()))

    assert data["on"] == "2025-03-01"
    assert data["policy"] == "FR-EP-2019"
    assert data["penalty"]["pay_by"] == "2025-06-30"
    assert data["penalty"]["missed"] == [{"kind": "periodic", "due": "2023-02-15"}]
    summary = next(o for o in data["obligations"] if o["kind"] == "summary")
    assert summary["met_by"] == {
        "date": "2025-02-20",
        "kind": "summary",
        "topics": [],
        "declined": False,
    }
    assert [o["due"] for o in data["obligations"]] == [
        o.due.isoformat() for o in result.obligations
    ]
    assert all(isinstance(o["rule"], str) and o["rule"] for o in data["obligations"])
    be = assess(Employer("BE", 25), facts, on=date(2025, 3, 1)).to_dict()
    assert json.loads(json.dumps(be))["employer_duties"][1]["due"] == "2025-03-31"


def test_it_names_the_rule_and_its_dates_in_every_obligation() -> None:
    facts = EmployeeFacts(
        hire_date=date(2020, 2, 3),
        interviews=[periodic(date(2022, 1, 25)), periodic(date(2024, 1, 22))],
        leaves=[Leave("sabbatical", date(2025, 3, 3), date(2025, 11, 30))],
    )

    result = assess(FR_120, facts, on=date(2026, 3, 1))

    for ob in result.obligations:
        assert ob.policy in ob.rule or "FR transition" in ob.rule
        assert ob.due.isoformat() in ob.rule


def test_it_keeps_the_package_free_of_django() -> None:
    import parcours.compliance

    # A fresh interpreter, finding the package where this one did.
    src = Path(parcours.compliance.__file__).parents[2]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")]),
    }
    code = "import sys, parcours.compliance; assert 'django' not in sys.modules, 'django'"

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)

    assert done.returncode == 0, done.stderr


def test_it_builds_obligations_equal_to_the_plain_dataclass() -> None:
    # The engine fills obligations through a faster builder; they must be the same value,
    # frozen like any other.
    from dataclasses import FrozenInstanceError, fields

    from parcours.compliance.engine.results import new_obligation

    args = ("periodic", date(2026, 1, 1), date(2024, 1, 1), "overdue", None, None, "FR-X")
    rule = (date(2024, 1, 1), "{0} {o.due}", (1,), date(2027, 1, 1))
    built = new_obligation(*args, *rule)
    plain = Obligation(*args, *rule)

    assert type(built) is Obligation
    assert built == plain
    assert [getattr(built, f.name) for f in fields(Obligation)] == [
        getattr(plain, f.name) for f in fields(Obligation)
    ]
    with pytest.raises(FrozenInstanceError):
        built.status = "met"  # type: ignore[misc]
