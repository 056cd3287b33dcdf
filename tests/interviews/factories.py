"""factory_boy factories for interview templates, campaigns and interviews."""

from datetime import date

import factory

from parcours.interviews.choices import QuestionType, Respondent, VersionStatus
from parcours.interviews.models import (
    Campaign,
    InterviewKind,
    InterviewTemplate,
    Question,
    Section,
    TemplateVersion,
)


class KindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewKind
        django_get_or_create = ["code"]

    code = "annual_review"
    labels = factory.LazyAttribute(
        lambda o: {"en": o.code.replace("_", " ").capitalize(), "fr": o.code, "nl": o.code}
    )


class TemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewTemplate

    kind = factory.SubFactory(KindFactory)
    labels = factory.Sequence(
        lambda n: {"en": f"Template {n}", "fr": f"Modèle {n}", "nl": f"Sjabloon {n}"}
    )


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TemplateVersion

    template = factory.SubFactory(TemplateFactory)
    number = 1
    status = VersionStatus.DRAFT


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    version = factory.SubFactory(VersionFactory)
    position = factory.Sequence(lambda n: n)
    labels = factory.Sequence(lambda n: {"en": f"Section {n}", "fr": f"Partie {n}"})


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    position = factory.Sequence(lambda n: n)
    type = QuestionType.TEXT
    labels = factory.Sequence(lambda n: {"en": f"Question {n}", "fr": f"Question {n} (fr)"})
    respondent = Respondent.MANAGER


def scale(levels=("Poor", "Fair", "Good", "Very good")):
    return {
        "levels": [
            {"value": i + 1, "labels": {"en": label, "fr": label + " (fr)"}}
            for i, label in enumerate(levels)
        ]
    }


def choices(*labels):
    return {
        "choices": [
            {"value": str(i + 1), "labels": {"en": label}} for i, label in enumerate(labels)
        ]
    }


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Annual reviews {2026 + n}")
    kind = factory.SubFactory(KindFactory)
    opens_on = date(2026, 1, 5)
    deadline = date(2026, 3, 31)


def drawn_signature(width=300, height=100) -> str:
    """A PNG data URL with a stroke on it, as the signature pad sends."""
    import base64
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    ImageDraw.Draw(image).line((10, 80, 90, 20, 160, 70, 280, 30), fill=(20, 20, 20, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
