"""parcours compliance-import interviews|trainings FILE [--dry-run] [--user NAME] [--format json]

The history of a plant: interviews held and trainings followed before Parcours. Exit
status 0 when no row had an error, 1 otherwise."""

from __future__ import annotations

import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from parcours.compliance.importer import KINDS, import_history


class Command(BaseCommand):
    help = "Import historic interviews or trainings from a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=KINDS)
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--user", default=None, help="record the changes under this user")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, what, file, dry_run, user, format, **options):
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"No user {user!r}.")
        report = import_history(path=file, what=what, user=account, dry_run=dry_run)
        if format == "json":
            self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
        else:
            counts = report.counts
            self.stdout.write(
                f"{counts.get('rows', 0)} rows: {counts.get('create', 0)} new, "
                f"{counts.get('unchanged', 0)} already there, {counts.get('rejected', 0)} rejected"
                + ("" if dry_run else f"; {counts.get('created', 0)} imported")
            )
            for finding in report.sorted_findings():
                place = report.place(finding.row)
                self.stdout.write(
                    f"{finding.severity:<8} {finding.code:<24} {place} {finding.message}"
                )
        failed = report.fatal or report.severity_counts()["error"] > 0
        if failed:
            sys.exit(1)
