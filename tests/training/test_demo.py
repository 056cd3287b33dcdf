"""The demo gets a catalogue in the plants' languages, budgets, sessions and requests in
every state, so that each demo user sees real content; built once."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from parcours.organisation.demo import build_demo
from parcours.skills.demo import build_skills_demo
from parcours.training.choices import RequestStatus
from parcours.training.demo import build_training_demo
from parcours.training.models import SkillProposal, Training, TrainingRequest


def test_it_builds_trainings_for_every_demo_user_once(db, client_for):
    build_demo(employees=60)
    build_skills_demo()
    result = build_training_demo()
    assert result.created
    counts = (Training.objects.count(), TrainingRequest.objects.count())
    assert not build_training_demo().created
    assert (Training.objects.count(), TrainingRequest.objects.count()) == counts

    statuses = set(TrainingRequest.objects.values_list("status", flat=True))
    assert statuses == set(RequestStatus.values)
    # (Requests raised in the demo interviews need the interviews demo: not built here.)
    decided = TrainingRequest.objects.exclude(status__in=["requested"]).exclude(
        status="cancelled", decided_at__isnull=True
    )
    assert not decided.filter(decision_delay__isnull=True).exists()
    assert Training.objects.get(code="demo-val-press").labels["fr"] == "Conduite presse 400 t"
    assert "nl" in Training.objects.get(code="demo-gnt-press").labels

    users = {u.username: u for u in get_user_model().objects.all()}
    queue = client_for(users["training-valenciennes"]).get(reverse("training:queue"))
    assert queue.status_code == 200 and b"data-request" in queue.content
    plan = client_for(users["training-valenciennes"]).get(reverse("training:plan"))
    assert "42,000 €" in plan.content.decode()
    team = client_for(users["team-leader"]).get(reverse("training:team")).content.decode()
    assert SkillProposal.objects.filter(
        status="pending", employee__manager__user__username="team-leader"
    ).exists()
    assert "Confirm the level" in team
    manager = client_for(users["manager"]).get(reverse("training:team")).content.decode()
    assert "data-request" in manager
    mine = client_for(users["operator"]).get(reverse("training:mine")).content.decode()
    assert "Refused" in mine and "Done" in mine and "Waiting for a decision" in mine
    assert "Budget de l&#x27;année atteint" in mine
