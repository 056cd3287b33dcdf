"""parcours compliance --on DATE [--site CODE ...] [--format json|csv] [--language fr]

One entry per employee with their obligations as of DATE (default: today). The rule behind
each date is the engine's English sentence (`rule`); with --language each obligation also
has `rule_text`, the same sentence in that language."""

from __future__ import annotations

import csv
import json
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from parcours.compliance import selectors
from parcours.compliance.rule_texts import reason_text, rule_text
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
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=None,
            help="also give each rule in this language (rule_text); default: English only",
        )

    def handle(self, *args, on, site, format, language=None, **options):
        if language is None:
            return self._write(on, site, format, None)
        with translation.override(language):
            return self._write(on, site, format, language)

    def _write(self, on, site, format, language):
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
            data = []
            for who in assessed:
                entry = {
                    "employee_number": who.employee["employee_number"],
                    "name": who.name,
                    "site": who.employee["site__code"],
                    "legal_entity": who.entity,
                    **who.assessment.to_dict(),
                }
                if language:
                    items = (*who.assessment.obligations, *who.assessment.employer_duties)
                    dicts = (*entry["obligations"], *entry["employer_duties"])
                    for item, out in zip(items, dicts, strict=True):
                        out["rule_text"] = rule_text(item)
                    for item, out in zip(
                        who.assessment.obligations, entry["obligations"], strict=True
                    ):
                        out["reason_text"] = reason_text(item.reason) if item.reason else None
                data.append(entry)
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
                *(["rule_text"] if language else []),
            ]
        )
        for who in assessed:
            penalty = who.assessment.penalty
            base = [who.employee["employee_number"], who.name, who.employee["site__code"]]
            tail = [int(penalty.at_risk), penalty.amount_eur]
            if not who.assessment.obligations:
                empty = [""] * (7 if language else 6)
                writer.writerow([*base, who.assessment.policy, *empty[:6], *tail, *empty[6:]])
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
                        *([rule_text(o)] if language else []),
                    ]
                )
