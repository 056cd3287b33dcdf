from django.core.management.base import BaseCommand

from parcours.skills.tasks import send_certification_alerts


class Command(BaseCommand):
    help = (
        "Warn line managers, site HR and training coordinators of certificates that expire "
        "within their warning period or have expired (once per certificate). Run it daily, "
        "e.g. from cron; with a database worker the job is queued."
    )

    def handle(self, *args, **options):
        result = send_certification_alerts.enqueue()
        if result.is_finished:
            self.stdout.write(f"Expiry alerts sent: {result.return_value} e-mails.")
        else:
            self.stdout.write(f"Expiry alerts queued (job {result.id}).")
