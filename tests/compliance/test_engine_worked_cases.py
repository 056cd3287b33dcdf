"""The worked cases of section 5 of docs/compliance-rules.md, one test each.

Unless a case says otherwise: a French employer with 120 staff, no agreement, sick and
parental leave counting as working time (the default settings).
"""

from __future__ import annotations

from datetime import date

from parcours.compliance import (
    Assessment,
    EmployeeFacts,
    Employer,
    HeldInterview,
    Leave,
    Obligation,
    Settings,
    Training,
    assess,
)

FR_120 = Employer(country="FR", headcount=120, agreement_years=None, agreement_before_reform=False)


def periodic(day: date, topics: tuple[str, ...] = ()) -> HeldInterview:
    return HeldInterview(date=day, kind="periodic", topics=topics)


def only(result: Assessment, kind: str, due: date | None = None) -> Obligation:
    """The single obligation of `kind` (and `due`, if given) in the result."""
    found = [o for o in result.obligations if o.kind == kind and (due is None or o.due == due)]
    assert len(found) == 1, [(o.kind, o.due, o.status) for o in result.obligations]
    return found[0]


def running(result: Assessment, kind: str) -> Obligation:
    """The obligation of `kind` that nobody has met yet (the one HR acts on)."""
    found = [o for o in result.obligations if o.kind == kind and o.met_by is None]
    found = [o for o in found if o.status not in ("missed", "not_required")]
    assert len(found) == 1, [(o.kind, o.due, o.status) for o in result.obligations]
    return found[0]


def overdue(result: Assessment) -> list[tuple[str, date]]:
    return [(o.kind, o.due) for o in result.obligations if o.status == "overdue"]


def test_it_reports_case_1_overdue_periodic_and_summary_without_penalty() -> None:
    facts = EmployeeFacts(
        hire_date=date(2019, 5, 15),
        interviews=[periodic(date(2021, 5, 10)), periodic(date(2023, 5, 2))],
        trainings=[Training(date=date(2022, 3, 1), mandatory=False)],
    )

    result = assess(FR_120, facts, on=date(2025, 6, 1))

    assert result.policy == "FR-EP-2019"
    p = running(result, "periodic")
    assert (p.due, p.status) == (date(2025, 5, 2), "overdue")
    s = running(result, "summary")
    assert (s.due, s.status) == (date(2025, 5, 15), "overdue")
    assert overdue(result) == [("periodic", date(2025, 5, 2)), ("summary", date(2025, 5, 15))]
    assert result.penalty.at_risk is False
    assert result.penalty.non_mandatory_training is True


def test_it_reports_case_2_deadline_expired_before_the_reform_is_not_extended() -> None:
    facts = EmployeeFacts(hire_date=date(2021, 1, 10), interviews=[periodic(date(2023, 1, 5))])

    result = assess(FR_120, facts, on=date(2026, 3, 1))

    assert result.policy == "FR-EPP-2025"
    p = running(result, "periodic")
    assert (p.due, p.status) == (date(2025, 1, 5), "overdue")
    assert "not extended" in p.rule
    s = running(result, "summary")
    assert (s.due, s.status) == (date(2029, 1, 10), "upcoming")


def test_it_reports_case_3_hire_after_the_reform_with_an_early_first_interview() -> None:
    facts = EmployeeFacts(hire_date=date(2025, 11, 3), interviews=[periodic(date(2026, 2, 10))])

    result = assess(FR_120, facts, on=date(2026, 3, 1))

    assert result.policy == "FR-EPP-2025"
    first = only(result, "periodic", date(2026, 11, 3))
    assert first.status == "met"
    p = running(result, "periodic")
    assert (p.due, p.status) == (date(2030, 2, 10), "upcoming")
    s = running(result, "summary")
    assert (s.due, s.earliest, s.status) == (date(2033, 11, 3), date(2033, 2, 10), "upcoming")
    assert overdue(result) == []


def test_it_reports_case_4_transition_choice_and_29_february() -> None:
    facts = EmployeeFacts(hire_date=date(2024, 2, 29))

    result = assess(FR_120, facts, on=date(2026, 3, 1))

    assert result.policy == "FR-EPP-2025"
    p = running(result, "periodic")
    # The earlier of 26 Oct 2026 and add_years(2024-02-29, 2) = 2026-02-28.
    assert (p.due, p.status) == (date(2026, 2, 28), "overdue")
    s = running(result, "summary")
    assert (s.due, s.status) == (date(2032, 2, 29), "upcoming")


def test_it_reports_case_5_first_interview_within_one_year_from_29_february() -> None:
    facts = EmployeeFacts(hire_date=date(2028, 2, 29))

    result = assess(FR_120, facts, on=date(2029, 3, 1))

    assert result.policy == "FR-EPP-2025"
    p = only(result, "periodic")
    assert (p.due, p.status) == (date(2029, 2, 28), "overdue")
    s = running(result, "summary")
    assert (s.due, s.status) == (date(2036, 2, 29), "upcoming")


def test_it_reports_case_6_sabbatical_moves_the_summary_and_the_return_is_met() -> None:
    return_interview = HeldInterview(date=date(2025, 12, 10), kind="return")
    facts = EmployeeFacts(
        hire_date=date(2020, 2, 3),
        interviews=[periodic(date(2022, 1, 25)), periodic(date(2024, 1, 22)), return_interview],
        leaves=[Leave(kind="sabbatical", first_day=date(2025, 3, 3), last_day=date(2025, 11, 30))],
    )

    result = assess(FR_120, facts, on=date(2026, 3, 1))

    assert result.policy == "FR-EPP-2025"
    r = only(result, "return")
    assert (r.status, r.met_by) == ("met", return_interview)
    p = running(result, "periodic")
    assert (p.due, p.status) == (date(2029, 12, 10), "upcoming")
    s = running(result, "summary")
    # add_years(2020-02-03, 8) = 2028-02-03, moved by the 273 days of sabbatical. The
    # working-time rule is FR-EPP-2025's, yet the case counts the whole sabbatical, most of
    # which fell before the reform: the engine counts every excluded day of the period.
    assert (s.due, s.status) == (date(2028, 11, 2), "upcoming")
    assert "273 days" in s.rule


def test_it_reports_case_7_long_illness_return_overdue_after_a_summary() -> None:
    facts = EmployeeFacts(
        hire_date=date(2018, 10, 1),
        interviews=[
            periodic(date(2020, 9, 15)),
            periodic(date(2022, 9, 12)),
            HeldInterview(date=date(2024, 9, 9), kind="summary"),
        ],
        leaves=[
            Leave(
                kind="long_illness",
                first_day=date(2025, 9, 15),
                last_day=date(2026, 4, 30),
                return_date=date(2026, 5, 4),
            )
        ],
    )

    result = assess(FR_120, facts, on=date(2026, 6, 15))

    assert result.policy == "FR-EPP-2025"
    r = only(result, "return")
    assert (r.due, r.status) == (date(2026, 6, 3), "overdue")
    p = running(result, "periodic")
    assert (p.due, p.status) == (date(2028, 9, 9), "upcoming")
    # Counted from the 6-year cycle's end (2024-10-01), not from the summary's date.
    s = running(result, "summary")
    assert (s.due, s.status) == (date(2032, 10, 1), "upcoming")


def test_it_reports_case_8_consecutive_leaves_as_one_return() -> None:
    facts = EmployeeFacts(
        hire_date=date(2023, 5, 2),
        interviews=[periodic(date(2025, 4, 28))],
        leaves=[
            Leave(kind="maternity", first_day=date(2026, 1, 5), last_day=date(2026, 4, 26)),
            Leave(kind="parental", first_day=date(2026, 4, 27), last_day=date(2027, 4, 25)),
        ],
    )
    on = date(2027, 5, 1)

    result = assess(FR_120, facts, on=on)
    not_counting = assess(
        FR_120, facts, on=on, settings=Settings(parental_counts_as_working_time=False)
    )

    assert result.policy == "FR-EPP-2025"
    r = only(result, "return")
    assert (r.due, r.status) == (date(2027, 5, 26), "due_soon")
    assert running(result, "periodic").due == date(2029, 4, 28)
    assert running(not_counting, "periodic").due == date(2030, 4, 27)
    assert only(not_counting, "return").due == date(2027, 5, 26)


def _case_9_facts() -> EmployeeFacts:
    return EmployeeFacts(
        hire_date=date(2019, 3, 1),
        interviews=[
            periodic(date(2021, 2, 15)),
            HeldInterview(date=date(2025, 2, 20), kind="summary"),
        ],
        trainings=[Training(date=date(2022, 6, 13), mandatory=True)],
    )


def test_it_reports_case_9_failed_summary_and_the_penalty() -> None:
    employer = Employer(country="FR", headcount=250)

    result = assess(employer, _case_9_facts(), on=date(2025, 3, 1))

    assert result.policy == "FR-EP-2019"
    s = only(result, "summary", date(2025, 3, 1))
    assert s.status == "failed"
    assert "2023-02-15" in (s.reason or "")
    missed = only(result, "periodic", date(2023, 2, 15))
    assert missed.status == "missed"
    penalty = result.penalty
    assert (penalty.at_risk, penalty.amount_eur, penalty.pay_by) == (
        True,
        3000,
        date(2025, 6, 30),
    )
    assert penalty.projected is False
    assert penalty.missed == (("periodic", date(2023, 2, 15)),)


def test_it_reports_case_10_no_penalty_under_50_staff() -> None:
    employer = Employer(country="FR", headcount=40)

    result = assess(employer, _case_9_facts(), on=date(2025, 3, 1))

    assert only(result, "summary", date(2025, 3, 1)).status == "failed"
    assert result.penalty.at_risk is False
    assert result.penalty.amount_eur == 0
    assert result.penalty.pay_by is None


def test_it_reports_case_11_pre_reform_agreement_capped_at_four_years() -> None:
    employer = Employer(
        country="FR", headcount=120, agreement_years=5, agreement_before_reform=True
    )
    # The case gives only the last interview; hired so that it met the 5-year period.
    facts = EmployeeFacts(hire_date=date(2020, 6, 2), interviews=[periodic(date(2024, 6, 1))])

    result = assess(employer, facts, on=date(2026, 3, 1))

    # The reform reaches a company whose pre-reform agreement set the periodicity only on
    # 1 Oct 2026, so FR-EP-2019 is the policy in force on 1 Mar 2026; its 5-year deadline
    # (2029-06-01) is still running on 1 Oct 2026 and becomes 4 years after the interview.
    assert result.policy == "FR-EP-2019"
    p = running(result, "periodic")
    assert (p.due, p.status) == (date(2028, 6, 1), "upcoming")
    assert "lapse" in p.rule


def test_it_reports_case_12_mid_career_interview_overdue() -> None:
    # The case gives no hire date or earlier interview; these only set the periodic chain.
    facts = EmployeeFacts(
        hire_date=date(2022, 9, 5),
        birth_date=date(1981, 7, 14),
        interviews=[periodic(date(2024, 6, 10))],
        mid_career_visit=date(2026, 5, 20),
    )

    result = assess(FR_120, facts, on=date(2026, 8, 1))

    assert result.policy == "FR-EPP-2025"
    m = only(result, "mid_career")
    # "Within 2 months" reads like a window that closes, which would make it "missed"; the
    # case says overdue, so it stays open like a periodic deadline until an interview.
    assert (m.due, m.status) == (date(2026, 7, 20), "overdue")


def test_it_reports_case_13_end_of_career_missed_and_counted_in_the_penalty_check() -> None:
    # Hired before the reform; the 2026 interview is the only one ever held.
    facts = EmployeeFacts(
        hire_date=date(2020, 3, 2),
        birth_date=date(1967, 9, 10),
        interviews=[periodic(date(2026, 2, 1))],
    )

    result = assess(FR_120, facts, on=date(2027, 9, 10))

    assert result.policy == "FR-EPP-2025"
    e = only(result, "end_of_career")
    # The rule's 2 years before the 60th birthday start on 2025-09-10; the case's window
    # starts on 26 Oct 2025, when FR-EPP-2025 came into force, so the engine clips it there.
    assert (e.earliest, e.due, e.status) == (date(2025, 10, 26), date(2027, 9, 9), "missed")
    assert ("end_of_career", date(2027, 9, 9)) in result.penalty.missed


def test_it_reports_case_14_no_legal_interview_in_the_netherlands_and_belgium() -> None:
    facts = EmployeeFacts(hire_date=date(2020, 1, 6), interviews=[periodic(date(2024, 5, 2))])
    on = date(2026, 3, 1)

    dutch = assess(Employer(country="NL", headcount=300), facts, on=on)
    belgian = assess(Employer(country="BE", headcount=25), facts, on=on)

    assert (dutch.policy, dutch.obligations, dutch.employer_duties) == ("NL", (), ())
    assert dutch.penalty.at_risk is False
    assert (belgian.policy, belgian.obligations) == ("BE", ())
    duties = {d.kind: d for d in belgian.employer_duties}
    assert set(duties) == {"training_days", "training_plan"}
    assert (duties["training_days"].quantity, duties["training_days"].unit) == (
        5,
        "training days per FTE per year",
    )
    assert duties["training_plan"].due == date(2026, 3, 31)
    assert belgian.penalty.at_risk is False
