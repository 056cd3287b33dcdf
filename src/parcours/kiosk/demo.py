"""The kiosk demo: a break-room tablet at Valenciennes and two operators ready to sign in.

- the `operator` account's employee has the PIN 1357 (sign in at the kiosk with their
  employee number);
- an operator of the team leader's team without any account has the one-time code
  24682468, to choose their PIN at first use.
Run again, it changes nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.utils import timezone

from parcours.interviews.choices import InterviewStatus
from parcours.kiosk.models import EmployeeAccess, KioskDevice
from parcours.kiosk.services import digest
from parcours.organisation.models import Employee, Site

DEMO_PIN = "1357"
DEMO_CODE = "24682468"
DEVICE_NAME = "Break room"


@dataclass
class KioskDemoResult:
    created: bool
    logins: list[tuple[str, str]] = field(default_factory=list)


def _first_use_operator(site) -> Employee | None:
    """Someone of Valenciennes without an account, with a preparation to do if possible,
    in the team leader's team first."""
    without_account = Employee.objects.filter(site=site, user__isnull=True, active=True)
    preparing = without_account.filter(
        interviews__status__in=(InterviewStatus.TO_PLAN, InterviewStatus.PLANNED)
    )
    order = ("last_name", "first_name", "pk")
    return (
        preparing.filter(manager__user__username="team-leader").order_by(*order).first()
        or preparing.order_by(*order).first()
        or without_account.order_by(*order).first()
    )


def build_kiosk_demo() -> KioskDemoResult:
    """Add the kiosk demo data (once; running it again changes nothing)."""
    site = Site.objects.filter(code="FR-VAL").first()
    if site is None:
        return KioskDemoResult(False)
    if KioskDevice.objects.filter(site=site, name=DEVICE_NAME).exists():
        return KioskDemoResult(False, _logins(site))
    hr = get_user_model().objects.filter(username="hr-valenciennes").first()
    # Its token is unknown to anyone: HR opens the tablet's page and chooses
    # "Use this browser as this kiosk".
    KioskDevice.objects.create(
        site=site,
        name=DEVICE_NAME,
        idle_seconds=60,
        token_hash=digest(secrets.token_urlsafe(32)),
        created_by=hr,
    )
    operator = Employee.objects.filter(user__username="operator").first()
    if operator is not None:
        EmployeeAccess.objects.update_or_create(
            employee=operator,
            defaults={"pin_hash": make_password(DEMO_PIN), "pin_set_at": timezone.now()},
        )
    newcomer = _first_use_operator(site)
    if newcomer is not None:
        EmployeeAccess.objects.update_or_create(
            employee=newcomer,
            defaults={
                "code_hash": make_password(DEMO_CODE),
                "code_expires_at": timezone.now() + timedelta(days=365),
            },
        )
    return KioskDemoResult(True, _logins(site))


def _logins(site) -> list[tuple[str, str]]:
    """The two ways into the demo kiosk, as long as they still work."""
    logins = []
    operator = Employee.objects.filter(user__username="operator").first()
    if operator is not None:
        logins.append(
            (operator.employee_number, f"kiosk: employee number, PIN {DEMO_PIN} ({operator})")
        )
    waiting = (
        EmployeeAccess.objects.filter(employee__site=site, employee__user__isnull=True)
        .exclude(code_hash="")
        .select_related("employee")
        .order_by("employee__last_name", "employee__pk")
        .first()
    )
    if waiting is not None and waiting.has_code and check_password(DEMO_CODE, waiting.code_hash):
        logins.append(
            (
                waiting.employee.employee_number,
                f"kiosk first use: one-time code {DEMO_CODE}, then a PIN ({waiting.employee})",
            )
        )
    return logins
