"""factory_boy factories for the organisation; other areas add theirs below."""

from datetime import date

import factory
from django.contrib.auth import get_user_model

from parcours.organisation.models import (
    Department,
    Employee,
    EmployeeCategory,
    Leave,
    LegalEntity,
    Position,
    RoleAssignment,
    Site,
    Team,
)


class LegalEntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalEntity
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Entity {n}")
    country = "FR"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    legal_entity = factory.SubFactory(LegalEntityFactory)
    name = factory.Sequence(lambda n: f"Plant {n}")
    code = factory.Sequence(lambda n: f"S{n:03d}")
    default_language = "fr"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Department {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    title = factory.Sequence(lambda n: f"Position {n}")
    job_description = "<p>Runs the press.</p>"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployeeCategory
        django_get_or_create = ["code"]

    code = "operator"
    labels = factory.LazyAttribute(
        lambda o: {"en": o.code.replace("_", " ").title(), "fr": o.code, "nl": o.code}
    )


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    site = factory.SubFactory(SiteFactory)
    legal_entity = factory.LazyAttribute(lambda o: o.site.legal_entity)
    employee_number = factory.Sequence(lambda n: f"{n:06d}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    hire_date = date(2018, 3, 1)
    category = factory.SubFactory(CategoryFactory)


class LeaveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leave

    employee = factory.SubFactory(EmployeeFactory)
    kind = "sick"
    first_day = date(2026, 1, 5)
    last_day = date(2026, 1, 9)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = "group_hr"
    site = None
