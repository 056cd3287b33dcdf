"""The demo group gets a believable skills matrix: gaps, risks, expiring certificates and
history, in the plants' languages; built once, quickly."""

import time

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from parcours.organisation.demo import build_demo
from parcours.organisation.models import Team
from parcours.skills import selectors
from parcours.skills.demo import build_skills_demo
from parcours.skills.models import (
    Assessment,
    Certification,
    CurrentLevel,
    PositionRequirement,
    Skill,
    TeamRequirement,
)


def test_it_builds_a_believable_matrix_once(db, client_for):
    build_demo(employees=300)
    started = time.perf_counter()
    result = build_skills_demo()
    assert time.perf_counter() - started < 30
    assert result.created
    counts = (Skill.objects.count(), Assessment.objects.count(), Certification.objects.count())
    again = build_skills_demo()
    assert not again.created
    assert (
        Skill.objects.count(),
        Assessment.objects.count(),
        Certification.objects.count(),
    ) == counts

    # Workstations in the plant's language, group-wide skills in three.
    press = Skill.objects.get(code="FR-VAL-PRESS-400")
    assert press.labels["fr"] == "Presse 400 t ligne 1"
    assert Skill.objects.get(code="BE-GNT-PRESS-400").site.code == "BE-GNT"
    assert set(Skill.objects.get(code="Q-FIRST").labels) == {"en", "fr", "nl"}
    assert PositionRequirement.objects.filter(position__code="FR-VAL-press").count() == 7
    assert TeamRequirement.objects.exists()

    # History: levels that grew over time, and the current one is the latest.
    grown = (
        Assessment.objects.valid()
        .values("employee", "skill")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert grown.exists()
    assert CurrentLevel.objects.count() == (
        Assessment.objects.valid().values("employee", "skill").distinct().count()
    )
    assert Assessment.objects.proposed().exists()
    assert set(Assessment.objects.values_list("source", flat=True)) >= {
        "training",
        "observation",
        "interview",
    }

    # Certificates: some expired, some to renew soon.
    hr = get_user_model().objects.get(username="hr-admin")
    today = timezone.localdate()
    due = selectors.certifications_due(user=hr)
    assert any(c.valid_until < today for c in due)
    assert any(c.valid_until >= today for c in due)

    # The demo team leader's team has gaps and at least one skill at risk.
    leader = get_user_model().objects.get(username="team-leader")
    team = Team.objects.get(leader__user=leader)
    matrix = selectors.skills_matrix(user=leader, query=selectors.MatrixQuery(team=team))
    assert len(matrix.rows) > 3
    assert any(row.gaps for row in matrix.rows)
    assert matrix.coverage
    page = client_for(leader).get(reverse("skills:matrix"))
    assert page.status_code == 200
    assert team.name in page.content.decode()
