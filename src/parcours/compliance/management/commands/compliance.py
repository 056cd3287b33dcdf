"""parcours compliance --on DATE [--site CODE ...] [--format json|csv]

One entry per employee with their obligations as of DATE (default: today)."""

from __future__ import annotations

import csv
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from parcours.compliance import selectors
from parcours.organisation.models import Employee, Site


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--on: {text!r} is not a date (YYYY-MM-DD).") from error


class Command(BaseCommand):
    help = "Every employee's interview obligations as of a date, as JSON or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--on", type=_date, default=None, help="YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--site", action="append", default=[], help="site code; repeat for several"
        )
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, on, site, format, **options):
        from django.utils import timezone

        on = on or timezone.localdate()
        employees = Employee.objects.all()
        if site:
            found = set(Site.objects.filter(code__in=site).values_list("code", flat=True))
            missing = sorted(set(site) - found)
            if missing:
                raise CommandError(f"Unknown site code(s): {', '.join(missing)}")
            employees = employees.filter(site__code__in=site)
        employees = selectors.employees_on(employees, on).order_by("site__code", "pk")
        assessed = selectors.assess_employees(employees, on)
        if format == "json":
            data = [
                {
                    "employee_number": who.employee["employee_number"],
                    "name": who.name,
                    "site": who.employee["site__code"],
                    "legal_entity": who.entity,
                    **who.assessment.to_dict(),
                }
                for who in assessed
            ]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(
            [
                "employee_number",
                "name",
                "site",
                "policy",
                "kind",
                "due",
                "earliest",
                "status",
                "met_by",
                "rule",
                "penalty_at_risk",
                "penalty_eur",
            ]
        )
        for who in assessed:
            penalty = who.assessment.penalty
            base = [who.employee["employee_number"], who.name, who.employee["site__code"]]
            tail = [int(penalty.at_risk), penalty.amount_eur]
            if not who.assessment.obligations:
                writer.writerow([*base, who.assessment.policy, "", "", "", "", "", "", *tail])
            for o in who.assessment.obligations:
                writer.writerow(
                    [
                        *base,
                        o.policy,
                        o.kind,
                        o.due.isoformat(),
                        o.earliest.isoformat(),
                        o.status,
                        o.met_by.date.isoformat() if o.met_by else "",
                        o.rule,
                        *tail,
                    ]
                )
