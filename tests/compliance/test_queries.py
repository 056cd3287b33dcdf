"""The site and entity lists, the overview and the API list run as many SQL queries for
200 employees as for 10, whatever history they have."""

from datetime import date, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours.compliance.models import HistoricInterview, InterviewPolicy, TrainingRecord
from parcours.interviews.choices import InterviewStatus
from parcours.interviews.models import Campaign, Interview, InterviewKind
from parcours.organisation.models import Employee, Leave
from tests.compliance.conftest import ON


def _grow(world, n: int, start: int) -> None:
    """n more employees in plant A, each with a leave, interviews and a training."""
    org = world.org
    employees = Employee.objects.bulk_create(
        Employee(
            site=org.site_a,
            legal_entity=org.entity_fr,
            employee_number=f"Q{start + i:06d}",
            first_name=f"Worker{start + i}",
            last_name=f"Number{start + i}",
            hire_date=date(2015, 1, 1) + timedelta(days=17 * i),
            category=org.chloe.category,
            team=org.team_a1,
            manager=org.bruno,
        )
        for i in range(n)
    )
    Leave.objects.bulk_create(
        Leave(
            employee=e,
            kind="maternity" if i % 2 else "sick",
            first_day=date(2024, 1, 1) + timedelta(days=i),
            last_day=date(2024, 6, 1) + timedelta(days=i),
            return_date=date(2024, 6, 2) + timedelta(days=i),
        )
        for i, e in enumerate(employees)
    )
    HistoricInterview.objects.bulk_create(
        HistoricInterview(employee=e, date=date(2023, 1, 1) + timedelta(days=i), kind="periodic")
        for i, e in enumerate(employees)
    )
    TrainingRecord.objects.bulk_create(
        TrainingRecord(employee=e, date=date(2023, 2, 1), mandatory=bool(i % 2), title="T")
        for i, e in enumerate(employees)
    )
    campaign = Campaign.objects.create(
        name=f"c{start}", kind=world.professional, opens_on=date(2025, 1, 1), deadline=ON
    )
    version = world.professional.templates.first().versions.first()
    held = timezone.make_aware(datetime(2025, 3, 1, 10))
    Interview.objects.bulk_create(
        Interview(
            campaign=campaign,
            employee=e,
            template_version=version,
            status=InterviewStatus.SIGNED if i % 2 else InterviewStatus.CANCELLED,
            held_at=held,
        )
        for i, e in enumerate(employees)
    )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_the_number_of_employees(world, client_for):
    policy = InterviewPolicy.objects.create(
        code="ANNUAL",
        name="Annual",
        kind=InterviewKind.objects.get(code="annual_review"),
        period_months=12,
    )
    policy.sites.set([world.org.site_a])
    client = client_for(world.users.site_hr_a)
    on = f"?on={ON.isoformat()}"
    urls = [
        reverse("compliance:site", args=[world.org.site_a.pk]) + on,
        reverse("compliance:entity", args=[world.org.entity_fr.pk]) + on,
        reverse("compliance:home") + on,
        "/api/v1/compliance/obligations/" + on,
    ]
    _grow(world, 4, 0)  # 10 employees in plant A
    small = [_count(client, url) for url in urls]
    _grow(world, 190, 100)  # 200
    large = [_count(client, url) for url in urls]
    assert small == large
    html = client.get(urls[0]).content.decode()
    assert "Worker150" in html  # the larger population is really listed
