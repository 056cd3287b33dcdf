"""Background jobs of the interviews: they receive primary keys, never model instances.

In tests and development the immediate backend runs them at once; in production a
database worker (`parcours db_worker`) picks them up.
"""

from django_tasks import task

from parcours.interviews import reminders
from parcours.interviews.models import Campaign


@task()
def send_campaign_reminders(campaign_id: int) -> dict:
    campaign = Campaign.objects.select_related("kind").get(pk=campaign_id)
    summary = reminders.send_campaign_reminders(campaign=campaign)
    return {
        "interviewers": summary.interviewers,
        "employees": summary.employees,
        "emails": summary.emails,
    }


@task()
def send_due_reminders() -> list[int]:
    """Queue the reminders of every campaign whose reminder day is today."""
    due = [campaign.pk for campaign in reminders.campaigns_due()]
    for campaign_id in due:
        send_campaign_reminders.enqueue(campaign_id)
    return due
