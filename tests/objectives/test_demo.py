"""The demo has two years of objectives with evaluations, and the demo users `manager`,
`team-leader` and `operator` see real content; built once."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from parcours.interviews.demo import build_interviews_demo
from parcours.interviews.models import Interview
from parcours.objectives.blocks import NEW, REVIEW
from parcours.objectives.choices import ObjectiveLevel, ObjectiveStatus
from parcours.objectives.demo import build_objectives_demo
from parcours.objectives.models import CheckIn, Evaluation, Objective
from parcours.organisation.demo import build_demo


def test_it_builds_two_years_of_objectives_once(db, client_for):
    build_demo(employees=120)
    build_interviews_demo()
    build_objectives_demo()
    counts = (Objective.objects.count(), Evaluation.objects.count(), CheckIn.objects.count())
    build_objectives_demo()
    assert (
        Objective.objects.count(),
        Evaluation.objects.count(),
        CheckIn.objects.count(),
    ) == counts
    year = timezone.localdate().year
    statuses = set(Objective.objects.values_list("status", flat=True))
    assert statuses >= {
        ObjectiveStatus.OPEN,
        ObjectiveStatus.ACHIEVED,
        ObjectiveStatus.PARTLY_ACHIEVED,
        ObjectiveStatus.NOT_ACHIEVED,
        ObjectiveStatus.CARRIED_OVER,
    }
    assert Objective.objects.filter(level=ObjectiveLevel.DEPARTMENT).exists()
    assert Objective.objects.filter(contributes_to__isnull=False).exists()
    assert Objective.objects.filter(previous__isnull=False).exists()
    assert Evaluation.objects.filter(interview__campaign__name__endswith=str(year)).exists()

    User = get_user_model()
    operator = User.objects.get(username="operator")
    chloe = operator.employee
    periods = {o.period_start.year for o in Objective.objects.filter(owner=chloe)}
    assert periods == {year - 2, year - 1}
    # Her interview of this year carries the review block with last year's objectives.
    interview = Interview.objects.get(employee=chloe, campaign__name__endswith=str(year))
    # ... in the same version as the new objectives and the training requests, all three
    # before the signatures.
    codes = [
        s.block_code
        for s in interview.template_version.sections.order_by("position", "pk")
        if s.block_code
    ]
    assert codes[-4:] == [REVIEW, NEW, "training_request", "signature"], codes
    page = client_for(operator).get(reverse("interviews:detail", args=[interview.pk]))
    set_last_year = Objective.objects.filter(owner=chloe, set_in__isnull=False).first()
    assert escape(set_last_year.title) in page.content.decode()
    # Her page: two years side by side with the chart, in French.
    page = client_for(operator).get(reverse("objectives:mine"), HTTP_ACCEPT_LANGUAGE="fr")
    html = page.content.decode()
    assert f'id="period-{year - 1}"' in html and f'id="period-{year - 2}"' in html
    assert "<svg" in html
    # The team leader and the production manager see their people's objectives.
    for username in ("team-leader", "manager"):
        page = client_for(User.objects.get(username=username)).get(reverse("objectives:team"))
        assert chloe.last_name in page.content.decode(), username


def test_the_training_demo_links_a_few_requests_to_open_objectives(db, client_for):
    from parcours.skills.demo import build_skills_demo
    from parcours.training.demo import build_training_demo
    from parcours.training.models import TrainingRequest

    build_demo(employees=60)
    build_interviews_demo()
    build_skills_demo()
    build_objectives_demo()
    build_training_demo()
    linked = list(
        TrainingRequest.objects.filter(objective__isnull=False).select_related("objective")
    )
    assert 3 <= len(linked) < TrainingRequest.objects.count()
    assert all(r.objective.owner_id == r.employee_id for r in linked)
    # A demo interview shows the three blocks; the operator reads the link on her page.
    operator = get_user_model().objects.get(username="operator")
    mine = client_for(operator).get(reverse("training:mine")).content.decode()
    assert "For your objective:" in mine
    objective = linked[0].objective
    leader = get_user_model().objects.get(username="hr-admin")
    page = client_for(leader).get(reverse("objectives:detail", args=[objective.pk]))
    assert "Trainings asked for this objective" in page.content.decode()
    count = TrainingRequest.objects.count()
    build_objectives_demo()
    build_training_demo()
    assert TrainingRequest.objects.count() == count
