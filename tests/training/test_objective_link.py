"""A training request may serve one of the employee's open objectives (issue 7: "linked to a
skill gap or objective"): offered in every way of asking, checked against the employee,
shown on the request, on the employee's own page and on the objective."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from parcours.interviews.blocks import BlockContext, get_block
from parcours.objectives import services as objectives
from parcours.objectives.choices import ObjectiveLevel
from parcours.objectives.models import Objective
from parcours.training.models import TrainingRequest
from tests.training.conftest import ask


def _objective(owner, user, title, **extra):
    return objectives.objective_create(
        user=user,
        level=ObjectiveLevel.INDIVIDUAL,
        owner=owner,
        title=title,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        **extra,
    )


@pytest.fixture
def goals(org, users):
    """Chloé's open objective, a closed one of hers, and Dário's open objective."""
    mine = _objective(org.chloe, users.leader, "Run the 400 t press alone")
    closed = _objective(org.chloe, users.leader, "Old closed goal")
    Objective.objects.filter(pk=closed.pk).update(status="achieved")
    closed.refresh_from_db()
    other = _objective(org.dario, users.leader, "Dario's own goal")
    return mine, closed, other


def _api(user):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_service_links_only_an_open_objective_of_the_same_employee(org, users, world, goals):
    mine, closed, other = goals
    request = ask(org, users, world, objective=mine)
    assert TrainingRequest.objects.get(pk=request.pk).objective == mine
    with pytest.raises(ValidationError) as error:
        ask(org, users, world, objective=other, reason="Another")
    assert "not one of this employee's objectives" in str(error.value)
    with pytest.raises(ValidationError) as error:
        ask(org, users, world, objective=closed, reason="Closed")
    assert "closed" in str(error.value)
    assert TrainingRequest.objects.count() == 1
    # The link is audited with the request.
    assert request.history.first().objective_id == mine.pk


def test_the_api_refuses_another_employees_objective_with_a_clear_message(org, users, world, goals):
    mine, closed, other = goals
    client = _api(users.leader)
    body = {"employee": org.chloe.pk, "training": world.press_basics.pk, "reason": "Line 3"}
    response = client.post(
        "/api/v1/training/requests/", {**body, "objective": other.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["objective"] == [
        "This objective is not one of this employee's objectives."
    ]
    response = client.post(
        "/api/v1/training/requests/", {**body, "objective": closed.pk}, format="json"
    )
    assert response.status_code == 400 and "closed" in str(response.json()["objective"])
    assert not TrainingRequest.objects.exists()
    response = client.post(
        "/api/v1/training/requests/", {**body, "objective": mine.pk}, format="json"
    )
    assert response.status_code == 201
    assert (response.json()["objective"], response.json()["objective_title"]) == (
        mine.pk,
        "Run the 400 t press alone",
    )
    listed = client.get("/api/v1/training/requests/").json()["results"]
    assert listed[0]["objective_title"] == "Run the 400 t press alone"


def test_the_request_form_offers_the_employees_open_objectives_only(
    org, users, world, goals, client_for
):
    mine, closed, other = goals
    leader = client_for(users.leader)
    url = reverse("training:request_create") + f"?employee={org.chloe.pk}"
    page = leader.get(url).content.decode()
    assert "Run the 400 t press alone" in page
    assert "Old closed goal" not in page and "Dario&#x27;s own goal" not in page
    body = {
        "employee": org.chloe.pk,
        "training": world.press_basics.pk,
        "reason": "Line 3",
        "priority": "normal",
    }
    refused = leader.post(url, {**body, "objective": other.pk})
    assert refused.status_code == 200 and not TrainingRequest.objects.exists()
    assert refused.context["form"].errors["objective"]
    # Without a chosen employee the list mixes the team, but the objective must be theirs.
    open_url = reverse("training:request_create")
    page = leader.get(open_url).content.decode()
    assert "Dário" in page and "Dario&#x27;s own goal" in page
    refused = leader.post(open_url, {**body, "objective": other.pk})
    assert refused.context["form"].errors["objective"] == [
        "This objective is not one of this employee's."
    ]
    response = leader.post(url, {**body, "objective": mine.pk})
    request = TrainingRequest.objects.get()
    assert response["Location"] == reverse("training:request_detail", args=[request.pk])
    assert request.objective == mine
    detail = leader.get(response["Location"]).content.decode()
    assert "Objective it serves" in detail and "Run the 400 t press alone" in detail


def test_the_employee_picks_one_of_their_objectives_in_plain_words(
    org, users, world, goals, client_for
):
    mine, closed, other = goals
    chloe = client_for(users.operator)
    page = chloe.get(reverse("training:ask")).content.decode()
    assert "Is it for one of your objectives?" in page
    assert "Run the 400 t press alone" in page and "Dario&#x27;s own goal" not in page
    body = {"training": world.press_basics.pk, "reason": "To work alone"}
    refused = chloe.post(reverse("training:ask"), {**body, "objective": other.pk})
    assert refused.status_code == 200 and not TrainingRequest.objects.exists()
    response = chloe.post(reverse("training:ask"), {**body, "objective": mine.pk})
    assert response["Location"] == reverse("training:mine")
    assert TrainingRequest.objects.get().objective == mine
    mine_page = chloe.get(reverse("training:mine")).content.decode()
    assert "For your objective: Run the 400 t press alone" in mine_page
    # Optional: without an objective it is a request all the same.
    chloe.post(reverse("training:ask"), {"title": "Excel", "reason": "Reports"})
    assert TrainingRequest.objects.filter(objective__isnull=True, title="Excel").exists()


def test_the_question_is_not_asked_of_someone_without_open_objectives(
    org, users, world, client_for
):
    page = client_for(users.operator).get(reverse("training:ask")).content.decode()
    assert 'name="training"' in page and 'name="objective"' not in page


def test_the_interview_block_offers_the_interviewed_employees_objectives(
    org, users, world, review, goals, client_for
):
    interview, section = review
    mine, closed, other = goals
    leader = client_for(users.leader)
    page = leader.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert 'name="tr-objective"' in page and "Run the 400 t press alone" in page
    assert page.count("data-block-form") == 1  # the general Save warns about its input
    assert "Dario&#x27;s own goal" not in page and "Old closed goal" not in page
    url = reverse("training:interview_block", args=[interview.pk, section.pk])
    body = {"tr-training": str(world.press_basics.pk), "tr-reason": "Alone on the press"}
    response = leader.post(url, {**body, "tr-objective": str(other.pk)}, follow=True)
    assert response.context["messages"] and not TrainingRequest.objects.exists()
    leader.post(url, {**body, "tr-objective": str(mine.pk)})
    request = TrainingRequest.objects.get()
    assert (request.objective, request.interview) == (mine, interview)
    page = leader.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert "for the objective “Run the 400 t press alone”" in page
    block = get_block("training_request")
    report = block.report(interview, section)
    assert report["training_requests"][0]["objective"] == "Run the 400 t press alone"
    html = block.render_pdf(BlockContext(section=section, interview=interview))
    assert "Run the 400 t press alone" in html


def test_the_objective_lists_the_training_requests_that_serve_it(
    org, users, world, goals, client_for
):
    mine, closed, other = goals
    request = ask(org, users, world, objective=mine)
    url = reverse("objectives:detail", args=[mine.pk])
    page = client_for(users.leader).get(url).content.decode()
    assert "Trainings asked for this objective" in page
    assert reverse("training:request_detail", args=[request.pk]) in page
    # Another objective shows none of them; outside the scope the objective is not found.
    other_page = client_for(users.leader).get(reverse("objectives:detail", args=[other.pk]))
    assert "Trainings asked for this objective" not in other_page.content.decode()
    assert client_for(users.site_hr_b).get(url).status_code == 404
