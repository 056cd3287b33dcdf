"""Background jobs of the imports: they receive primary keys, never model instances.

In tests and development the immediate backend runs them at once; in production a
database worker (`parcours db_worker`) picks them up and the pages poll the progress.
"""

from django.contrib.auth import get_user_model
from django_tasks import task

from parcours.imports import services
from parcours.imports.models import ImportRun


@task()
def analyse_import(run_id: int) -> str:
    run = ImportRun.objects.select_related("target_site", "created_by").get(pk=run_id)
    return services.run_execute(run=run, apply=False).status


@task()
def apply_import(run_id: int, user_id: int | None = None) -> str:
    run = ImportRun.objects.select_related("target_site", "created_by").get(pk=run_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return services.run_execute(run=run, apply=True, user=user).status
