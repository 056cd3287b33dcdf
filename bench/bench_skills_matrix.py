"""Skills matrix page at 60 people x 80 skills and 500 people x 300 skills: time and SQL
queries, on the 20,000-employee demo group with its skills.

Run: `make bench` or `.venv/bin/python bench/bench_skills_matrix.py`.
The query count must not grow with the size of the matrix.
"""

import functools
import random
import statistics
import time
from datetime import timedelta

from _django import setup

RUNS = {60: 7, 500: 3}
# Progress shows at once when the output is piped.
print = functools.partial(print, flush=True)


def measure(client, url: str, runs: int) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches
    timings, queries, size = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries, size = len(captured), len(response.content)
    return statistics.median(timings), queries, size


def bench_selection(people: int, skills: int, rng: random.Random):
    """A team of `people` at Valenciennes whose position requires `skills` skills, every
    person with a level (and an earlier one) on each, some certificates and leaves."""
    from django.utils import timezone

    from parcours.organisation.models import Employee, Position, Site, Team
    from parcours.skills.demo import insert_assessments
    from parcours.skills.models import (
        CertificationType,
        PositionRequirement,
        Skill,
        SkillDomain,
        TeamRequirement,
    )

    today = timezone.localdate()
    site = Site.objects.get(code="FR-VAL")
    domain, _ = SkillDomain.objects.get_or_create(
        code=f"bench-{people}", defaults={"labels": {"en": f"Bench {people}"}, "ordering": 9}
    )
    position = Position.objects.create(title=f"Bench operator {people}", site=site)
    team = Team.objects.create(site=site, name=f"Bench team {people}")
    members = list(
        Employee.objects.filter(site=site, active=True, team__isnull=False)
        .exclude(team__name__startswith="Bench")
        .order_by("pk")[:people]
    )
    for member in members:
        member.team, member.position = team, position
    Employee.objects.bulk_update(members, ["team", "position"], batch_size=2000)
    licence = CertificationType.objects.get(code="forklift-licence")
    new_skills = Skill.objects.bulk_create(
        Skill(
            domain=domain,
            code=f"B{people}-{index:03d}",
            labels={"en": f"Station {index}", "fr": f"Poste {index}", "nl": f"Post {index}"},
            site=site,
            certification_type=licence if index % 25 == 0 else None,
            ordering=index,
        )
        for index in range(skills)
    )
    PositionRequirement.objects.bulk_create(
        PositionRequirement(position=position, skill=skill, level=1 + index % 4)
        for index, skill in enumerate(new_skills)
    )
    TeamRequirement.objects.bulk_create(
        TeamRequirement(team=team, skill=skill, level=3, min_people=max(1, people // 10))
        for skill in new_skills[::4]
    )
    rows = []
    for member in members:
        for skill in new_skills:
            level = rng.choice([0, 1, 2, 2, 3, 3, 3, 4])
            earlier = today - timedelta(days=rng.randint(200, 700))
            rows.append((member.pk, skill.pk, max(0, level - 1), earlier, "training"))
            latest = today - timedelta(days=rng.randint(1, 199))
            rows.append((member.pk, skill.pk, level, latest, "observation"))
    insert_assessments(rows)
    return team, domain


def main() -> None:
    setup("skills_matrix")
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from parcours.organisation.demo import build_demo
    from parcours.skills.demo import build_skills_demo, current_levels_rebuild
    from parcours.skills.models import Assessment, CurrentLevel

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    result = build_demo(employees=20000)
    built = time.perf_counter() - started
    started = time.perf_counter()
    skills = build_skills_demo()
    skills_built = time.perf_counter() - started
    print(
        f"\n{result.employees} employees (demo built in {built:.1f} s, {connection.vendor}); "
        f"skills demo in {skills_built:.1f} s: {skills.skills} skills, "
        f"{skills.assessments} assessments, {skills.certifications} certificates"
    )
    rng = random.Random(7)
    selections = {}
    for people, skill_count in ((60, 80), (500, 300)):
        started = time.perf_counter()
        selections[people] = (skill_count, *bench_selection(people, skill_count, rng))
        print(
            f"  bench team of {people} people x {skill_count} skills added in "
            f"{time.perf_counter() - started:.1f} s"
        )
    current_levels_rebuild()
    print(
        f"  {Assessment.objects.count()} assessments, {CurrentLevel.objects.count()} current levels"
    )

    counts = {}
    for username in ("hr-admin", "hr-valenciennes"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        for people, (skill_count, team, domain) in selections.items():
            base = f"?team={team.pk}&domain={domain.pk}&show=all"
            for label, url in (
                ("matrix page", f"/skills/matrix/{base}"),
                ("matrix API", f"/api/v1/skills/matrix/{base}"),
                ("matrix Excel", f"/skills/matrix.xlsx{base}"),
            ):
                median, queries, size = measure(client, url, RUNS[people])
                counts.setdefault((username, label), set()).add(queries)
                print(
                    f"  {username:<15} {label:<13} {people:>3} x {skill_count:<3} "
                    f"median {median:8.1f} ms   {queries:2d} queries   {size / 1024:8.0f} KiB"
                )
    grown = {key: sorted(value) for key, value in counts.items() if len(value) > 1}
    if grown:
        raise SystemExit(f"The query count grows with the size of the matrix: {grown}")
    print("  Query counts are the same at 60 x 80 and at 500 x 300.")


if __name__ == "__main__":
    main()
