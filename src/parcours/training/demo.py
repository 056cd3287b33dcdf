"""Demo trainings: a catalogue in the plants' languages, budgets, sessions, and requests
in every state (some raised in the demo interviews), so that the training coordinator of
Valenciennes, the manager, the team leader and the operator see real content.

Some requests serve an open objective of the person (the objectives demo runs first).
Deterministic and idempotent: a second run changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from parcours.organisation.models import Employee, Site
from parcours.skills.models import CertificationType, Skill
from parcours.training import services
from parcours.training.models import Training, TrainingRequest, TrainingSession

# code, labels, kind, hours, cost, provider, mandatory, certification, [(skill, level)],
# site code (None: the whole group). Site skills are written without their site prefix.
CATALOGUE = [
    (
        "demo-forklift",
        {"en": "Forklift licence R489", "fr": "CACES R489 chariots", "nl": "Heftruckopleiding"},
        "external",
        "21",
        "620",
        "Sécurité Formation Nord",
        True,
        "forklift-licence",
        [("S-FORK", 3)],
        None,
    ),
    (
        "demo-electrical",
        {
            "en": "Electrical clearance",
            "fr": "Habilitation électrique BR/B2V",
            "nl": "Elektrische bevoegdheid BA4",
        },
        "external",
        "14",
        "480",
        "Apave",
        True,
        "electrical-clearance",
        [],
        None,
    ),
    (
        "demo-first-aid",
        {
            "en": "First aid at work",
            "fr": "Sauveteur secouriste du travail (SST)",
            "nl": "EHBO op het werk",
        },
        "external",
        "14",
        "290",
        "Croix-Rouge / Rode Kruis",
        True,
        "first-aid",
        [("S-FIRSTAID", 3)],
        None,
    ),
    (
        "demo-loto",
        {
            "en": "Lockout–tagout",
            "fr": "Consignation des énergies (LOTO)",
            "nl": "Vergrendelen en labelen (LOTO)",
        },
        "internal",
        "4",
        "90",
        "",
        True,
        None,
        [("S-LOTO", 3)],
        None,
    ),
    (
        "demo-spc",
        {
            "en": "SPC charts on the line",
            "fr": "Cartes SPC au poste",
            "nl": "SPC-kaarten aan de lijn",
        },
        "internal",
        "7",
        "150",
        "",
        False,
        None,
        [("Q-SPC", 3)],
        None,
    ),
    (
        "demo-5s",
        {"en": "5S in the workshop", "fr": "5S à l'atelier", "nl": "5S in de werkplaats"},
        "internal",
        "3.5",
        "60",
        "",
        False,
        None,
        [("SOFT-5S", 3)],
        None,
    ),
    (
        "demo-tutor",
        {
            "en": "Become a workstation tutor",
            "fr": "Devenir tuteur au poste",
            "nl": "Peter/meter op de werkpost worden",
        },
        "external",
        "14",
        "540",
        "Formavenir",
        False,
        None,
        [("SOFT-TRAIN", 4)],
        None,
    ),
    (
        "demo-val-press",
        {"fr": "Conduite presse 400 t", "en": "Running the 400 t press"},
        "internal",
        "21",
        "350",
        "",
        False,
        None,
        [("PRESS-400", 3), ("COIL", 3)],
        "FR-VAL",
    ),
    (
        "demo-val-smed",
        {"fr": "Changement d'outil rapide (SMED)", "en": "Quick die change (SMED)"},
        "internal",
        "14",
        "280",
        "",
        False,
        None,
        [("DIE-CHANGE", 3)],
        "FR-VAL",
    ),
    (
        "demo-gnt-press",
        {"nl": "Pers 400 t bedienen", "en": "Running the 400 t press"},
        "internal",
        "21",
        "350",
        "",
        False,
        None,
        [("PRESS-400", 3)],
        "BE-GNT",
    ),
    (
        "demo-ehv-excel",
        {"nl": "Excel voor teamleiders", "en": "Excel for team leaders"},
        "external",
        "7",
        "240",
        "Computrain",
        False,
        None,
        [],
        "NL-EHV",
    ),
]

REASONS = {
    "fr": [
        "Pour tenir le poste seul(e) en équipe de nuit.",
        "Renouvellement avant l'échéance du certificat.",
        "Polyvalence demandée sur la ligne 2.",
        "Souhait d'évolution exprimé en entretien.",
        "Écart constaté sur la matrice de compétences.",
    ],
    "nl": [
        "Om de post zelfstandig te bemannen in de nachtploeg.",
        "Hernieuwing voor het certificaat afloopt.",
        "Meer polyvalentie op lijn 2.",
        "Groeiwens uit het gesprek.",
        "Kloof in de competentiematrix.",
    ],
}
REFUSALS = {
    "fr": "Budget de l'année atteint : à redemander en janvier.",
    "nl": "Budget van dit jaar is op: vraag het opnieuw aan in januari.",
}
FREE_TITLES = {"fr": "Anglais technique", "nl": "Technisch Engels"}
BUDGETS = {"FR-VAL": 42000, "FR-LEN": 28000, "BE-GNT": 35000, "NL-EHV": 26000}
TEAM_STATES = ["requested", "done", "done", "approved", "planned"]
STATES = ["requested", "approved", "planned", "done", "done", "refused", "cancelled", "done"]


@dataclass
class TrainingDemoResult:
    created: bool
    requests: int


def _skill(code: str, site: Site | None) -> Skill | None:
    if site is not None:
        found = Skill.objects.filter(code=f"{site.code}-{code}").first()
        if found is not None:
            return found
    return Skill.objects.filter(code=code).first()


def _catalogue(hr, sites: dict[str, Site]) -> list[Training]:
    types = {t.code: t for t in CertificationType.objects.all()}
    trainings = []
    for code, labels, kind, hours, cost, provider, mandatory, cert, targets, site_code in CATALOGUE:
        site = sites.get(site_code) if site_code else None
        if site_code and site is None:
            continue
        skills = []
        for skill_code, level in targets:
            skill = _skill(skill_code, site)
            if skill is not None:
                skills.append((skill, level))
        trainings.append(
            services.training_save(
                training=Training(
                    code=code,
                    labels=labels,
                    kind=kind,
                    duration_hours=Decimal(hours),
                    cost_per_person=Decimal(cost),
                    provider=provider,
                    mandatory=mandatory,
                    certification_type=types.get(cert) if cert else None,
                    site=site,
                ),
                skills=skills,
                user=hr,
            )
        )
    return trainings


def _backdate(request: TrainingRequest, created, rng: random.Random) -> None:
    TrainingRequest.objects.filter(pk=request.pk).update(created_at=created)
    request.created_at = created


def _decided(request: TrainingRequest, rng: random.Random) -> None:
    """Give the decision a believable date: a few days after the request."""
    start = services.decision_start(request)
    delay = timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 8))
    TrainingRequest.objects.filter(pk=request.pk).update(
        decided_at=start + delay, decision_delay=delay
    )


@transaction.atomic
def build_training_demo(*, seed: int = 2026) -> TrainingDemoResult:
    """Add the training demo data (once; running it again changes nothing)."""
    if Training.objects.filter(code="demo-forklift").exists():
        return TrainingDemoResult(created=False, requests=TrainingRequest.objects.count())
    User = get_user_model()
    hr = User.objects.filter(username="hr-admin").first()
    sites = {site.code: site for site in Site.objects.filter(code__in=list(BUDGETS))}
    if hr is None or not sites:
        return TrainingDemoResult(created=False, requests=0)
    coordinator = User.objects.filter(username="training-valenciennes").first() or hr
    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    trainings = _catalogue(hr, sites)
    for code, amount in BUDGETS.items():
        if code in sites:
            services.budget_set(site=sites[code], year=today.year, amount=Decimal(amount), user=hr)
            services.budget_set(
                site=sites[code], year=today.year - 1, amount=Decimal(amount * 0.9), user=hr
            )

    # Sessions: for each site, its trainings and the group's, some past, some to come.
    sessions: dict[tuple[int, int], list[TrainingSession]] = {}
    for site in sites.values():
        decider = coordinator if site.code == "FR-VAL" else hr
        offered = [t for t in trainings if t.site_id in (None, site.pk)]
        for index, training in enumerate(offered):
            for offset in (-75 - 9 * index, -20 - 3 * index, 25 + 7 * index):
                start = today + timedelta(days=offset)
                days = max(1, int(training.duration_hours // 7))
                session = services.session_save(
                    session=TrainingSession(
                        training=training,
                        site=site,
                        starts_on=start,
                        ends_on=start + timedelta(days=days - 1),
                        place=(
                            "Salle de formation"
                            if site.default_language == "fr"
                            else "Opleidingslokaal"
                        )
                        + f" {1 + index % 3}",
                        capacity=12,
                        trainer=training.provider
                        or (
                            "Formateur interne"
                            if site.default_language == "fr"
                            else "Interne opleider"
                        ),
                    ),
                    user=decider,
                )
                sessions.setdefault((site.pk, training.pk), []).append(session)

    interviews = {}
    from parcours.interviews.models import Interview

    for interview in Interview.objects.filter(held_at__isnull=False).order_by("held_at", "pk"):
        interviews[interview.employee_id] = interview

    operator = Employee.objects.filter(user__username="operator").first()
    leader = Employee.objects.filter(user__username="team-leader").first()
    manager = Employee.objects.filter(user__username="manager").first()
    leader_user = User.objects.filter(username="team-leader").first() or hr
    operator_user = User.objects.filter(username="operator").first() or hr

    # The objectives demo runs first: some requests serve an open objective of the person
    # (their own random draw, so that the rest of the demo stays the same without it).
    from parcours.objectives.models import Objective

    open_objectives: dict[int, list] = {}
    for objective in Objective.objects.individual().open().order_by("period_end", "pk"):
        open_objectives.setdefault(objective.owner_id, []).append(objective)
    link_rng = random.Random(seed + 7)

    made = 0
    for site in sorted(sites.values(), key=lambda s: s.code):
        language = "fr" if site.default_language == "fr" else "nl"
        decider = coordinator if site.code == "FR-VAL" else hr
        team = []
        if site.code == "FR-VAL" and leader is not None:
            team = list(
                Employee.objects.filter(manager=leader)
                .exclude(pk=getattr(operator, "pk", None))
                .order_by("pk")[:5]
            )
        skip = {p.pk for p in (operator, leader, manager, *team) if p}
        people = [
            person
            for person in Employee.objects.filter(
                site=site, active=True, manager__isnull=False
            ).order_by("pk")
            if person.pk not in skip
        ]
        rng.shuffle(people)
        chosen = people[:24]
        plan = [(person, STATES[i % len(STATES)], None) for i, person in enumerate(chosen)]
        if site.code == "FR-VAL":
            plan += [
                (person, state, None) for person, state in zip(team, TEAM_STATES, strict=False)
            ]
            if operator is not None:
                plan += [
                    (operator, "done", "demo-5s"),
                    (operator, "refused", "free"),
                    (operator, "requested", "demo-val-press"),
                ]
        for person, state, wanted in plan:
            offered = [t for t in trainings if t.site_id in (None, site.pk)]
            if wanted == "free":
                training = None
            elif wanted:
                training = next((t for t in offered if t.code == wanted), None)
            else:
                training = offered[rng.randrange(len(offered))]
            interview = interviews.get(person.pk)
            from_interview = interview is not None and (person == operator or rng.random() < 0.5)
            origin = (
                "interview"
                if from_interview
                else rng.choice(["manager", "self_service", "hr", "manager"])
            )
            asker = (
                operator_user
                if person == operator and origin == "self_service"
                else (leader_user if person.manager_id == getattr(leader, "pk", None) else decider)
            )
            objective = None
            if open_objectives.get(person.pk) and (person == operator or link_rng.random() < 0.6):
                objective = link_rng.choice(open_objectives[person.pk])
            request = services.request_create(
                employee=person,
                user=asker,
                origin=origin,
                training=training,
                title=FREE_TITLES[language] if training is None else "",
                reason=rng.choice(REASONS[language]),
                priority=rng.choice(["normal", "normal", "high", "low"]),
                wished_period=rng.choice(
                    ["", "Q1", "Q2", "Q3", "2e semestre" if language == "fr" else "2e semester"]
                ),
                interview=interview if from_interview else None,
                objective=objective,
            )
            created = (
                interview.held_at + timedelta(hours=1)
                if from_interview and interview.held_at
                else now - timedelta(days=rng.randint(100, 140))
            )
            _backdate(request, created, rng)
            made += 1
            if state == "requested":
                TrainingRequest.objects.filter(pk=request.pk).update(
                    created_at=now - timedelta(days=rng.randint(1, 12))
                )
                continue
            if state == "refused":
                services.request_refuse(request=request, user=decider, reason=REFUSALS[language])
                _decided(request, rng)
                continue
            services.request_approve(
                request=request,
                user=decider,
                cost=None if training is not None else Decimal("380"),
            )
            _decided(request, rng)
            if state == "approved" or training is None:
                continue
            if state == "cancelled":
                services.request_cancel(
                    request=request,
                    user=decider,
                    reason="Mutation vers un autre site."
                    if language == "fr"
                    else "Overgeplaatst naar een andere vestiging.",
                )
                continue
            past, recent, future = sessions[(site.pk, training.pk)]
            session = future if state == "planned" else rng.choice([past, recent])
            services.request_plan(request=request, user=decider, session=session)
            if state == "done":
                services.request_done(
                    request=request,
                    user=decider,
                    result=rng.choice(["passed", "passed", "not_assessed"]),
                )
    # Confirm most of the levels trainings brought, leaving the team leader some to do.
    from parcours.training.models import SkillProposal

    for proposal in (
        SkillProposal.objects.filter(status="pending")
        .select_related("employee", "request")
        .order_by("pk")
    ):
        if leader is not None and proposal.employee.manager_id == leader.pk:
            continue
        if rng.random() < 0.7:
            services.proposal_confirm(proposal=proposal, user=hr)
    return TrainingDemoResult(created=True, requests=made)
