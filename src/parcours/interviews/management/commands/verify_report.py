"""`parcours verify_report ID`: check that an interview's signed PDF is the one signed.

Exit status 0 when the stored PDF still has the SHA-256 digest taken at signature, 1 when
it differs or is missing.
"""

from django.core.management.base import BaseCommand, CommandError

from parcours.interviews.models import Interview
from parcours.interviews.reports import current_report, report_verify


class Command(BaseCommand):
    help = "Check the SHA-256 digest of an interview's signed report (the interview's ID)."

    def add_arguments(self, parser):
        parser.add_argument("interview_id", type=int)

    def handle(self, *args, interview_id, **options):
        interview = Interview.objects.select_related("employee").filter(pk=interview_id).first()
        if interview is None:
            raise CommandError(f"No interview {interview_id}.")
        report = current_report(interview)
        if report is None:
            raise CommandError(f"Interview {interview_id} has no signed report.")
        result = report_verify(report)
        if not result.ok:
            raise CommandError(
                f"{result.problem} Expected {result.expected}, found {result.actual or '-'}."
            )
        self.stdout.write(
            f"OK: the report of interview {interview_id} ({interview.employee.full_name}) "
            f"is intact, SHA-256 {result.actual}."
        )
