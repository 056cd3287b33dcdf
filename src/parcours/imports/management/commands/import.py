"""`parcours import employees|leaves FILE`: check a payroll or HR export, then import it.

Exit status 0 when no row had an error, 1 otherwise (the valid rows are imported all the
same unless --dry-run is given).
"""

import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from parcours.imports.choices import ImportKind
from parcours.imports.profiles import BUILTIN_NAMES
from parcours.imports.services import ProfileNotFound, import_file
from parcours.organisation.models import Site


class Command(BaseCommand):
    help = "Import employees or leaves from a CSV or XLSX export (dry run with --dry-run)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[kind.value for kind in ImportKind])
        parser.add_argument("file")
        parser.add_argument(
            "--profile",
            help="Mapping profile: %s or a saved one (detected from the header when left out)"
            % ", ".join(BUILTIN_NAMES),
        )
        parser.add_argument("--dry-run", action="store_true", help="Check only; change nothing.")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--site", help="Site code for rows whose company or location matches no site."
        )
        parser.add_argument("--user", help="Record the changes in the audit trail as this user.")
        parser.add_argument(
            "--mark-missing-as-left",
            action="store_true",
            help="Employees of the file's sites that the file does not list have left.",
        )

    def handle(self, *args, kind, file, profile, dry_run, format, site, user, **options):
        target = None
        if site:
            target = Site.objects.select_related("legal_entity").filter(code=site).first()
            if target is None:
                raise CommandError(f"No site with the code {site!r}.")
        acting = None
        if user:
            acting = get_user_model().objects.filter(username=user).first()
            if acting is None:
                raise CommandError(f"No user {user!r}.")
        try:
            outcome = import_file(
                path=file,
                kind=kind,
                profile_name=profile,
                user=acting,
                target_site=target,
                dry_run=dry_run,
                mark_missing_as_left=options["mark_missing_as_left"],
            )
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        except ProfileNotFound as error:
            raise CommandError(f"Unknown profile {error}.") from error
        report = outcome.report.to_dict()
        if format == "json":
            data = {
                "profile": report["profile"],
                "counts": report["counts"],
                "findings": report["findings"],
                "file": report["file"],
                "encoding": report["encoding"],
                "delimiter": report["delimiter"],
                "sheet": report["sheet"],
                "dry_run": dry_run,
                "absent": report["absent"],
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
        else:
            self._text(report, dry_run)
        sys.exit(0 if outcome.ok else 1)

    def _text(self, report, dry_run):
        write = self.stdout.write
        write(
            f"{report['file']}: profile {report['profile']}"
            + (f", sheet {report['sheet']}" if report["sheet"] else "")
            + (f", {report['encoding']}" if report["encoding"] else "")
        )
        for finding in report["findings"]:
            if "line" in finding:
                place = f"line {finding['line']}" if finding["line"] else "file"
            else:
                place = f"row {finding['row']}" if finding.get("row") else "workbook"
            write(
                f"{finding['severity']:<7} {finding['code']:<24} {place:<10} {finding['message']}"
            )
        counts = report["counts"]
        summary = ", ".join(f"{key} {value}" for key, value in counts.items())
        write(("Dry run, nothing changed: " if dry_run else "Imported: ") + summary)
