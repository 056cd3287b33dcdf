"""Every list page and API list runs as many SQL queries for many requests as for a few."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours.objectives import services as objectives
from parcours.objectives.models import Objective
from parcours.organisation.models import Employee
from parcours.training import services
from parcours.training.models import Training, TrainingSession
from tests.training.conftest import ask

STATES = ["requested", "approved", "planned", "done", "refused", "cancelled"]


def _grow(org, users, world, n: int, start: int) -> None:
    """n more people in team A1 with a request each, in every state, in new sessions."""
    coordinator = users.coordinator_a
    today = timezone.localdate()
    extra = services.training_save(
        training=Training(
            code=f"extra-{start}",
            labels={"en": f"Extra {start}"},
            duration_hours=Decimal("3"),
            cost_per_person=Decimal("90"),
            site=org.site_a,
        ),
        skills=[(world.press, 2)],
        user=users.group_hr,
    )
    session = services.session_save(
        session=TrainingSession(
            training=extra,
            site=org.site_a,
            starts_on=today - timedelta(days=2),
            ends_on=today - timedelta(days=1),
            capacity=50,
        ),
        user=coordinator,
    )
    people = Employee.objects.bulk_create(
        Employee(
            site=org.site_a,
            legal_entity=org.entity_fr,
            employee_number=f"T{start + i:05d}",
            first_name=f"Worker{start + i}",
            last_name=f"Number{start + i}",
            hire_date=date(2020, 1, 1),
            category=org.chloe.category,
            team=org.team_a1,
            manager=org.bruno,
        )
        for i in range(n)
    )
    scale = objectives.default_scale()
    goals = Objective.objects.bulk_create(
        Objective(
            owner=person,
            site=org.site_a,
            title=f"Goal of {person.last_name}",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            scale=scale,
        )
        for person in people
    )
    for i, (person, goal) in enumerate(zip(people, goals, strict=True)):
        state = STATES[i % len(STATES)]
        request = services.request_create(
            employee=person,
            user=users.leader,
            origin="manager",
            training=extra,
            reason="More people on the press",
            skill=world.press,
            objective=goal,  # the objective it serves is shown without a query per row
        )
        if state == "refused":
            services.request_refuse(request=request, user=coordinator, reason="Later")
        if state in ("approved", "planned", "done", "cancelled"):
            services.request_approve(request=request, user=coordinator)
        if state in ("planned", "done"):
            services.request_plan(request=request, user=coordinator, session=session)
        if state == "done":
            services.request_done(request=request, user=coordinator)
        if state == "cancelled":
            services.request_cancel(request=request, user=coordinator, reason="Left")


def _pages(org, world, request) -> dict:
    return {
        "queue": reverse("training:queue"),
        "queue_planned": reverse("training:queue") + "?status=planned",
        "team": reverse("training:team") + "?status=all",
        "mine": reverse("training:mine"),
        "catalogue": reverse("training:catalogue"),
        "sessions": reverse("training:sessions") + "?past=1",
        "session_detail": reverse("training:session_detail", args=[world.session.pk]),
        "request_detail": reverse("training:request_detail", args=[request.pk]),
        "plan": reverse("training:plan") + f"?site={org.site_a.pk}",
        "plan_export": reverse("training:plan_export") + f"?site={org.site_a.pk}",
        "budgets": reverse("training:budgets"),
        "employee_panel": reverse("training:employee_panel", args=[org.chloe.pk]),
        "api_trainings": "/api/v1/training/trainings/",
        "api_sessions": "/api/v1/training/sessions/",
        "api_requests": "/api/v1/training/requests/",
    }


def _counts(org, users, world, request) -> dict:
    counts = {}
    viewers = {
        "team": users.leader,
        "mine": users.operator,
        "employee_panel": users.leader,
    }
    clients = {}
    for name, url in _pages(org, world, request).items():
        user = viewers.get(name, users.group_hr)
        client = clients.get(user.pk)
        if client is None:
            client = clients[user.pk] = Client()
            client.force_login(user)
        client.get(url)  # warm up caches (sessions, content types)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
def test_lists_run_a_fixed_number_of_queries(org, users, world):
    world.session.capacity = 50
    world.session.save()
    request = ask(org, users, world)
    goal = Objective.objects.create(
        owner=org.chloe,
        site=org.site_a,
        title="Chloé's goal",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        scale=objectives.default_scale(),
    )
    linked = {org.chloe.pk: goal}
    for employee in (org.chloe, org.dario):
        # Chloé's own requests and the session's participants grow too.
        extra = ask(
            org,
            users,
            world,
            employee=employee,
            reason=f"More {employee.pk}",
            objective=linked.get(employee.pk),
        )
        services.request_approve(request=extra, user=users.coordinator_a)
        services.request_plan(request=extra, user=users.coordinator_a, session=world.session)
    _grow(org, users, world, 6, 0)
    small = _counts(org, users, world, request)
    _grow(org, users, world, 18, 100)
    for employee in (org.chloe, org.dario):
        extra = ask(
            org,
            users,
            world,
            employee=employee,
            reason=f"Again {employee.pk}",
            objective=linked.get(employee.pk),
        )
        services.request_approve(request=extra, user=users.coordinator_a)
        services.request_plan(request=extra, user=users.coordinator_a, session=world.session)
    large = _counts(org, users, world, request)
    assert large == small
