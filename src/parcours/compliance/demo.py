"""Demo data of the interview obligations: settings of every legal entity, what the
interview kinds count as, a Dutch collective-agreement policy, a return-interview
template, and a history of interviews and trainings in the French plants so that some
employees are up to date, some overdue and some at penalty risk."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from parcours.compliance.engine.dates import add_years
from parcours.compliance.models import (
    EntitySettings,
    HistoricInterview,
    HistoricSource,
    InterviewPolicy,
    KindMapping,
    TrainingRecord,
    TrainingSource,
)
from parcours.interviews import services as interview_services
from parcours.interviews.choices import QuestionType, Respondent, VersionStatus
from parcours.interviews.models import InterviewKind, InterviewTemplate, Question, Section
from parcours.organisation.models import Employee, LegalEntity

KIND_MAP = {
    "professional": ("periodic", ""),
    "return_after_leave": ("return", ""),
    "annual_review": ("annual_review", ""),
    "end_of_probation": ("end_of_probation", ""),
}
NL_POLICY = "NL-CAO-JAARGESPREK"
DEMO_REF = "demo"


@transaction.atomic
def build_compliance_demo(*, seed: int = 2026) -> None:
    """Add the compliance demo data (once; running it again changes nothing)."""
    if not LegalEntity.objects.exists():
        return
    hr = get_user_model().objects.filter(username="hr-admin").first()
    for entity in LegalEntity.objects.all():
        EntitySettings.objects.get_or_create(legal_entity=entity)
    kinds = {kind.code: kind for kind in InterviewKind.objects.all()}
    for code, (engine_kind, topics) in KIND_MAP.items():
        if code in kinds:
            KindMapping.objects.get_or_create(
                interview_kind=kinds[code],
                defaults={"engine_kind": engine_kind, "topics": topics},
            )
    dutch = LegalEntity.objects.filter(country="NL").first()
    if dutch is not None and "annual_review" in kinds:
        policy, created = InterviewPolicy.objects.get_or_create(
            code=NL_POLICY,
            defaults={
                "name": "Cao Metalektro: jaargesprek",
                "kind": kinds["annual_review"],
                "first_due_months": 6,
                "period_months": 12,
                "start": date(2024, 1, 1),
            },
        )
        if created:
            policy.legal_entities.set([dutch])
    if "return_after_leave" in kinds:
        _return_template(kinds["return_after_leave"], hr)
    if not HistoricInterview.objects.filter(note=DEMO_REF).exists():
        _history(random.Random(seed))


def _return_template(kind: InterviewKind, user) -> None:
    if InterviewTemplate.objects.filter(
        kind=kind, versions__status=VersionStatus.PUBLISHED
    ).exists():
        return
    template = interview_services.template_create(
        kind=kind,
        labels={
            "en": "Return after leave",
            "fr": "Entretien de retour",
            "nl": "Terugkeergesprek",
        },
        user=user,
    )
    version = template.versions.get()
    section = Section.objects.create(
        version=version,
        position=0,
        labels={"en": "Your return", "fr": "Votre retour", "nl": "Je terugkeer"},
    )
    Question.objects.create(
        section=section,
        position=0,
        type=QuestionType.TEXT,
        respondent=Respondent.BOTH,
        required=True,
        labels={
            "en": "What do you need to take up your work again?",
            "fr": "De quoi avez-vous besoin pour reprendre votre poste ?",
            "nl": "Wat heb je nodig om je werk weer op te nemen?",
        },
    )
    interview_services.template_publish(version=version, user=user)


def _history(rng: random.Random) -> None:
    """A third of the French staff up to date, a third late, a third with nothing kept."""
    today = timezone.localdate()
    interviews, trainings = [], []
    french = Employee.objects.filter(legal_entity__country="FR", active=True).order_by("pk")
    for i, (pk, hire) in enumerate(french.values_list("pk", "hire_date")):
        profile = i % 3
        if profile == 2:
            continue
        stop = today if profile == 0 else today - timedelta(days=3 * 365)
        day = add_years(hire, 2) - timedelta(days=rng.randint(5, 60))
        while day <= stop:
            interviews.append(
                HistoricInterview(
                    employee_id=pk,
                    date=day,
                    kind="periodic",
                    note=DEMO_REF,
                    source=HistoricSource.IMPORT,
                )
            )
            day = add_years(day, 2) - timedelta(days=rng.randint(5, 60))
        when = hire + timedelta(days=rng.randint(60, 400))
        if when <= today:
            trainings.append(
                TrainingRecord(
                    employee_id=pk,
                    date=when,
                    mandatory=profile != 0,
                    title="Sécurité machines" if profile else "CACES R489",
                    hours=7 if profile else 21,
                    source=TrainingSource.IMPORT,
                    source_ref=f"demo:{pk}",
                )
            )
    HistoricInterview.objects.bulk_create(interviews, batch_size=2000, ignore_conflicts=True)
    TrainingRecord.objects.bulk_create(trainings, batch_size=2000, ignore_conflicts=True)
