"""The default evaluation scale, A to D, so that objectives can be graded at once."""

from django.db import migrations

LEVELS = [
    ("A", 4, "achieved", {"en": "Exceeded", "fr": "Dépassé", "nl": "Overtroffen"}),
    ("B", 3, "achieved", {"en": "Achieved", "fr": "Atteint", "nl": "Behaald"}),
    (
        "C",
        2,
        "partly_achieved",
        {"en": "Partly achieved", "fr": "Partiellement atteint", "nl": "Deels behaald"},
    ),
    ("D", 1, "not_achieved", {"en": "Not achieved", "fr": "Non atteint", "nl": "Niet behaald"}),
]


def create(apps, schema_editor):
    Scale = apps.get_model("objectives", "EvaluationScale")
    Level = apps.get_model("objectives", "ScaleLevel")
    if Scale.objects.exists():
        return
    scale = Scale.objects.create(
        code="a-d", labels={"en": "A to D", "fr": "A à D", "nl": "A tot D"}, is_default=True
    )
    for code, rank, outcome, labels in LEVELS:
        Level.objects.create(scale=scale, code=code, rank=rank, outcome=outcome, labels=labels)


class Migration(migrations.Migration):
    dependencies = [("objectives", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
