"""Demo objectives: two years of them, with check-ins and evaluations, so that the
year-over-year views show real content.

Called by `parcours demo` after the interviews demo. The team leader's team goes
through the real services (audit trail, interview links): objectives of the 2024 period
evaluated in last year's interviews, objectives set in last year's interviews (2025) with
check-ins during this year, evaluated in this year's signed and held interviews (closed,
renewed or carried over) and the new objectives set there. The operator's interview of
this year is planned: their 2025 objectives wait in it for the self-evaluation. Every
other team gets a few people's objectives in bulk, for the team and department figures.

The annual-review templates get a new published version with the two objectives blocks
("evaluate last period's objectives" before "set new objectives") and the training
requests block, all before the signatures; this year's interviews that nobody signed yet
move to it, their answers following their questions. Idempotent: nothing happens once
any objective exists.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from parcours.objectives import services
from parcours.objectives.blocks import NEW, REVIEW
from parcours.objectives.choices import (
    Decision,
    EvaluationRole,
    ObjectiveLevel,
    ObjectiveStatus,
)
from parcours.objectives.models import CheckIn, Evaluation, Objective, ScaleLevel
from parcours.organisation.models import Department, Employee, Team
from parcours.training.blocks import BLOCK_CODE as TRAINING_BLOCK

# title, indicator, unit, baseline, target, conditions; per language.
INDIVIDUAL = [
    {
        "en": (
            "Reduce the scrap rate of my line",
            "scrap rate",
            "%",
            "4.0",
            "3.0",
            ["Fill in the end-of-shift form", "Take part in the improvement workshops"],
        ),
        "fr": (
            "Réduire le taux de rebut de ma ligne",
            "taux de rebut",
            "%",
            "4.0",
            "3.0",
            ["Remplir la fiche de fin de poste", "Participer aux ateliers d'amélioration"],
        ),
        "nl": (
            "Het uitvalpercentage van mijn lijn verlagen",
            "uitvalpercentage",
            "%",
            "4.0",
            "3.0",
            ["Het einde-dienstformulier invullen", "Deelnemen aan de verbeterworkshops"],
        ),
    },
    {
        "en": (
            "Die changes in under 20 minutes",
            "average die change time",
            "min",
            "28",
            "20",
            ["Prepare the tools before the stop", "Follow the SMED standard"],
        ),
        "fr": (
            "Changements d'outil en moins de 20 minutes",
            "durée moyenne de changement",
            "min",
            "28",
            "20",
            ["Préparer l'outillage avant l'arrêt", "Suivre le standard SMED"],
        ),
        "nl": (
            "Matrijswissels in minder dan 20 minuten",
            "gemiddelde wisseltijd",
            "min",
            "28",
            "20",
            ["Het gereedschap klaarzetten voor de stilstand", "De SMED-standaard volgen"],
        ),
    },
    {
        "en": (
            "Become autonomous on the 400 t press",
            "ILUO level",
            "",
            "1",
            "3",
            ["Two weeks with the tutor", "Pass the observation on the line"],
        ),
        "fr": (
            "Devenir autonome sur la presse 400 t",
            "niveau ILUO",
            "",
            "1",
            "3",
            ["Deux semaines avec le tuteur", "Réussir l'observation sur la ligne"],
        ),
        "nl": (
            "Zelfstandig worden op de 400 t-pers",
            "ILUO-niveau",
            "",
            "1",
            "3",
            ["Twee weken met de peter", "De observatie op de lijn halen"],
        ),
    },
    {
        "en": (
            "Report every near miss",
            "near misses reported",
            "",
            "2",
            "6",
            ["Use the safety card at the end of the shift"],
        ),
        "fr": (
            "Signaler chaque presque-accident",
            "presque-accidents signalés",
            "",
            "2",
            "6",
            ["Utiliser la carte sécurité en fin de poste"],
        ),
        "nl": (
            "Elk bijna-ongeval melden",
            "gemelde bijna-ongevallen",
            "",
            "2",
            "6",
            ["De veiligheidskaart gebruiken op het einde van de dienst"],
        ),
    },
    {
        "en": (
            "Train a new colleague on my workstation",
            "colleagues trained",
            "",
            "0",
            "1",
            ["Follow the tutor guide"],
        ),
        "fr": (
            "Former un nouveau collègue sur mon poste",
            "collègues formés",
            "",
            "0",
            "1",
            ["Suivre le guide du tuteur"],
        ),
        "nl": (
            "Een nieuwe collega opleiden op mijn werkpost",
            "opgeleide collega's",
            "",
            "0",
            "1",
            ["De handleiding voor peters volgen"],
        ),
    },
]
DEPARTMENT = {
    "en": ("Scrap rate of the department below 2.5 %", "scrap rate", "%", "3.2", "2.5"),
    "fr": ("Taux de rebut du service sous 2,5 %", "taux de rebut", "%", "3.2", "2.5"),
    "nl": ("Uitval van de afdeling onder 2,5 %", "uitvalpercentage", "%", "3.2", "2.5"),
}
TEAM = {
    "en": ("OEE of the line above 80 %", "OEE", "%", "72", "80"),
    "fr": ("TRS de la ligne supérieur à 80 %", "TRS", "%", "72", "80"),
    "nl": ("OEE van de lijn boven 80 %", "OEE", "%", "72", "80"),
}
COMMENTS = {
    "en": [
        "Steady progress all year.",
        "Target reached in the autumn.",
        "A hard start, then better.",
    ],
    "fr": [
        "Des progrès réguliers toute l'année.",
        "Objectif atteint à l'automne.",
        "Un début difficile, puis mieux.",
    ],
    "nl": [
        "Het hele jaar gestage vooruitgang.",
        "Doel bereikt in het najaar.",
        "Een moeilijke start, daarna beter.",
    ],
}
NOTES = {
    "en": ["Measured at the end of the month.", "Better since the new die.", "Two bad weeks."],
    "fr": ["Mesuré en fin de mois.", "Mieux depuis le nouvel outil.", "Deux mauvaises semaines."],
    "nl": [
        "Gemeten op het einde van de maand.",
        "Beter sinds de nieuwe matrijs.",
        "Twee slechte weken.",
    ],
}
# Grade, then how far towards the target the result went.
GRADES = [
    ("A", Decimal("1.15")),
    ("B", Decimal("1.0")),
    ("B", Decimal("1.0")),
    ("C", Decimal("0.6")),
    ("D", Decimal("0.2")),
]
BLOCK_SECTIONS = [
    (
        REVIEW,
        {
            "en": "Last period's objectives",
            "fr": "Objectifs de la période écoulée",
            "nl": "Doelstellingen van de voorbije periode",
        },
    ),
    (
        NEW,
        {
            "en": "Objectives for the coming year",
            "fr": "Objectifs de l'année à venir",
            "nl": "Doelstellingen voor het komende jaar",
        },
    ),
    (
        TRAINING_BLOCK,
        {
            "en": "Training requests",
            "fr": "Demandes de formation",
            "nl": "Opleidingsaanvragen",
        },
    ),
]


def _language(employee) -> str:
    language = (employee.preferred_language or employee.site.default_language or "en")[:2]
    return language if language in ("en", "fr", "nl") else "en"


def _value(baseline: str, target: str, progress: Decimal) -> Decimal:
    low, high = Decimal(baseline), Decimal(target)
    return (low + (high - low) * progress).quantize(Decimal("0.1"))


def _day(moment) -> date:
    return timezone.localdate(moment) if moment else timezone.localdate()


# The templates ---------------------------------------------------------------------------


def add_blocks_to_templates(*, campaign, user) -> int:
    """A new published version of each template of the campaign, with the two objectives
    blocks and the training requests block (those it lacks);
    the campaign's interviews nobody signed yet move to it. Returns how many moved."""
    from parcours.interviews import services as interview_services
    from parcours.interviews.models import Answer, BlockData, Interview, Question, Section

    moved = 0
    for choice in campaign.template_choices.select_related("template"):
        template = choice.template
        old = interview_services.latest_published(template)
        if old is None or old.sections.filter(block_code=REVIEW).exists():
            continue
        present = set(old.sections.values_list("block_code", flat=True))
        added = [(code, labels) for code, labels in BLOCK_SECTIONS if code not in present]
        draft = interview_services.version_draft(template=template, user=user)
        sections = list(draft.sections.order_by("position", "pk"))
        signature = next((s for s in sections if s.block_code == "signature"), None)
        at = signature.position if signature else (sections[-1].position + 1 if sections else 0)
        Section.objects.filter(version=draft, position__gte=at).update(
            position=F("position") + len(added)
        )
        for offset, (code, labels) in enumerate(added):
            Section.objects.create(
                version=draft, position=at + offset, labels=labels, block_code=code
            )
        interview_services.template_publish(version=draft, user=user)
        # Same order of sections and questions in both versions, the added blocks aside.
        added_codes = {code for code, _labels in added}
        old_sections = list(old.sections.order_by("position", "pk"))
        new_sections = [
            s for s in draft.sections.order_by("position", "pk") if s.block_code not in added_codes
        ]
        section_map = {o.pk: n.pk for o, n in zip(old_sections, new_sections, strict=True)}
        question_map = {}
        for o, n in zip(old_sections, new_sections, strict=True):
            old_questions = list(
                Question.objects.filter(section_id=o.pk).order_by("position", "pk")
            )
            new_questions = list(
                Question.objects.filter(section_id=n.pk).order_by("position", "pk")
            )
            question_map.update(
                {a.pk: b.pk for a, b in zip(old_questions, new_questions, strict=True)}
            )
        movable = list(
            Interview.objects.filter(campaign=campaign, template_version=old)
            .exclude(status__in=["signed", "followed_up", "cancelled"])
            .exclude(signatures__isnull=False)
            .values_list("pk", flat=True)
        )
        for start in range(0, len(movable), 500):
            chunk = movable[start : start + 500]
            for old_q, new_q in question_map.items():
                Answer.objects.filter(interview_id__in=chunk, question_id=old_q).update(
                    question_id=new_q
                )
            for old_s, new_s in section_map.items():
                BlockData.objects.filter(interview_id__in=chunk, section_id=old_s).update(
                    section_id=new_s
                )
            Interview.objects.filter(pk__in=chunk).update(template_version=draft)
        moved += len(movable)
    return moved


# The objectives ------------------------------------------------------------------------


class _Builder:
    def __init__(self, rng: random.Random, scale_levels: dict[str, ScaleLevel]):
        self.rng = rng
        self.levels = scale_levels

    def text(self, employee, index: int):
        return INDIVIDUAL[index % len(INDIVIDUAL)][_language(employee)]

    def create(
        self, employee, index, *, user, start: date, set_in=None, parent=None, previous=None
    ) -> Objective:
        title, indicator, unit, baseline, target, conditions = self.text(employee, index)
        return services.objective_create(
            user=user,
            level=ObjectiveLevel.INDIVIDUAL,
            owner=employee,
            title=title,
            indicator=indicator,
            unit=unit,
            baseline=baseline,
            target=target,
            conditions=conditions,
            period_start=start,
            period_end=start + timedelta(days=364),
            weight=50,
            contributes_to=parent,
            set_in=set_in,
            previous=previous,
            check_rights=False,
        )

    def checkins(self, objective, user, days, progress: Decimal):
        language = _language(objective.owner)
        for n, day in enumerate(days):
            share = progress * Decimal(n + 1) / Decimal(len(days))
            value = _value(str(objective.baseline), str(objective.target), share)
            checkin = CheckIn(
                objective=objective,
                day=day,
                value=value,
                note=NOTES[language][n % len(NOTES[language])],
                by=user,
            )
            checkin._history_user = user
            checkin._change_reason = "parcours.objective.checked_in"
            checkin.save()

    def grade(self):
        return self.rng.choice(GRADES)


def _collective(*, department, team, user, start: date, language: str):
    title, indicator, unit, baseline, target = DEPARTMENT[language]
    department_objective = services.objective_create(
        user=user,
        level=ObjectiveLevel.DEPARTMENT,
        department=department,
        title=title,
        indicator=indicator,
        unit=unit,
        baseline=baseline,
        target=target,
        period_start=start,
        period_end=start + timedelta(days=364),
        check_rights=False,
    )
    team_objective = None
    if team is not None:
        title, indicator, unit, baseline, target = TEAM[language]
        team_objective = services.objective_create(
            user=user,
            level=ObjectiveLevel.TEAM,
            team=team,
            title=title,
            indicator=indicator,
            unit=unit,
            baseline=baseline,
            target=target,
            period_start=start,
            period_end=start + timedelta(days=364),
            contributes_to=department_objective,
            check_rights=False,
        )
    return department_objective, team_objective


@transaction.atomic
def build_objectives_demo(*, seed: int = 2026) -> None:
    """Add the objectives demo data (once; running it again changes nothing)."""
    from parcours.interviews.models import Campaign, Interview

    if Objective.objects.exists():
        return
    scale = services.default_scale()
    levels = {level.code: level for level in ScaleLevel.objects.filter(scale=scale)}
    if not {"A", "B", "C", "D"} <= set(levels):
        return
    rng = random.Random(seed)
    User = get_user_model()
    hr = User.objects.filter(username="hr-admin").first()
    leader_user = User.objects.filter(username="team-leader").first()
    leader = (
        Employee.objects.filter(user=leader_user).select_related("team").first()
        if leader_user
        else None
    )
    today = timezone.localdate()
    this_year = Campaign.objects.filter(name="Annual reviews %s" % today.year).first()
    last_year = Campaign.objects.filter(name="Annual reviews %s" % (today.year - 1)).first()
    if this_year is not None:
        add_blocks_to_templates(campaign=this_year, user=hr)
    builder = _Builder(rng, levels)

    # Last year's interviews give the dates: objectives of the period before were
    # evaluated there, and this period's were set there.
    last_interviews = (
        {
            i.employee_id: i
            for i in Interview.objects.filter(campaign=last_year).select_related("employee")
        }
        if last_year
        else {}
    )
    this_interviews = (
        {
            i.employee_id: i
            for i in Interview.objects.filter(campaign=this_year).select_related("employee")
        }
        if this_year
        else {}
    )
    last_day = min(
        (_day(i.held_at or i.signed_at) for i in last_interviews.values()),
        default=today - timedelta(days=340),
    )
    previous_start = last_day - timedelta(days=365)

    # The team leader's team, through the services.
    if leader is not None:
        team_people = list(
            Employee.objects.filter(manager=leader, active=True)
            .select_related("site", "team__department")
            .order_by("last_name", "pk")
        )
        team = leader.team
        department = team.department if team else None
        language = _language(leader)
        parents = {}
        if department is not None:
            parents[today.year - 1] = _collective(
                department=department, team=team, user=hr, start=last_day, language=language
            )
            parents[today.year] = _collective(
                department=department,
                team=team,
                user=hr,
                start=today - timedelta(days=20),
                language=language,
            )
        for n, person in enumerate(team_people):
            _walk_person(
                builder,
                person,
                n,
                leader=leader,
                leader_user=leader_user,
                last=last_interviews.get(person.pk),
                this=this_interviews.get(person.pk),
                previous_start=previous_start,
                last_day=last_day,
                today=today,
                parent_last=(parents.get(today.year - 1) or (None, None))[1],
                parent_this=(parents.get(today.year) or (None, None))[1],
            )
        # The team leader's own objectives, set by the production manager.
        manager_user = User.objects.filter(username="manager").first()
        if manager_user is not None and leader.manager_id:
            for k in range(2):
                old = builder.create(leader, 3 + k, user=manager_user, start=previous_start)
                _evaluate(
                    builder,
                    old,
                    user=manager_user,
                    interview=None,
                    day=last_day,
                    decision=Decision.CLOSE,
                )
                current = builder.create(leader, 1 + k, user=manager_user, start=last_day)
                builder.checkins(
                    current, manager_user, [today - timedelta(days=200)], Decimal("0.5")
                )
    _bulk_for_other_teams(
        builder, leader=leader, previous_start=previous_start, last_day=last_day, today=today, hr=hr
    )


def _evaluate(builder, objective, *, user, interview, day, decision, grade=None):
    code, progress = grade or builder.grade()
    language = _language(objective.owner) if objective.owner_id else "en"
    return services.evaluation_record(
        objective=objective,
        user=user,
        role=EvaluationRole.MANAGER,
        level=builder.levels[code],
        value=_value(str(objective.baseline), str(objective.target), progress),
        comment=builder.rng.choice(COMMENTS[language]),
        interview=interview,
        decision=decision,
        evaluated_on=day,
    )


def _self_evaluate(builder, objective, *, interview, day):
    """An employee without an account filled in the paper preparation form."""
    code, progress = builder.grade()
    evaluation = Evaluation(
        objective=objective,
        interview=interview,
        role=EvaluationRole.SELF,
        evaluator_name=objective.owner.full_name,
        level=builder.levels[code],
        value=_value(str(objective.baseline), str(objective.target), progress),
        comment="",
        evaluated_on=day,
    )
    evaluation._change_reason = "parcours.objective.evaluated_by_self"
    evaluation.save()


def _walk_person(
    builder,
    person,
    n,
    *,
    leader,
    leader_user,
    last,
    this,
    previous_start,
    last_day,
    today,
    parent_last,
    parent_this,
):
    """Two years of one person's objectives, with the interviews they went through."""
    # The period before last: evaluated in last year's interview (or at the time).
    last_day_person = _day(last.held_at or last.signed_at) if last else last_day
    for k in range(2):
        old = builder.create(person, n + k, user=leader_user, start=previous_start)
        builder.checkins(
            old,
            leader_user,
            [previous_start + timedelta(days=120), previous_start + timedelta(days=250)],
            Decimal("0.8"),
        )
        _evaluate(
            builder,
            old,
            user=leader_user,
            interview=last,
            day=last_day_person,
            decision=Decision.CLOSE,
        )
    # Last year's objectives, set in last year's interview, with this year's check-ins.
    current = []
    for k in range(2 + n % 2):
        objective = builder.create(
            person,
            n + k + 2,
            user=leader_user,
            start=last_day_person,
            set_in=last,
            parent=parent_last if k == 0 else None,
        )
        # Some have had no check-in for months: "check-in due" on the manager's page.
        days = [last_day_person + timedelta(days=90)]
        if (n + k) % 3:
            days += [today - timedelta(days=60), today - timedelta(days=15)]
        builder.checkins(objective, leader_user, [d for d in days if d <= today], Decimal("0.9"))
        current.append(objective)
    if this is None or this.status in ("to_plan", "cancelled"):
        return
    day = _day(this.held_at or this.scheduled_at)
    if this.status == "planned":
        return  # waits for the employee's self-evaluation and the interview
    for objective in current:
        _self_evaluate(builder, objective, interview=this, day=day)
    if this.status == "prepared":
        return
    # Held or signed: evaluated and decided in this year's interview, new ones set there.
    decisions = [Decision.CLOSE, Decision.RENEW, Decision.CARRY_OVER]
    for k, objective in enumerate(current):
        decision = decisions[(n + k) % 3]
        grade = ("C", Decimal("0.6")) if decision == Decision.CARRY_OVER else None
        _evaluate(
            builder,
            objective,
            user=leader_user,
            interview=this,
            day=day,
            decision=decision,
            grade=grade,
        )
    builder.create(person, n + 4, user=leader_user, start=day, set_in=this, parent=parent_this)


def _bulk_for_other_teams(builder, *, leader, previous_start, last_day, today, hr):
    """A few people of every other team: two periods of objectives, in bulk."""
    teams = Team.objects.select_related("site", "department").order_by("pk")
    if leader is not None and leader.team_id:
        teams = teams.exclude(pk=leader.team_id)
    members: dict[int, list[Employee]] = {}
    people = (
        Employee.objects.filter(active=True, team__in=teams, manager__isnull=False)
        .exclude(manager=leader)
        .select_related("site")
        .order_by("team_id", "pk")
    )
    for person in people:
        bucket = members.setdefault(person.team_id, [])
        if len(bucket) < 3:
            bucket.append(person)
    scale = services.default_scale()
    departments = {}
    for department in Department.objects.filter(teams__in=teams).distinct().select_related("site"):
        language = (
            department.site.default_language[:2] if department.site.default_language else "en"
        )
        title, indicator, unit, baseline, target = DEPARTMENT.get(language, DEPARTMENT["en"])
        departments[department.pk] = Objective(
            level=ObjectiveLevel.DEPARTMENT,
            department=department,
            site_id=department.site_id,
            title=title,
            indicator=indicator,
            unit=unit,
            baseline=Decimal(baseline),
            target=Decimal(target),
            period_start=last_day,
            period_end=last_day + timedelta(days=364),
            scale=scale,
            set_by=hr,
        )
    bulk_create_with_history(
        list(departments.values()),
        Objective,
        default_user=hr,
        default_change_reason="parcours.objective.created",
    )
    departments = {
        o.department_id: o
        for o in Objective.objects.filter(level=ObjectiveLevel.DEPARTMENT, period_start=last_day)
    }
    old, current = [], []
    grades = []
    team_department = {team.pk: team.department_id for team in teams}
    for team_id, persons in members.items():
        for n, person in enumerate(persons):
            for period, bucket in ((previous_start, old), (last_day, current)):
                title, indicator, unit, baseline, target, conditions = builder.text(
                    person, n + len(bucket)
                )
                objective = Objective(
                    level=ObjectiveLevel.INDIVIDUAL,
                    owner=person,
                    site_id=person.site_id,
                    title=title,
                    indicator=indicator,
                    unit=unit,
                    baseline=Decimal(baseline),
                    target=Decimal(target),
                    conditions=conditions,
                    period_start=period,
                    period_end=period + timedelta(days=364),
                    scale=scale,
                    set_by=hr,
                    contributes_to=departments.get(team_department.get(team_id))
                    if bucket is current
                    else None,
                )
                if bucket is old:
                    code, progress = builder.grade()
                    objective.status = builder.levels[code].outcome
                    objective.closed_on = last_day
                    grades.append((code, progress))
                bucket.append(objective)
    bulk_create_with_history(
        old + current,
        Objective,
        default_user=hr,
        default_change_reason="parcours.objective.created",
    )
    saved = {
        (o.owner_id, o.period_start): o
        for o in Objective.objects.filter(
            owner__in=[p for persons in members.values() for p in persons]
        ).exclude(owner__manager=leader)
    }
    evaluations, checkins = [], []
    for objective, (code, progress) in zip(old, grades, strict=True):
        row = saved.get((objective.owner_id, objective.period_start))
        if row is None:
            continue
        # One in seven nobody evaluated: the team figures show it.
        if builder.rng.random() < 0.14:
            Objective.objects.filter(pk=row.pk).update(status=ObjectiveStatus.OPEN, closed_on=None)
            continue
        evaluations.append(
            Evaluation(
                objective=row,
                role=EvaluationRole.MANAGER,
                level=builder.levels[code],
                value=_value(str(row.baseline), str(row.target), progress),
                evaluator_name="",
                evaluated_on=last_day,
                decision=Decision.CLOSE,
            )
        )
    for objective in Objective.objects.filter(
        owner__in=[p for persons in members.values() for p in persons], period_start=last_day
    ):
        checkins.append(
            CheckIn(
                objective=objective,
                day=min(today, last_day + timedelta(days=150)),
                value=_value(str(objective.baseline), str(objective.target), Decimal("0.5")),
                note="",
            )
        )
    bulk_create_with_history(
        evaluations,
        Evaluation,
        default_user=hr,
        default_change_reason="parcours.objective.evaluated_by_manager",
    )
    bulk_create_with_history(
        checkins, CheckIn, default_user=hr, default_change_reason="parcours.objective.checked_in"
    )


__all__ = ["build_objectives_demo"]
