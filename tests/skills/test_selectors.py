"""Gaps, coverage, its trend, certificate expiry and the matrix, as a team leader reads them."""

from datetime import date, timedelta

from django.utils import timezone

from parcours.organisation.models import EmployeeAssignment
from parcours.skills import selectors, services
from tests.factories import EmployeeFactory, LeaveFactory
from tests.skills.factories import CertificationFactory


def _lines(coverage):
    return {
        (line.skill.code, line.requirement.level): (line.present, line.min_people, line.status)
        for line in coverage
    }


def test_it_lists_the_skills_below_the_position_requirement(org, users, matrix_world):
    dario = selectors.employee_skills(employee=org.dario)
    chloe = selectors.employee_skills(employee=org.chloe)

    # Dário: press L where U is needed, quality never assessed; die change L meets L.
    assert {line.skill.code: line.level for line in dario["gaps"]} == {"P400": 2, "QC": None}
    assert chloe["gaps"] == []


def test_it_counts_the_people_who_hold_each_skill_against_the_team_minimum(
    org, users, matrix_world
):
    coverage = selectors.team_coverage(user=users.group_hr, teams=[org.team_a1])[org.team_a1.pk]
    # Only Chloé is autonomous on the press (2 needed); she is the one trainer on die change.
    assert _lines(coverage) == {
        ("P400", 3): (1, 2, "below"),
        ("DIE", 4): (1, 1, "no_margin"),
    }


def test_it_covers_the_press_once_a_second_operator_is_autonomous(org, users, matrix_world):
    services.assessment_record(
        employee=org.dario, skill=matrix_world.press, level=3, user=users.leader
    )
    coverage = selectors.team_coverage(user=users.leader, teams=[org.team_a1])[org.team_a1.pk]
    assert _lines(coverage)[("P400", 3)] == (2, 2, "no_margin")


def test_it_does_not_count_people_on_leave_today_as_present(org, users, matrix_world):
    today = timezone.localdate()
    LeaveFactory(employee=org.chloe, first_day=today - timedelta(days=2), last_day=today)
    coverage = selectors.team_coverage(user=users.group_hr, teams=[org.team_a1])[org.team_a1.pk]
    (line,) = [line for line in coverage if line.skill.code == "DIE"]
    assert (line.skill.code, line.holders, line.present, line.status) == ("DIE", 1, 0, "below")


def test_it_does_not_count_a_holder_whose_certificate_expired(org, users, matrix_world):
    services.team_requirement_set(
        team=org.team_a2, skill=matrix_world.forklift, level=3, min_people=1, user=users.group_hr
    )
    coverage = selectors.team_coverage(user=users.group_hr, teams=[org.team_a2])
    assert _lines(coverage[org.team_a2.pk]) == {("FORK", 3): (0, 1, "below")}

    services.certification_record(
        employee=org.fatima,
        certification_type=matrix_world.forklift_licence,
        obtained_on=timezone.localdate() - timedelta(days=3),
        user=users.site_hr_a,
    )
    coverage = selectors.team_coverage(user=users.group_hr, teams=[org.team_a2])
    assert _lines(coverage[org.team_a2.pk]) == {("FORK", 3): (1, 1, "no_margin")}


def test_it_rebuilds_past_coverage_from_the_history(org, users, matrix_world):
    press = matrix_world.press
    # Chloé was only in training last year; Dário became autonomous in June.
    services.assessment_record(
        employee=org.chloe, skill=press, level=1, user=users.leader, assessed_on=date(2025, 6, 1)
    )
    services.assessment_record(
        employee=org.dario, skill=press, level=3, user=users.leader, assessed_on=date(2026, 6, 15)
    )
    days = [date(2025, 12, 31), date(2026, 4, 30), date(2026, 7, 31)]
    points = selectors.team_coverage_trend(user=users.group_hr, team=org.team_a1, days=days)

    press_requirement = org.team_a1.skill_requirements.get(skill=press)
    assert [point.holders[press_requirement.pk] for point in points] == [0, 1, 2]
    assert [(point.met, point.total) for point in points] == [(0, 2), (1, 2), (2, 2)]


def test_it_follows_people_who_moved_team_in_the_trend(org, users, matrix_world):
    # Fatima joined team A1 from A2 on 1 July 2026 and is autonomous on the press.
    EmployeeAssignment.objects.create(
        employee=org.fatima,
        valid_from=date(2018, 3, 1),
        valid_to=date(2026, 7, 1),
        team=org.team_a2,
    )
    EmployeeAssignment.objects.create(
        employee=org.fatima, valid_from=date(2026, 7, 1), team=org.team_a1
    )
    org.fatima.team = org.team_a1
    org.fatima.save()
    services.assessment_record(
        employee=org.fatima,
        skill=matrix_world.press,
        level=3,
        user=users.group_hr,
        assessed_on=date(2026, 3, 1),
    )
    points = selectors.team_coverage_trend(
        user=users.group_hr, team=org.team_a1, days=[date(2026, 6, 30), date(2026, 7, 31)]
    )
    press_requirement = org.team_a1.skill_requirements.get(skill=matrix_world.press)
    assert [point.holders[press_requirement.pk] for point in points] == [1, 2]


def test_it_lists_certificates_that_expired_or_end_soon(org, users, matrix_world):
    today = timezone.localdate()
    soon = CertificationFactory(
        employee=org.chloe,
        type=matrix_world.forklift_licence,
        obtained_on=today - timedelta(days=1700),
        valid_until=today + timedelta(days=30),
    )
    CertificationFactory(  # far away: not listed
        employee=org.dario,
        type=matrix_world.forklift_licence,
        obtained_on=today - timedelta(days=100),
        valid_until=today + timedelta(days=1000),
    )
    greet_old = CertificationFactory(
        employee=org.greet,
        type=matrix_world.forklift_licence,
        obtained_on=date(2019, 1, 1),
        valid_until=date(2024, 1, 1),
    )
    CertificationFactory(  # renewed: the old one is no longer due
        employee=org.greet,
        type=matrix_world.forklift_licence,
        obtained_on=date(2024, 1, 1),
        valid_until=today + timedelta(days=900),
    )

    due = list(selectors.certifications_due(user=users.group_hr))
    assert [c.employee.first_name for c in due] == ["Fatima", "Chloé"]
    assert [c.state() for c in due] == ["expired", "expiring"]
    assert greet_old not in due
    assert soon in due
    # Site HR of plant A sees the same; plant B's HR sees nothing of plant A.
    assert len(selectors.certifications_due(user=users.site_hr_a)) == 2
    assert list(selectors.certifications_due(user=users.site_hr_b)) == []
    assert len(selectors.certifications_due(user=users.group_hr, within_days=10)) == 1


def test_it_builds_the_matrix_of_a_team(org, users, matrix_world):
    matrix = selectors.skills_matrix(
        user=users.leader, query=selectors.MatrixQuery(team=org.team_a1)
    )
    codes = [column.skill.code for column in matrix.columns]
    # In the order of the catalogue tree: production's own skills, then its presses.
    assert codes == ["QC", "DIE", "P400"]
    names = [row.employee.first_name for row in matrix.rows]
    assert names == ["Chloé", "Dário", "Bruno"]
    chloe, dario, bruno = matrix.rows
    assert [(c.level, c.required, c.status) for c in dario.cells] == [
        (None, 3, "gap"),
        (2, 2, "ok"),
        (2, 3, "gap"),
    ]
    assert (chloe.share, dario.share, bruno.share) == (100, 33, None)
    press = matrix.columns[2]
    assert press.counts == {3: 1, 2: 1, 0: 1}
    assert (press.required, press.meeting) == (2, 1)
    assert [line.status for line in matrix.risks] == ["no_margin", "below"]
    # Bruno may record levels for his operators, not for himself.
    assert [row.assessable for row in matrix.rows] == [True, True, False]


def test_it_marks_an_expired_certificate_in_the_matrix(org, users, matrix_world):
    matrix = selectors.skills_matrix(
        user=users.group_hr, query=selectors.MatrixQuery(team=org.team_a2)
    )
    fatima = next(row for row in matrix.rows if row.employee.pk == org.fatima.pk)
    (cell,) = [c for c in fatima.cells if c.skill.code == "FORK"]
    assert (cell.level, cell.status, cell.certificate) == (3, "expired", "expired")


def test_it_shows_the_whole_catalogue_or_only_what_is_required(org, users, matrix_world):
    query = selectors.MatrixQuery(site=org.site_a, show="all")
    all_codes = [
        c.skill.code for c in selectors.skills_matrix(user=users.group_hr, query=query).columns
    ]
    assert all_codes == ["QC", "DIE", "P400", "5S", "FORK"]  # not plant B's line
    query = selectors.MatrixQuery(
        site=org.site_a, show="required", domain_id=matrix_world.presses.pk
    )
    codes = [
        c.skill.code for c in selectors.skills_matrix(user=users.group_hr, query=query).columns
    ]
    assert codes == ["DIE", "P400"]


def test_it_filters_people_with_gaps_and_by_name(org, users, matrix_world):
    query = selectors.MatrixQuery(team=org.team_a1, gaps_only=True)
    matrix = selectors.skills_matrix(user=users.group_hr, query=query)
    assert [row.employee.first_name for row in matrix.rows] == ["Dário"]
    query = selectors.MatrixQuery(team=org.team_a1, search="dub")
    matrix = selectors.skills_matrix(user=users.group_hr, query=query)
    assert [row.employee.first_name for row in matrix.rows] == ["Chloé"]
    assert matrix.total_people == 3


def test_it_shows_the_evolution_between_two_interviews(org, users, matrix_world):
    for day, level in ((date(2025, 11, 20), 2), (date(2026, 11, 18), 3)):
        services.assessment_record(
            employee=org.dario,
            skill=matrix_world.press,
            level=level,
            source="interview",
            user=users.leader,
            assessed_on=day,
        )
    assert selectors.interview_dates(employee=org.dario) == [date(2026, 11, 18), date(2025, 11, 20)]
    evolution = selectors.employee_evolution(
        employee=org.dario, before=date(2025, 11, 20), after=date(2026, 11, 18)
    )
    assert [(e.skill.code, e.before, e.after, e.change) for e in evolution] == [
        ("DIE", None, 2, 2),
        ("P400", 2, 3, 1),
    ]


def test_it_keeps_the_matrix_to_the_people_a_manager_sees(org, users, matrix_world):
    outsider_team_member = EmployeeFactory(site=org.site_a, team=org.team_a1, first_name="Zoë")
    matrix = selectors.skills_matrix(
        user=users.leader, query=selectors.MatrixQuery(team=org.team_a1)
    )
    assert outsider_team_member.pk not in {row.employee.pk for row in matrix.rows}
    matrix = selectors.skills_matrix(
        user=users.site_hr_a, query=selectors.MatrixQuery(team=org.team_a1)
    )
    assert outsider_team_member.pk in {row.employee.pk for row in matrix.rows}
