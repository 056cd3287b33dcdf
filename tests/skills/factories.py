"""factory_boy factories of the skills app."""

from datetime import date

import factory

from parcours.skills.models import (
    Assessment,
    Certification,
    CertificationType,
    PositionRequirement,
    Skill,
    SkillDomain,
    TeamRequirement,
)


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillDomain
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"domain-{n}")
    labels = factory.LazyAttribute(
        lambda o: {"en": o.code.title(), "fr": f"{o.code} (fr)", "nl": f"{o.code} (nl)"}
    )


class CertificationTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificationType
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"licence-{n}")
    labels = factory.LazyAttribute(lambda o: {"en": o.code.title()})
    validity_months = 60
    alert_days = 60


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    domain = factory.SubFactory(DomainFactory)
    code = factory.Sequence(lambda n: f"SK{n:03d}")
    labels = factory.LazyAttribute(lambda o: {"en": f"Skill {o.code}"})


class PositionRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PositionRequirement

    skill = factory.SubFactory(SkillFactory)
    level = 3


class TeamRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamRequirement

    skill = factory.SubFactory(SkillFactory)
    level = 3
    min_people = 2


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A bare assessment row; tests that need the current level go through the services."""

    class Meta:
        model = Assessment

    skill = factory.SubFactory(SkillFactory)
    level = 3
    assessed_on = date(2026, 1, 15)
    source = "observation"


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    type = factory.SubFactory(CertificationTypeFactory)
    obtained_on = date(2024, 1, 10)
    valid_until = date(2029, 1, 10)
