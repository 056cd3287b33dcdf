"""The facts the pages feed the engine, read from the rest of Parcours."""

from datetime import date, datetime

from django.utils import timezone

from parcours.compliance import selectors
from parcours.compliance.models import (
    EntitySettings,
    HistoricInterview,
    InterviewPolicy,
    KindMapping,
)
from parcours.interviews.choices import InterviewStatus
from parcours.interviews.models import Campaign, Interview, InterviewKind
from parcours.organisation.models import Employee, Leave
from tests.compliance.conftest import AT_RISK, ON


def _facts(employee, on=ON):
    rows, facts, _open = selectors.facts_for(Employee.objects.filter(pk=employee.pk), on)
    return facts[employee.pk]


def _interview(world, employee, status, held_on, kind=None):
    campaign = Campaign.objects.create(
        name="c", kind=kind or world.professional, opens_on=date(2020, 1, 1), deadline=ON
    )
    version = world.professional.templates.first().versions.first()
    return Interview.objects.create(
        campaign=campaign,
        employee=employee,
        template_version=version,
        status=status,
        held_at=timezone.make_aware(datetime.combine(held_on, datetime.min.time()))
        if held_on
        else None,
    )


def test_interviews_held_signed_or_followed_up_count_and_others_do_not(world):
    fatima = world.org.fatima
    _interview(world, fatima, InterviewStatus.SIGNED, date(2026, 3, 2))
    _interview(world, fatima, InterviewStatus.CANCELLED, date(2026, 4, 2))
    _interview(world, fatima, InterviewStatus.PLANNED, None)
    kinds = {(i.date, i.kind) for i in _facts(fatima).interviews}
    assert (date(2026, 3, 2), "periodic") in kinds
    assert date(2026, 4, 2) not in {i.date for i in _facts(fatima).interviews}


def test_a_kind_mapping_decides_what_an_interview_counts_as(world):
    annual = InterviewKind.objects.get(code="annual_review")
    fatima = world.org.fatima
    _interview(world, fatima, InterviewStatus.HELD, date(2026, 3, 2), kind=annual)
    assert (date(2026, 3, 2), "annual_review") in {
        (i.date, i.kind) for i in _facts(fatima).interviews
    }
    KindMapping.objects.create(
        interview_kind=annual, engine_kind="periodic", topics="end_of_career"
    )
    held = [i for i in _facts(fatima).interviews if i.date == date(2026, 3, 2)]
    assert held[0].kind == "periodic" and held[0].topics == ("end_of_career",)


def test_facts_after_the_evaluation_date_are_unknown(world):
    facts = _facts(world.org.emre, on=date(2024, 7, 1))
    assert [i.date for i in facts.interviews] == [date(2022, 5, 20)]


def test_leaves_trainings_and_the_employer(world):
    chloe = world.org.chloe
    Leave.objects.create(
        employee=chloe, kind="maternity", first_day=date(2026, 1, 5), last_day=date(2026, 4, 26)
    )
    facts = _facts(chloe)
    assert [(lv.kind, lv.first_day, lv.last_day) for lv in facts.leaves] == [
        ("maternity", date(2026, 1, 5), date(2026, 4, 26))
    ]
    assert [(t.date, t.mandatory) for t in facts.trainings] == [(date(2022, 3, 1), False)]
    assert facts.site == world.org.site_a.code and facts.category == "operator"
    entity = selectors.entity_facts([world.org.entity_fr.pk])[world.org.entity_fr.pk]
    assert entity.employer.country == "FR" and entity.employer.staff == 120


def test_an_open_ended_leave_implies_no_return_interview_yet(world):
    chloe = world.org.chloe
    Leave.objects.create(employee=chloe, kind="maternity", first_day=date(2026, 9, 1))
    who = selectors.assess_one(chloe, ON)
    assert not [o for o in who.assessment.obligations if o.kind == "return"]
    Leave.objects.filter(employee=chloe).update(return_date=date(2026, 11, 2))
    who = selectors.assess_one(chloe, ON)
    returns = [o for o in who.assessment.obligations if o.kind == "return"]
    assert [(o.due, o.status) for o in returns] == [(date(2026, 12, 2), "due_soon")]


def test_settings_of_the_entity_are_applied(world):
    chloe = world.org.chloe
    Leave.objects.create(
        employee=chloe,
        kind="maternity",
        first_day=date(2026, 6, 1),
        last_day=date(2026, 9, 30),
        return_date=date(2026, 10, 1),
    )
    due = [
        o.due for o in selectors.assess_one(chloe, ON).assessment.obligations if o.kind == "return"
    ]
    assert due == [date(2026, 10, 31)]
    EntitySettings.objects.create(legal_entity=world.org.entity_fr, return_deadline_days=10)
    due = [
        o.due for o in selectors.assess_one(chloe, ON).assessment.obligations if o.kind == "return"
    ]
    assert due == [date(2026, 10, 11)]


def test_a_company_policy_is_evaluated_next_to_the_law(world):
    hanne = world.org.hanne  # Belgium: no legal schedule
    assert selectors.assess_one(hanne, ON).assessment.obligations == ()
    policy = InterviewPolicy.objects.create(
        code="BE-CCT-ANNUAL",
        name="Annual review",
        kind=InterviewKind.objects.get(code="annual_review"),
        period_months=12,
        start=date(2025, 1, 1),
    )
    policy.legal_entities.set([world.org.entity_be])
    who = selectors.assess_one(hanne, ON)
    assert who.assessment.policy == "BE-CCT-ANNUAL"
    assert [(o.kind, o.due) for o in who.assessment.obligations] == [
        ("annual_review", date(2026, 1, 1))
    ]
    assert who.assessment.obligations[0].status == "overdue"
    # Not for the French plant's people.
    assert "BE-CCT-ANNUAL" not in selectors.assess_one(world.org.chloe, ON).assessment.policies


def test_the_overview_of_the_site(world):
    employees = selectors.employees_on(Employee.objects.filter(site=world.org.site_a), ON)
    result = selectors.overview(selectors.assess_employees(employees, ON), ON)
    overdue = {line.who.name for line in result.overdue}
    assert "Chloé Dubois" in overdue and "Dário Gonçalves" in overdue
    assert "Fatima El Amrani" not in overdue
    assert [who.name for who in result.at_risk] == AT_RISK
    assert result.amount_eur == 3000 * len(AT_RISK)


def test_employees_who_left_before_the_date_are_not_listed(world):
    Employee.objects.filter(pk=world.org.dario.pk).update(
        active=False, leaving_date=date(2025, 12, 31)
    )
    site = Employee.objects.filter(site=world.org.site_a)
    now = set(selectors.employees_on(site, ON).values_list("pk", flat=True))
    before = set(selectors.employees_on(site, date(2025, 6, 1)).values_list("pk", flat=True))
    assert world.org.dario.pk not in now and world.org.dario.pk in before
    assert world.org.fatima.pk not in set(
        selectors.employees_on(site, date(2024, 1, 1)).values_list("pk", flat=True)
    )


def test_historic_records_also_carry_the_visit_certifications_and_progressions(world):
    # Born 1981-07-14, mid-career visit 2026-05-20 (worked case 12), no interview since.
    chloe = world.org.chloe
    Employee.objects.filter(pk=chloe.pk).update(birth_date=date(1981, 7, 14))
    HistoricInterview.objects.create(
        employee=chloe, date=date(2026, 5, 20), kind="mid_career_visit"
    )
    HistoricInterview.objects.create(employee=chloe, date=date(2024, 1, 10), kind="certification")
    facts = _facts(chloe, on=date(2026, 8, 1))
    assert facts.mid_career_visit == date(2026, 5, 20)
    assert facts.certifications == (date(2024, 1, 10),)
    assert [i.kind for i in facts.interviews] == ["periodic", "periodic"]
    mid = [
        (o.due, o.status)
        for o in selectors.assess_one(chloe, date(2026, 8, 1)).assessment.obligations
        if o.kind == "mid_career"
    ]
    assert mid == [(date(2026, 7, 20), "overdue")]
