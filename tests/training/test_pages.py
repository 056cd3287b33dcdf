"""The training pages as people use them: the employee asks and reads the answer, the
coordinator decides with the budget in view, plans and closes; HR keeps the catalogue,
sessions and budgets and exports the plan."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from parcours.training import services
from parcours.training.models import Training, TrainingBudget, TrainingRequest, TrainingSession
from tests.training.conftest import ask


def test_the_employee_asks_on_their_phone_and_reads_the_refusal(org, users, world, client_for):
    chloe = client_for(users.operator)
    page = chloe.get(reverse("training:ask")).content.decode()
    assert "Press basics" in page and "Persen" not in page
    response = chloe.post(reverse("training:ask"), {"reason": "Nothing chosen"})
    assert "Choose a training of the list" in response.content.decode()
    assert not TrainingRequest.objects.exists()
    response = chloe.post(
        reverse("training:ask"),
        {"title": "Welding", "reason": "To help on line 2", "wished_period": "spring"},
    )
    assert response.status_code == 302
    request = TrainingRequest.objects.get()
    assert (request.origin, request.employee, request.title) == (
        "self_service",
        org.chloe,
        "Welding",
    )
    mine = chloe.get(reverse("training:mine")).content.decode()
    assert "waits for the training coordinator" in mine

    services.request_refuse(request=request, user=users.coordinator_a, reason="No welder post")
    mine = chloe.get(reverse("training:mine")).content.decode()
    assert "Refused" in mine and "No welder post" in mine


def test_the_coordinator_decides_with_the_budget_in_view(org, users, world, client_for):
    request = ask(org, users, world)
    ask(org, users, world, employee=org.dario)
    coordinator = client_for(users.coordinator_a)
    queue = coordinator.get(reverse("training:queue")).content.decode()
    assert 'Waiting for a decision <span class="tr-count">2</span>' in queue
    page = coordinator.get(reverse("training:request_detail", args=[request.pk])).content.decode()
    assert "Budget of Plant A in" in page and "10,000 €" in page
    assert "9,550 €" in page  # what remains after this one
    url = reverse("training:request_action", args=[request.pk, "approve"])
    response = coordinator.post(url, {"version": 1, "cost": "-5"}, follow=True)
    assert "Give a cost of zero or more" in response.content.decode()
    response = coordinator.post(url, {"version": 1, "cost": "500"}, follow=True)
    assert "Approved" in response.content.decode()
    # A second click on an old page: a clear message, nothing changes.
    response = coordinator.post(url, {"version": 1}, follow=True)
    assert "cannot be approved" in response.content.decode()
    request.refresh_from_db()
    assert (request.status, request.cost, request.version) == ("approved", 500, 2)

    plan_url = reverse("training:request_action", args=[request.pk, "plan"])
    response = coordinator.post(plan_url, {"version": 2, "session": world.session.pk})
    assert response.status_code == 302
    done_url = reverse("training:request_action", args=[request.pk, "done"])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = coordinator.post(
        done_url,
        {"version": 3, "done_on": tomorrow, "attendance": "attended", "result": "passed"},
        follow=True,
    )
    assert "cannot be in the future" in response.content.decode()
    response = coordinator.post(
        done_url,
        {
            "version": 3,
            "attendance": "attended",
            "result": "passed",
            "certificate": SimpleUploadedFile("cert.pdf", b"%PDF-1.4 certificate"),
        },
        follow=True,
    )
    assert "Marked as done" in response.content.decode()
    request.refresh_from_db()
    assert request.status == "done" and request.certificate
    download = client_for(users.operator).get(reverse("training:certificate", args=[request.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")

    # The manager confirms the level from their team page.
    leader = client_for(users.leader)
    team = leader.get(reverse("training:team")).content.decode()
    assert "New levels to confirm" in team and "Press 400 t" in team
    proposal = request.skill_proposals.get()
    response = leader.post(
        reverse("training:proposal_decide", args=[proposal.pk]),
        {"decision": "confirm"},
        follow=True,
    )
    assert "Level recorded in the skills matrix" in response.content.decode()


def test_the_refusal_reason_is_required_on_the_page(org, users, world, client_for):
    request = ask(org, users, world)
    url = reverse("training:request_action", args=[request.pk, "refuse"])
    response = client_for(users.site_hr_a).post(url, {"refuse-version": 1}, follow=True)
    assert "the employee reads this reason" in response.content.decode()
    assert TrainingRequest.objects.get(pk=request.pk).status == "requested"


def test_a_manager_asks_for_a_person_of_their_team(org, users, world, client_for):
    leader = client_for(users.leader)
    page = leader.get(reverse("training:request_create")).content.decode()
    assert "Chloé" in page and "Fatima" not in page and "Hanne" not in page
    response = leader.post(
        reverse("training:request_create"),
        {
            "employee": org.dario.pk,
            "training": world.press_basics.pk,
            "reason": "Backup on the press",
            "skill": world.press.pk,
            "priority": "high",
        },
    )
    assert response.status_code == 302
    request = TrainingRequest.objects.get()
    assert (request.employee, request.origin, request.skill) == (org.dario, "manager", world.press)


def test_a_session_is_closed_for_who_attended(org, users, world, client_for):
    present, absent = ask(org, users, world), ask(org, users, world, employee=org.dario)
    for request in (present, absent):
        services.request_approve(request=request, user=users.coordinator_a)
        services.request_plan(request=request, user=users.coordinator_a, session=world.session)
    url = reverse("training:session_detail", args=[world.session.pk])
    coordinator = client_for(users.coordinator_a)
    page = coordinator.get(url).content.decode()
    assert "Chloé Dubois" in page and "Dário Gonçalves" in page
    response = coordinator.post(
        url, {"attended": [str(present.pk)], "result": "passed"}, follow=True
    )
    assert "1 marked as done, 1 absent" in response.content.decode()
    assert TrainingRequest.objects.get(pk=present.pk).status == "done"
    assert TrainingRequest.objects.get(pk=absent.pk).status == "cancelled"


def test_hr_keeps_the_catalogue_sessions_and_budgets(org, users, world, client_for):
    hr = client_for(users.site_hr_a)
    response = hr.post(
        reverse("training:training_create"),
        {
            "code": "first-aid",
            "label_fr": "Sauveteur secouriste du travail",
            "label_nl": "EHBO",
            "kind": "external",
            "duration_hours": "14",
            "cost_per_person": "250",
            "site": org.site_a.pk,
            "mandatory": "on",
            "active": "on",
            "skills_developed": [world.press.pk],
            "level": "2",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    training = Training.objects.get(code="first-aid")
    assert training.labels == {"fr": "Sauveteur secouriste du travail", "nl": "EHBO"}
    assert list(training.skill_targets.values_list("skill__code", "level")) == [("P400", 2)]
    response = hr.post(
        reverse("training:session_create"),
        {
            "training": training.pk,
            "site": org.site_a.pk,
            "starts_on": "2027-05-03",
            "ends_on": "2027-05-01",
            "capacity": "8",
        },
    )
    assert "The last day is before the first day" in response.content.decode()
    assert not TrainingSession.objects.filter(training=training).exists()
    response = hr.post(
        reverse("training:budgets"), {"site": org.site_a.pk, "year": "2027", "amount": "abc"}
    )
    assert response.status_code == 200 and not TrainingBudget.objects.filter(year=2027).exists()


def test_the_plan_shows_costs_and_exports_them(org, users, world, client_for):
    done = ask(org, users, world)
    services.request_approve(request=done, user=users.coordinator_a)
    services.request_plan(request=done, user=users.coordinator_a, session=world.session)
    services.request_done(request=done, user=users.coordinator_a)
    ask(org, users, world, employee=org.dario, training="forklift")
    hr = client_for(users.site_hr_a)
    page = hr.get(reverse("training:plan")).content.decode()
    assert "450 €" in page and "9,550 €" in page and "Presses" in page
    response = hr.get(reverse("training:plan_export") + f"?site={org.site_a.pk}")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Summary", "Category", "Skill domain", "Month", "Requests"]
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True) if row}
    assert summary["Budget (EUR)"] == 10000 and summary["Done (EUR)"] == 450
    requests = list(workbook["Requests"].iter_rows(values_only=True))
    assert len(requests) == 3
    assert {row[2] for row in requests[1:]} == {"Press basics", "Forklift licence course"}


def test_the_employee_page_panel_is_a_fragment_for_htmx(org, users, world, client_for):
    ask(org, users, world)
    url = reverse("training:employee_panel", args=[org.chloe.pk])
    fragment = client_for(users.leader).get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and "Press basics" in fragment
    page = client_for(users.leader).get(url).content.decode()
    assert "<html" in page and "Press basics" in page


def test_the_catalogue_offers_changes_only_where_one_may_make_them(org, users, world, client_for):
    page = client_for(users.coordinator_a).get(reverse("training:catalogue")).content.decode()
    assert reverse("training:training_edit", args=[world.press_basics.pk]) in page
    assert reverse("training:training_edit", args=[world.forklift_course.pk]) not in page
    page = client_for(users.leader).get(reverse("training:catalogue")).content.decode()
    assert "Forklift licence course" in page and "/edit/" not in page


def test_the_self_service_tile_and_the_employee_panel_are_registered(org, users, world):
    from parcours.core.panels import employee_panels
    from parcours.core.selfservice import tiles

    tile = next(t for t in tiles() if t.code == "training")
    assert (tile.url_name, tile.icon, tile.order) == ("training:mine", "✎", 40)
    assert tile.badge(org.chloe) is None
    ask(org, users, world)
    assert tile.badge(org.chloe) == 1
    panel = next(p for p in employee_panels(users.leader, org.chloe) if p.code == "training")
    assert (panel.url_name, panel.order) == ("training:employee_panel", 40)
