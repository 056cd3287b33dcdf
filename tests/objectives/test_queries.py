"""Every page and API list runs as many SQL queries for many objectives as for a few,
and so does the expected-versus-achieved view for a long history."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcours.objectives import services
from parcours.objectives.choices import EvaluationRole, ObjectiveLevel
from parcours.objectives.models import CheckIn, Evaluation, Objective
from parcours.organisation.models import Employee
from tests.objectives.conftest import level


def _grow(org, users, n: int, start: int) -> None:
    """n more people in Bruno's team, each with objectives over several years, evaluated,
    with check-ins, contributing to a team objective."""
    team_goal = services.objective_create(
        user=users.site_hr_a,
        level=ObjectiveLevel.TEAM,
        team=org.team_a1,
        title=f"Team goal {start}",
        period_start=date(2020, 1, 1),
        period_end=date(2030, 1, 1),
    )
    people = Employee.objects.bulk_create(
        Employee(
            site=org.site_a,
            legal_entity=org.site_a.legal_entity,
            employee_number=f"OB{start + i:05d}",
            first_name=f"Worker{start + i}",
            last_name=f"Number{start + i}",
            hire_date=date(2015, 1, 1),
            category=org.chloe.category,
            team=org.team_a1,
            manager=org.bruno,
        )
        for i in range(n)
    )
    scale = services.default_scale()
    objectives = Objective.objects.bulk_create(
        Objective(
            owner=person,
            site=org.site_a,
            title=f"Objective {year} of {person.last_name}",
            target=3,
            baseline=4,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            scale=scale,
            status="achieved" if year < 2026 else "open",
            contributes_to=team_goal,
        )
        for person in people + [org.chloe]
        for year in range(2026 - max(1, n // 4), 2027)
    )
    Evaluation.objects.bulk_create(
        Evaluation(
            objective=o,
            role=role,
            level=level("B"),
            value=3,
            evaluated_on=o.period_end,
        )
        for o in objectives
        for role in (EvaluationRole.MANAGER, EvaluationRole.SELF)
    )
    CheckIn.objects.bulk_create(
        CheckIn(objective=o, day=o.period_start + timedelta(days=d), value=3.5)
        for o in objectives
        for d in (30, 90)
    )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries)


def test_pages_and_api_lists_keep_a_fixed_query_count(org, users, client_for):
    pages = [
        (users.group_hr, reverse("objectives:list")),
        (users.group_hr, reverse("objectives:list") + "?unevaluated=on&year=2026"),
        (users.group_hr, reverse("objectives:export")),
        (users.leader, reverse("objectives:team")),
        (users.manager, reverse("objectives:team")),
        (users.operator, reverse("objectives:mine")),
        (users.leader, reverse("objectives:employee_panel", args=[org.chloe.pk])),
        (users.group_hr, reverse("objective-list")),
        (users.leader, reverse("objective-list")),
        (users.group_hr, reverse("objective-checkin-list")),
        (users.group_hr, reverse("objective-evaluation-list")),
        (users.operator, reverse("objective-evaluation-list")),
        (users.leader, reverse("objective-history-detail", args=[org.chloe.pk])),
        (users.group_hr, reverse("objective-scale-list")),
    ]
    _grow(org, users, 3, 0)
    small = [_count(client_for(user), url) for user, url in pages]
    _grow(org, users, 24, 100)
    large = [_count(client_for(user), url) for user, url in pages]
    assert large == small, [
        (url, s, b) for (_, url), s, b in zip(pages, small, large, strict=True) if s != b
    ]
    # And the view shows the long history: seven periods (2020 to 2026) for Chloé now.
    page = client_for(users.leader).get(reverse("objectives:employee_panel", args=[org.chloe.pk]))
    assert page.content.decode().count('class="period"') == 7
