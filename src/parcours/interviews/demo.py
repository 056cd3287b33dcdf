"""Demo interviews: templates in three languages and an annual campaign in full swing.

Called by `parcours demo` after the organisation. Idempotent (a second run changes
nothing) and fast: the campaign is launched with bulk inserts and the statuses are spread
with a few bulk updates. The demo team leader's own team is walked through the real
services, so its interviews carry answers, signatures, PDFs and an audit trail.
"""

from __future__ import annotations

import base64
import io
import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from parcours.interviews import services
from parcours.interviews.choices import (
    CampaignStatus,
    InterviewStatus,
    QuestionType,
    Respondent,
    Side,
    SignatureMethod,
    SignatureRole,
)
from parcours.interviews.models import (
    Answer,
    Campaign,
    Interview,
    InterviewKind,
    InterviewTemplate,
    Question,
    Section,
    Signature,
)
from parcours.interviews.reports import report_create
from parcours.organisation.models import Employee, EmployeeCategory

RATING = [
    {"en": "Insufficient", "fr": "Insuffisant", "nl": "Onvoldoende"},
    {"en": "To improve", "fr": "À améliorer", "nl": "Te verbeteren"},
    {"en": "Good", "fr": "Bon", "nl": "Goed"},
    {"en": "Excellent", "fr": "Excellent", "nl": "Uitstekend"},
]
TOPICS = [
    {"en": "Safety", "fr": "Sécurité", "nl": "Veiligheid"},
    {"en": "My workstation", "fr": "Mon poste", "nl": "Mijn werkpost"},
    {"en": "Training", "fr": "Formation", "nl": "Opleiding"},
    {"en": "Working hours", "fr": "Horaires", "nl": "Werkuren"},
    {"en": "Career", "fr": "Carrière", "nl": "Loopbaan"},
]
WISHES = [
    {"en": "Stay in my job", "fr": "Rester à mon poste", "nl": "In mijn functie blijven"},
    {
        "en": "Learn more skills",
        "fr": "Développer mes compétences",
        "nl": "Meer vaardigheden leren",
    },
    {"en": "Change job", "fr": "Changer de métier", "nl": "Van functie veranderen"},
    {"en": "Move to another site", "fr": "Changer de site", "nl": "Naar een andere vestiging"},
]


def _levels(labels):
    return {"levels": [{"value": i + 1, "labels": label} for i, label in enumerate(labels)]}


def _choices(labels):
    return {"choices": [{"value": str(i + 1), "labels": label} for i, label in enumerate(labels)]}


def _q(en, fr, nl, kind, respondent, required=False, options=None):
    return {
        "labels": {"en": en, "fr": fr, "nl": nl},
        "type": kind,
        "respondent": respondent,
        "required": required,
        "options": options or {},
    }


T, SCALE, YES_NO = QuestionType.TEXT, QuestionType.SCALE, QuestionType.YES_NO
ONE, MANY = QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE
E, M, BOTH, SEP = Respondent.EMPLOYEE, Respondent.MANAGER, Respondent.BOTH, Respondent.SEPARATELY

LOOK_BACK = (
    {"en": "Last interview", "fr": "Dernier entretien", "nl": "Vorig gesprek"},
    "previous_interview",
)
SIGNATURES = ({"en": "Signatures", "fr": "Signatures", "nl": "Handtekeningen"}, "signature")


def _annual(extra: list) -> list:
    return [
        LOOK_BACK,
        (
            {"en": "The past year", "fr": "L'année écoulée", "nl": "Het voorbije jaar"},
            [
                _q(
                    "What went well this year?",
                    "Qu'est-ce qui s'est bien passé cette année ?",
                    "Wat ging er goed dit jaar?",
                    T,
                    E,
                    True,
                ),
                _q(
                    "What was difficult?",
                    "Qu'est-ce qui a été difficile ?",
                    "Wat was er moeilijk?",
                    T,
                    E,
                ),
                _q(
                    "Safety rules followed",
                    "Respect des règles de sécurité",
                    "Naleving van de veiligheidsregels",
                    SCALE,
                    SEP,
                    True,
                    _levels(RATING),
                ),
                _q(
                    "Quality of work",
                    "Qualité du travail",
                    "Kwaliteit van het werk",
                    SCALE,
                    SEP,
                    True,
                    _levels(RATING),
                ),
                _q(
                    "Teamwork",
                    "Travail en équipe",
                    "Samenwerking",
                    SCALE,
                    SEP,
                    False,
                    _levels(RATING),
                ),
                *extra,
                _q(
                    "Days of training followed",
                    "Jours de formation suivis",
                    "Gevolgde opleidingsdagen",
                    QuestionType.NUMBER,
                    M,
                    False,
                    {"min": 0, "max": 60},
                ),
            ],
        ),
        (
            {"en": "The year ahead", "fr": "L'année à venir", "nl": "Het komende jaar"},
            [
                _q(
                    "Would you like to learn another workstation?",
                    "Souhaitez-vous apprendre un autre poste ?",
                    "Wil je een andere werkpost leren?",
                    YES_NO,
                    E,
                ),
                _q(
                    "Topics to talk about",
                    "Sujets à aborder",
                    "Onderwerpen om te bespreken",
                    MANY,
                    BOTH,
                    False,
                    _choices(TOPICS),
                ),
                _q(
                    "Overall assessment of the manager",
                    "Appréciation globale du responsable",
                    "Algemene beoordeling door de leidinggevende",
                    T,
                    M,
                    True,
                ),
            ],
        ),
        SIGNATURES,
    ]


PROFESSIONAL = [
    LOOK_BACK,
    (
        {"en": "Your career", "fr": "Votre parcours", "nl": "Je loopbaan"},
        [
            _q(
                "Your path since the last professional interview",
                "Votre parcours depuis le dernier entretien professionnel",
                "Je traject sinds het vorige loopbaangesprek",
                T,
                E,
                True,
            ),
            _q("Trainings followed", "Formations suivies", "Gevolgde opleidingen", T, SEP),
            _q(
                "Certification or qualification obtained",
                "Certification ou qualification obtenue",
                "Behaalde certificering of kwalificatie",
                YES_NO,
                BOTH,
            ),
        ],
    ),
    (
        {"en": "Your plans", "fr": "Vos projets", "nl": "Je plannen"},
        [
            _q(
                "Your wish for the coming years",
                "Votre souhait pour les années à venir",
                "Je wens voor de komende jaren",
                ONE,
                E,
                True,
                _choices(WISHES),
            ),
            _q("Training needs", "Besoins de formation", "Opleidingsbehoeften", T, BOTH),
            _q(
                "Date of the next professional interview",
                "Date du prochain entretien professionnel",
                "Datum van het volgende loopbaangesprek",
                QuestionType.DATE,
                M,
            ),
        ],
    ),
    SIGNATURES,
]

LEADING = _q(
    "Leading the team",
    "Animation de l'équipe",
    "Leiding geven aan de ploeg",
    SCALE,
    SEP,
    True,
    _levels(RATING),
)
OBJECTIVES = _q(
    "Objectives of the year reached",
    "Objectifs de l'année atteints",
    "Doelstellingen van het jaar bereikt",
    ONE,
    SEP,
    True,
    _choices(
        [
            {"en": "Not reached", "fr": "Non atteints", "nl": "Niet bereikt"},
            {"en": "Partly", "fr": "En partie", "nl": "Gedeeltelijk"},
            {"en": "Reached", "fr": "Atteints", "nl": "Bereikt"},
            {"en": "Exceeded", "fr": "Dépassés", "nl": "Overtroffen"},
        ]
    ),
)

# (kind, names, categories, content)
TEMPLATES = [
    (
        "annual_review",
        {
            "en": "Annual review: operators",
            "fr": "Entretien annuel : opérateurs",
            "nl": "Jaargesprek: operators",
        },
        ["operator", "technician"],
        _annual([]),
    ),
    (
        "annual_review",
        {
            "en": "Annual review: team leaders",
            "fr": "Entretien annuel : chefs d'équipe",
            "nl": "Jaargesprek: ploegleiders",
        },
        ["team_leader"],
        _annual([LEADING]),
    ),
    (
        "annual_review",
        {
            "en": "Annual review: staff",
            "fr": "Entretien annuel : employés et cadres",
            "nl": "Jaargesprek: bedienden en kaderleden",
        },
        ["staff", "manager"],
        _annual([OBJECTIVES]),
    ),
    (
        "professional",
        {
            "en": "Professional interview: operators",
            "fr": "Entretien professionnel : opérateurs",
            "nl": "Loopbaangesprek: operators",
        },
        ["operator", "technician"],
        PROFESSIONAL,
    ),
    (
        "professional",
        {
            "en": "Professional interview: team leaders",
            "fr": "Entretien professionnel : chefs d'équipe",
            "nl": "Loopbaangesprek: ploegleiders",
        },
        ["team_leader"],
        PROFESSIONAL,
    ),
    (
        "professional",
        {
            "en": "Professional interview: staff",
            "fr": "Entretien professionnel : employés et cadres",
            "nl": "Loopbaangesprek: bedienden en kaderleden",
        },
        ["staff", "manager"],
        PROFESSIONAL,
    ),
]

TEXTS = {
    "en": [
        "Trained two new colleagues on the press.",
        "Less scrap on my line since spring.",
        "A good year; the night shifts were hard.",
        "Safety first, always: no incident.",
    ],
    "fr": [
        "J'ai formé deux nouveaux collègues sur la presse.",
        "Moins de rebuts sur ma ligne depuis le printemps.",
        "Une bonne année ; les postes de nuit étaient durs.",
        "La sécurité avant tout : aucun incident.",
    ],
    "nl": [
        "Twee nieuwe collega's opgeleid op de pers.",
        "Minder uitval op mijn lijn sinds de lente.",
        "Een goed jaar; de nachtdiensten waren zwaar.",
        "Veiligheid eerst: geen enkel incident.",
    ],
}


@dataclass
class InterviewsDemoResult:
    created: bool
    interviews: int


def demo_exists() -> bool:
    """Any template or campaign: the demo never mixes its data with someone's own."""
    return InterviewTemplate.objects.exists() or Campaign.objects.exists()


def _drawn(seed: int) -> str:
    """A signature-like scribble as a PNG data URL."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGBA", (360, 120), (0, 0, 0, 0))
    points = [(20 + i * 40, rng.randint(30, 95)) for i in range(9)]
    ImageDraw.Draw(image).line(points, fill=(25, 25, 60, 255), width=4, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _build_templates(user) -> dict[tuple[str, str], InterviewTemplate]:
    kinds = {kind.code: kind for kind in InterviewKind.objects.all()}
    categories = {c.code: c for c in EmployeeCategory.objects.all()}
    built = {}
    for kind_code, names, category_codes, content in TEMPLATES:
        template = services.template_create(
            kind=kinds[kind_code],
            labels=names,
            categories=[categories[c] for c in category_codes if c in categories],
            user=user,
        )
        version = template.versions.get()
        for position, (title, body) in enumerate(content):
            section = Section.objects.create(
                version=version,
                position=position,
                labels=title,
                block_code=body if isinstance(body, str) else "",
            )
            if isinstance(body, list):
                Question.objects.bulk_create(
                    Question(section=section, position=i, **spec) for i, spec in enumerate(body)
                )
        services.template_publish(version=version, user=user)
        for code in category_codes:
            built[(kind_code, code)] = template
    return built


def _answer_value(question: Question, rng: random.Random, language: str):
    if question.type == QuestionType.TEXT:
        return rng.choice(TEXTS.get(language, TEXTS["en"]))
    if question.type == QuestionType.SCALE:
        return rng.choice([2, 3, 3, 4])
    if question.type == QuestionType.YES_NO:
        return rng.random() < 0.6
    if question.type == QuestionType.SINGLE_CHOICE:
        return rng.choice([v for v, _label in question.option_items])
    if question.type == QuestionType.MULTIPLE_CHOICE:
        values = [v for v, _label in question.option_items]
        return sorted(rng.sample(values, 2), key=values.index)
    if question.type == QuestionType.NUMBER:
        return rng.randint(0, 6)
    return (timezone.localdate() + timedelta(days=365)).isoformat()


def _answers(interviews, sides, rng, user=None) -> list[Answer]:
    versions = {i.template_version_id for i in interviews}
    questions: dict[int, list[Question]] = {}
    for question in Question.objects.filter(section__version_id__in=versions):
        questions.setdefault(question.section.version_id, []).append(question)
    rows = []
    for interview in interviews:
        language = interview.employee.preferred_language
        for question in questions.get(interview.template_version_id, []):
            for side in question.sides:
                if side in sides:
                    rows.append(
                        Answer(
                            interview=interview,
                            question=question,
                            side=side,
                            value=_answer_value(question, rng, language),
                            updated_by=user,
                        )
                    )
    return rows


def _sign_in_person(interview: Interview, leader_user, seed: int) -> Interview:
    """The employee draws on the team leader's tablet, the team leader confirms."""
    interview = services.interview_sign(
        interview=interview,
        user=leader_user,
        role=SignatureRole.EMPLOYEE,
        method=SignatureMethod.DRAWN,
        image=_drawn(seed),
        comment="",
    )
    return services.interview_sign(
        interview=interview,
        user=leader_user,
        role=SignatureRole.MANAGER,
        method=SignatureMethod.CONFIRMED,
    )


def _sign_directly(interview: Interview, when, seed: int) -> None:
    """Signatures of interviewers without an account in the demo, then the PDF."""
    for role, signer in (
        (SignatureRole.EMPLOYEE, interview.employee),
        (SignatureRole.MANAGER, interview.interviewer),
    ):
        Signature.objects.create(
            interview=interview,
            role=role,
            signer=signer,
            signer_name=signer.full_name,
            method=SignatureMethod.DRAWN,
            image=_drawn(seed + (role == SignatureRole.MANAGER)),
            signed_at=when,
        )
    Interview.objects.filter(pk=interview.pk).update(
        status=InterviewStatus.SIGNED, held_at=when, signed_at=when
    )
    interview.refresh_from_db()
    report_create(interview=interview, user=None)


@transaction.atomic
def build_interviews_demo(*, seed: int = 2026) -> InterviewsDemoResult:
    """Templates, last year's signed reports of one team, and this year's campaign in
    mid-course; run again, it changes nothing."""
    if demo_exists():
        return InterviewsDemoResult(False, Interview.objects.count())
    rng = random.Random(seed)
    User = get_user_model()
    hr = User.objects.filter(username="hr-admin").first()
    leader_user = User.objects.filter(username="team-leader").first()
    templates = _build_templates(hr)
    today = timezone.localdate()
    annual = InterviewKind.objects.get(code="annual_review")

    # This year's annual reviews, over every plant.
    campaign = Campaign(
        name="Annual reviews %s" % today.year,
        kind=annual,
        opens_on=today - timedelta(days=30),
        deadline=today + timedelta(days=45),
        reminder_interval_days=7,
    )
    services.campaign_save(campaign=campaign, user=hr, scope={})
    for category in EmployeeCategory.objects.all():
        template = templates.get(("annual_review", category.code))
        if template is not None:
            services.campaign_set_template(
                campaign=campaign, category=category, template=template, user=hr
            )
    services.campaign_launch(campaign=campaign, user=hr)

    leader = Employee.objects.filter(user=leader_user).first() if leader_user else None
    team = (
        list(
            Interview.objects.filter(campaign=campaign, interviewer=leader)
            .select_related("employee", "campaign", "template_version")
            .order_by("employee__last_name", "pk")
        )
        if leader
        else []
    )
    operator = Employee.objects.filter(user__username="operator").first()

    # Last year: the signed reports of three of the team, for the "previous interview".
    last_year = Campaign(
        name="Annual reviews %s" % (today.year - 1),
        kind=annual,
        opens_on=today - timedelta(days=395),
        deadline=today - timedelta(days=320),
        reminder_interval_days=0,
    )
    services.campaign_save(campaign=last_year, user=hr, scope={})
    earlier = [i.employee for i in team[:3]]
    if operator and operator not in earlier:
        earlier = [operator, *earlier[:2]]
    past = (
        Interview.objects.bulk_create(
            Interview(
                campaign=last_year,
                employee=employee,
                interviewer=leader,
                template_version=next(i.template_version for i in team),
            )
            for employee in earlier
        )
        if team
        else []
    )
    Answer.objects.bulk_create(
        _answers(
            list(Interview.objects.filter(pk__in=[p.pk for p in past]).select_related("employee")),
            {Side.EMPLOYEE, Side.MANAGER, Side.SHARED},
            rng,
        )
    )
    for n, interview in enumerate(
        Interview.objects.filter(pk__in=[p.pk for p in past]).select_related(
            "employee", "interviewer"
        )
    ):
        when = timezone.make_aware(datetime.combine(today - timedelta(days=340 - n), time(10)))
        _sign_directly(interview, when, seed + n)
    Campaign.objects.filter(pk=last_year.pk).update(
        status=CampaignStatus.CLOSED,
        launched_at=last_year.created_at,
        closed_at=timezone.now() - timedelta(days=300),
    )

    # The team leader's team, through the real services: one of each, and then some.
    plan = ["planned", "signed", "followed_up", "prepared", "held", "cancelled", "to_plan"]
    plan += ["planned", "signed", "prepared", "to_plan", "held", "planned", "to_plan"]
    if operator is not None:
        team.sort(key=lambda i: i.employee_id != operator.pk)
    for n, interview in enumerate(team):
        target = plan[n % len(plan)]
        if target == "to_plan":
            continue
        if target == "cancelled":
            services.interview_cancel(
                interview=interview, user=leader_user, reason="Left the company"
            )
            continue
        when = timezone.make_aware(
            datetime.combine(today + timedelta(days=(n % 9) - 3), time(8 + n % 8))
        )
        interview = services.interview_plan(
            interview=interview, user=leader_user, scheduled_at=when, location="Bureau atelier"
        )
        if target == "planned":
            continue
        Answer.objects.bulk_create(_answers([interview], {Side.EMPLOYEE, Side.SHARED}, rng))
        interview = services.interview_submit_preparation(interview=interview, user=leader_user)
        if target == "prepared":
            continue
        Answer.objects.bulk_create(_answers([interview], {Side.MANAGER}, rng, leader_user))
        interview = services.interview_hold(interview=interview, user=leader_user)
        if target == "held":
            continue
        interview = _sign_in_person(interview, leader_user, seed + n)
        if target == "followed_up":
            services.interview_follow_up(
                interview=interview, user=leader_user, note="Training requested: forklift licence."
            )

    # Every other team: statuses spread in bulk, as a plant in mid-campaign looks.
    others = list(
        Interview.objects.filter(campaign=campaign, status=InterviewStatus.TO_PLAN)
        .exclude(interviewer=leader)
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    rng.shuffle(others)
    cut = len(others)
    planned = others[: cut * 30 // 100]
    prepared = others[cut * 30 // 100 : cut * 42 // 100]
    held = others[cut * 42 // 100 : cut * 47 // 100]
    now = timezone.now()
    for group, status in ((planned, "planned"), (prepared, "prepared"), (held, "held")):
        for start in range(0, len(group), 500):
            chunk = group[start : start + 500]
            Interview.objects.filter(pk__in=chunk).update(
                status=status,
                scheduled_at=now + timedelta(days=rng.randint(-5, 30), hours=rng.randint(0, 8)),
                location="Salle de réunion",
            )
    Answer.objects.bulk_create(
        _answers(
            list(Interview.objects.filter(pk__in=prepared + held).select_related("employee")),
            {Side.EMPLOYEE, Side.SHARED},
            rng,
        ),
        batch_size=2000,
    )
    Answer.objects.bulk_create(
        _answers(
            list(Interview.objects.filter(pk__in=held).select_related("employee")),
            {Side.MANAGER},
            rng,
        ),
        batch_size=2000,
    )
    Interview.objects.filter(pk__in=prepared + held).update(prepared_at=now)
    Interview.objects.filter(pk__in=held).update(held_at=now)
    # A signed report in each plant too.
    first_per_site = {}
    for interview in (
        Interview.objects.filter(pk__in=held)
        .exclude(interviewer__isnull=True)
        .select_related("employee", "interviewer")
        .order_by("pk")
    ):
        first_per_site.setdefault(interview.employee.site_id, interview)
    for n, interview in enumerate(first_per_site.values()):
        _sign_directly(interview, now - timedelta(days=n + 1), seed + 100 + n)
        if n % 2 == 0:
            Interview.objects.filter(pk=interview.pk).update(
                status=InterviewStatus.FOLLOWED_UP,
                followed_up_at=now,
                follow_up_note="Training plan updated.",
            )
    to_cancel = others[cut * 47 // 100 : cut * 47 // 100 + max(1, cut // 100)]
    Interview.objects.filter(pk__in=to_cancel).update(
        status=InterviewStatus.CANCELLED, cancelled_at=now, cancel_reason="Long-term leave"
    )
    return InterviewsDemoResult(True, Interview.objects.count())
