"""The matrix and every list run the same number of SQL queries whatever the data size.

Each page is measured on a small team (5 people, 5 skills), then the team grows to 60
people and 80 skills with levels, history, certificates, leaves and self-assessments, and
the small count is the bound.
"""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours.organisation.models import Employee, Leave
from parcours.skills.models import (
    Assessment,
    Certification,
    CurrentLevel,
    MatrixImport,
    PositionRequirement,
    Skill,
    TeamRequirement,
)
from tests.skills.factories import DomainFactory


def _grow(org, catalogue, people: int, skills: int) -> None:
    """Team A1 gets `people` operators under Bruno and the press operator's position
    requires `skills` skills, each person with a level (and a history) on each."""
    today = timezone.localdate()
    existing_people = Employee.objects.filter(team=org.team_a1).count()
    employees = Employee.objects.bulk_create(
        Employee(
            legal_entity=org.entity_fr,
            site=org.site_a,
            employee_number=f"G{existing_people}-{i:05d}",
            first_name=f"Person{i}",
            last_name=f"Grown{existing_people + i:05d}",
            hire_date=date(2015, 1, 1),
            category=org.chloe.category,
            position=org.position,
            team=org.team_a1,
            manager=org.bruno,
        )
        for i in range(max(0, people - existing_people))
    )
    domains = [DomainFactory(code=f"grown-{i}", parent=catalogue.production) for i in range(4)]
    required = PositionRequirement.objects.filter(position=org.position).count()
    numbering = Skill.objects.count()
    new_skills = Skill.objects.bulk_create(
        Skill(
            domain=domains[i % 4],
            code=f"G{numbering + i:04d}",
            labels={"en": f"Station {numbering + i}"},
            certification_type=catalogue.forklift_licence if i % 10 == 0 else None,
        )
        for i in range(max(0, skills - required))
    )
    PositionRequirement.objects.bulk_create(
        PositionRequirement(position=org.position, skill=skill, level=1 + i % 4)
        for i, skill in enumerate(new_skills)
    )
    TeamRequirement.objects.bulk_create(
        TeamRequirement(team=org.team_a1, skill=skill, level=3, min_people=2)
        for skill in new_skills[::3]
    )
    team = list(Employee.objects.filter(team=org.team_a1))
    all_skills = list(Skill.objects.filter(site__isnull=True))
    fresh = set(employees)
    assessments = []
    for employee in team:
        for j, skill in enumerate(all_skills):
            if employee not in fresh and skill not in new_skills:
                continue
            for back, level in ((400, max(0, (j % 5) - 1)), (30, j % 5)):
                assessments.append(
                    Assessment(
                        employee=employee,
                        skill=skill,
                        level=level,
                        assessed_on=today - timedelta(days=back),
                        source="observation",
                    )
                )
    Assessment.objects.bulk_create(assessments, batch_size=2000)
    CurrentLevel.objects.bulk_create(
        (
            CurrentLevel(
                employee=a.employee,
                skill=a.skill,
                level=a.level,
                assessed_on=a.assessed_on,
                assessment=a,
            )
            for a in assessments
            if a.assessed_on == today - timedelta(days=30)
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )
    Certification.objects.bulk_create(
        Certification(
            employee=employee,
            type=catalogue.forklift_licence,
            obtained_on=today - timedelta(days=1800),
            valid_until=today + timedelta(days=(i % 7) * 20 - 40),
        )
        for i, employee in enumerate(employees)
    )
    Leave.objects.bulk_create(
        Leave(employee=employee, kind="sick", first_day=today - timedelta(days=1), last_day=today)
        for employee in employees[::9]
    )
    Assessment.objects.bulk_create(
        Assessment(
            employee=employee,
            skill=new_skills[0] if new_skills else all_skills[0],
            level=4,
            assessed_on=today,
            source="self",
            status="proposed",
        )
        for employee in employees[::5]
    )


def _pages(org, users, catalogue):
    team = f"?team={org.team_a1.pk}"
    return {
        "matrix": reverse("skills:matrix") + team,
        "matrix, whole catalogue": reverse("skills:matrix") + team + "&show=all",
        "matrix of the site": reverse("skills:matrix") + f"?site={org.site_a.pk}",
        "matrix, gaps only": reverse("skills:matrix") + team + "&gaps=on&q=grown",
        "matrix excel": reverse("skills:matrix_export", args=["xlsx"]) + team,
        "home": reverse("skills:home"),
        "gaps": reverse("skills:gaps") + team,
        "coverage": reverse("skills:coverage", args=[org.team_a1.pk]),
        "team requirements": reverse("skills:team_requirements", args=[org.team_a1.pk]),
        "position requirements": reverse("skills:position_requirements", args=[org.position.pk]),
        "employee": reverse("skills:employee", args=[org.dario.pk]),
        "certifications": reverse("skills:certifications") + "?within=365",
        "proposals": reverse("skills:proposals"),
        "catalogue": reverse("skills:catalogue"),
        "skill": reverse("skills:skill_detail", args=[catalogue.press.pk]),
        "assess": reverse("skills:assess", args=[org.dario.pk]) + f"?skill={catalogue.press.pk}",
    }


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


@pytest.mark.parametrize("role", ["group_hr", "leader"])
def test_it_runs_as_many_queries_for_60_people_by_80_skills_as_for_5_by_5(
    org, users, matrix_world, client_for, django_assert_max_num_queries, role
):
    client = client_for(getattr(users, role))
    _grow(org, matrix_world, people=5, skills=5)
    pages = _pages(org, users, matrix_world)
    small = {name: _count(client, url) for name, url in pages.items()}

    _grow(org, matrix_world, people=60, skills=80)
    assert Employee.objects.filter(team=org.team_a1).count() >= 60
    assert PositionRequirement.objects.filter(position=org.position).count() >= 80
    for name, url in pages.items():
        with django_assert_max_num_queries(small[name]):
            response = client.get(url)
        assert response.status_code == 200, name


def test_it_shows_every_person_and_skill_of_the_grown_team(org, users, matrix_world, client_for):
    _grow(org, matrix_world, people=60, skills=80)
    page = client_for(users.group_hr).get(reverse("skills:matrix") + f"?team={org.team_a1.pk}")
    html = page.content.decode()
    assert html.count("<tr data-e=") == Employee.objects.filter(team=org.team_a1).count()
    assert html.count('class="sk') >= 80


def test_it_lists_imports_in_as_many_queries_for_30_as_for_2(
    org, users, matrix_world, client_for, django_assert_max_num_queries
):
    from parcours.skills import services
    from tests.skills.conftest import xlsx_upload

    def check(count):
        for _ in range(count):
            services.matrix_import_check(
                upload=xlsx_upload([["Employee number", "P400"], ["404", "X"], ["", "U"]]),
                assessed_on=date(2026, 6, 1),
                user=users.site_hr_a,
            )

    client = client_for(users.group_hr)
    check(2)
    run = f"/skills/imports/{MatrixImport.objects.first().pk}/"
    small = {url: _count(client, url) for url in ("/skills/imports/", run)}
    check(28)
    for url, count in small.items():
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


def test_it_shows_skills_in_the_admin(org, users, matrix_world, client_for):
    users.group_hr.is_staff = users.group_hr.is_superuser = True
    users.group_hr.save()
    client = client_for(users.group_hr)
    for name in ("level", "skilldomain", "skill", "assessment", "certification", "teamrequirement"):
        assert client.get(f"/admin/skills/{name}/").status_code == 200, name
