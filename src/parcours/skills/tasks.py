"""Background jobs of the skills app; they receive no model instances.

In tests and development the immediate backend runs them at once; in production the
database worker (`parcours db_worker`) picks them up.
"""

from django_tasks import task

from parcours.skills import services


@task()
def send_certification_alerts() -> int:
    """Warn managers, site HR and training coordinators of certificates ending soon."""
    return services.certification_alerts_send()
