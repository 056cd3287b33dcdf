"""The board and every list run as many SQL queries for 100 interviews as for 5."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours.interviews import services
from parcours.interviews.choices import InterviewStatus
from parcours.interviews.models import Interview, Notification
from parcours.organisation.models import Employee
from tests.interviews.conftest import answer_everything

STATUSES = [s for s in InterviewStatus if s != InterviewStatus.SIGNED]


def _grow(world, n: int, start: int) -> None:
    """n more employees at both plants, their interviews in every status, some late."""
    org = world.org
    placements = [(org.site_a, org.team_a1, org.bruno), (org.site_b, org.team_b1, org.greet)]
    employees = []
    for i in range(n):
        site, team, manager = placements[i % 2]
        employees.append(
            Employee(
                site=site,
                legal_entity=site.legal_entity,
                employee_number=f"Q{start + i:06d}",
                first_name=f"Worker{start + i}",
                last_name=f"Number{start + i}",
                hire_date=date(2020, 1, 1) + timedelta(days=i),
                category=org.chloe.category,
                team=team,
                manager=manager,
            )
        )
    Employee.objects.bulk_create(employees)
    services.campaign_add_late_hires(campaign=world.campaign, user=world.users.group_hr)
    now = timezone.now()
    for i, interview in enumerate(Interview.objects.filter(employee__in=employees).order_by("pk")):
        status = STATUSES[i % len(STATUSES)]
        Interview.objects.filter(pk=interview.pk).update(
            status=status, scheduled_at=now + timedelta(days=i % 9)
        )
        if i % 5 == 0:
            Notification.objects.create(
                recipient=interview.interviewer or org.bruno,
                kind="to_plan",
                campaign=world.campaign,
                interview=interview,
                subject="Plan",
                text="Plan it",
            )


def _pages(world) -> dict[str, str]:
    chloe = world.interview(world.org.chloe)
    return {
        "mine": reverse("interviews:mine"),
        "board": reverse("interviews:board"),
        "board_by_manager": reverse("interviews:board") + "?group=manager",
        "board_by_department": reverse("interviews:board") + "?group=department",
        "board_by_campaign": reverse("interviews:board") + "?group=campaign",
        "board_by_entity": reverse("interviews:board") + "?group=legal_entity",
        "board_fragment": reverse("interviews:board") + "?group=site&hx=1",
        "list": reverse("interviews:list"),
        "list_late": reverse("interviews:list") + "?late=true",
        "campaign_list": reverse("interviews:campaign_list"),
        "campaign_detail": reverse("interviews:campaign_detail", args=[world.campaign.pk]),
        "template_list": reverse("interviews:template_list"),
        "detail": reverse("interviews:detail", args=[chloe.pk]),
        "dossier": reverse("interviews:dossier", args=[chloe.pk]),
        "api_interviews": "/api/v1/interviews/",
        "api_campaigns": "/api/v1/campaigns/",
        "api_templates": "/api/v1/interview-templates/",
        "api_answers": f"/api/v1/interviews/{chloe.pk}/answers/",
    }


def _get(client, url):
    headers = {"HTTP_HX_REQUEST": "true"} if url.endswith("hx=1") else {}
    response = client.get(url, **headers)
    assert response.status_code in (200, 302, 403), (url, response.status_code)
    return response


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    return len(queries)


@pytest.mark.parametrize("role", ["group_hr", "leader", "manager"])
def test_it_runs_as_many_queries_for_100_interviews_as_for_5(
    world, django_assert_max_num_queries, role
):
    client = Client()
    client.force_login(getattr(world.users, role))
    answer_everything(world.interview(world.org.chloe))
    _grow(world, 5, start=0)
    targets = _pages(world)
    for url in targets.values():
        _get(client, url)  # warm caches (content types, ...)
    at_5 = {name: _count(client, url) for name, url in targets.items()}

    _grow(world, 95, start=100)
    assert Interview.objects.filter(campaign=world.campaign).count() >= 100
    over = {}
    for name, url in targets.items():
        try:
            with django_assert_max_num_queries(at_5[name]):
                _get(client, url)
        except pytest.fail.Exception:
            over[name] = f"{at_5[name]} queries at 5, {_count(client, url)} at 100"
    assert over == {}


def test_it_counts_the_grown_interviews_on_the_board(world):
    """The counts above are of real rows: the board adds them up."""
    _grow(world, 20, start=0)
    client = Client()
    client.force_login(world.users.group_hr)
    html = client.get(reverse("interviews:board") + "?group=site").content.decode()
    for status in ("to_plan", "planned", "held", "followed_up"):
        expected = Interview.objects.filter(status=status).count()
        assert f'data-count="{status}">{expected}<' in html
