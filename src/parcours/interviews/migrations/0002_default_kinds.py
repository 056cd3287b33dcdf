from django.db import migrations

from parcours.interviews.choices import DEFAULT_KINDS


def add_kinds(apps, schema_editor):
    InterviewKind = apps.get_model("interviews", "InterviewKind")
    for order, (code, labels) in enumerate(DEFAULT_KINDS):
        InterviewKind.objects.get_or_create(code=code, defaults={"labels": labels, "ordering": order})


class Migration(migrations.Migration):
    dependencies = [("interviews", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
