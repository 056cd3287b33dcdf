from django.db import migrations


def create_levels(apps, schema_editor):
    from parcours.skills.choices import DEFAULT_LEVELS

    Level = apps.get_model("skills", "Level")
    if Level.objects.exists():
        return
    Level.objects.bulk_create(
        Level(
            rank=rank,
            code=code,
            symbol=symbol,
            colour=colour,
            labels=labels,
            descriptions=descriptions,
        )
        for rank, code, symbol, colour, labels, descriptions in DEFAULT_LEVELS
    )


class Migration(migrations.Migration):
    dependencies = [("skills", "0001_initial")]

    operations = [migrations.RunPython(create_levels, migrations.RunPython.noop)]
