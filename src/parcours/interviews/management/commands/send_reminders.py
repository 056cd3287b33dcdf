"""`parcours send_reminders`: for cron, once a day. Queues the reminders of every running
campaign whose reminder day is today (each campaign at most once a day)."""

from django.core.management.base import BaseCommand

from parcours.interviews import reminders, tasks


class Command(BaseCommand):
    help = "Send the reminders of the campaigns due today (run it daily from cron)."

    def handle(self, *args, **options):
        due = reminders.campaigns_due()
        for campaign in due:
            tasks.send_campaign_reminders.enqueue(campaign.pk)
            self.stdout.write(f"Reminders queued for {campaign.name}.")
        if not due:
            self.stdout.write("No campaign has reminders due today.")
