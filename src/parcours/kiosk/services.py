"""Every change of shop-floor access: kiosks, PINs, one-time codes, QR links, sign-ins.

Secrets (device tokens, QR tokens) are random and stored as SHA-256 digests; PINs and
one-time codes are short, so they are stored with Django's password hashers. Each change
is audited (HistoricalRecords) with a dotted action key.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.core.scope import scope_for
from parcours.kiosk.models import (
    EmployeeAccess,
    KioskDevice,
    QRLink,
    SignInEvent,
    SignInReason,
)
from parcours.organisation.models import Employee

MAX_WRONG_PINS = 5
CODE_DIGITS = 8
CODE_DAYS = 30
QR_DAYS = 60
PHONE_IDLE_SECONDS = 300
# Attempts (PIN, one-time code, QR link) from one device or address in RATE_WINDOW seconds.
RATE_LIMIT = 20
RATE_WINDOW = 300
PIN_RE = re.compile(r"^\d{4,6}$")


def _setting(name: str, default):
    return getattr(settings, name, default)


def _audit(obj, user, action: str) -> None:
    obj._history_user = user if getattr(user, "pk", None) else None
    obj._change_reason = action


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Who may manage whom --------------------------------------------------------------------


def manages_access(user, employee: Employee) -> bool:
    """HR of the employee's site, or a manager above them (not the employee themself)."""
    scope = scope_for(user)
    if scope.can_edit_site(employee.site_id):
        return True
    if scope.employee_id is None or scope.employee_id == employee.pk:
        return False
    return Employee.objects.filter(scope.employee_q()).filter(pk=employee.pk).exists()


def _require_manages(user, employee: Employee) -> None:
    if not manages_access(user, employee):
        raise PermissionDenied(_("Only HR of the site or the employee's managers may do this."))


# Kiosk tablets --------------------------------------------------------------------------


@transaction.atomic
def device_register(*, site, name: str, idle_seconds: int = 60, user) -> tuple[KioskDevice, str]:
    """A new kiosk of a site; returns the device and its token (shown once, never stored)."""
    if not scope_for(user).can_edit_site(site.pk):
        raise PermissionDenied(_("Only HR of this site registers its kiosks."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the tablet a name, e.g. where it stands.")})
    token = secrets.token_urlsafe(32)
    device = KioskDevice(
        site=site, name=name[:100], idle_seconds=idle_seconds, token_hash=digest(token)
    )
    device.created_by = user if getattr(user, "pk", None) else None
    device.full_clean(exclude=["token_hash"])
    _audit(device, user, "parcours.kiosk.device_registered")
    device.save()
    return device, token


@transaction.atomic
def device_update(*, device: KioskDevice, name: str, idle_seconds: int, user) -> KioskDevice:
    if not scope_for(user).can_edit_site(device.site_id):
        raise PermissionDenied(_("Only HR of this site changes its kiosks."))
    device.name = (name or "").strip()[:100] or device.name
    device.idle_seconds = idle_seconds
    device.full_clean(exclude=["token_hash"])
    _audit(device, user, "parcours.kiosk.device_changed")
    device.save()
    return device


@transaction.atomic
def device_pair(*, device: KioskDevice, user) -> str:
    """Give the kiosk a new token, for this browser (a replaced tablet): the old one stops."""
    if not scope_for(user).can_edit_site(device.site_id):
        raise PermissionDenied(_("Only HR of this site sets up its kiosks."))
    if device.revoked_at is not None:
        raise ValidationError(_("This tablet is revoked: register a new one."))
    token = secrets.token_urlsafe(32)
    device.token_hash = digest(token)
    _audit(device, user, "parcours.kiosk.device_paired")
    device.save()
    return token


@transaction.atomic
def device_revoke(*, device: KioskDevice, user) -> KioskDevice:
    if not scope_for(user).can_edit_site(device.site_id):
        raise PermissionDenied(_("Only HR of this site revokes its kiosks."))
    if device.revoked_at is None:
        device.revoked_at = timezone.now()
        device.revoked_by = user if getattr(user, "pk", None) else None
        _audit(device, user, "parcours.kiosk.device_revoked")
        device.save()
    return device


def device_for_token(token: str | None) -> KioskDevice | None:
    """The active kiosk holding this token, or None (unknown or revoked)."""
    if not token:
        return None
    device = (
        KioskDevice.objects.active().select_related("site").filter(token_hash=digest(token)).first()
    )
    if device is not None:
        now = timezone.now()
        if device.last_seen_at is None or now - device.last_seen_at > timedelta(minutes=1):
            KioskDevice.objects.filter(pk=device.pk).update(last_seen_at=now)
    return device


# Access of an employee --------------------------------------------------------------------


def access_for(employee: Employee) -> EmployeeAccess:
    access, _created = EmployeeAccess.objects.get_or_create(employee=employee)
    return access


def new_code() -> str:
    return "".join(secrets.choice("0123456789") for _i in range(CODE_DIGITS))


@transaction.atomic
def issue_code(*, employee: Employee, user, check: bool = True) -> str:
    """A new one-time code for the employee to choose (again) their PIN; returns it.

    It replaces any earlier code; the current PIN keeps working until a new one is chosen.
    """
    if check:
        _require_manages(user, employee)
    access = EmployeeAccess.objects.select_for_update().get(pk=access_for(employee).pk)
    code = new_code()
    access.code_hash = make_password(code)
    access.code_expires_at = timezone.now() + timedelta(days=_setting("KIOSK_CODE_DAYS", CODE_DAYS))
    access.code_issued_by = user if getattr(user, "pk", None) else None
    _audit(access, user, "parcours.kiosk.code_issued")
    access.save()
    return code


@transaction.atomic
def unlock(*, employee: Employee, user) -> EmployeeAccess:
    _require_manages(user, employee)
    access = EmployeeAccess.objects.select_for_update().get(pk=access_for(employee).pk)
    if access.locked_at is None and not access.failed_attempts:
        raise ValidationError(_("This access is not locked."))
    access.locked_at = None
    access.failed_attempts = 0
    access.unlocked_at = timezone.now()
    access.unlocked_by = user if getattr(user, "pk", None) else None
    _audit(access, user, "parcours.kiosk.unlocked")
    access.save()
    return access


@transaction.atomic
def set_badge(*, employee: Employee, badge_number: str, user) -> EmployeeAccess:
    _require_manages(user, employee)
    access = access_for(employee)
    access.badge_number = (badge_number or "").strip()[:60]
    _audit(access, user, "parcours.kiosk.badge_changed")
    access.save()
    return access


def check_pin_format(pin: str) -> str:
    pin = (pin or "").strip()
    if not PIN_RE.match(pin):
        raise ValidationError(_("The PIN is 4 to 6 digits."))
    return pin


def check_new_pin(pin: str, again: str) -> str:
    pin = check_pin_format(pin)
    if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
        raise ValidationError(_("This PIN is too easy to guess: choose another one."))
    if pin != (again or "").strip():
        raise ValidationError(_("The two PINs are not the same. Type them again."))
    return pin


# Sign-in -----------------------------------------------------------------------------------


@dataclass
class SignInResult:
    ok: bool
    reason: str
    employee: Employee | None = None
    message: str = ""
    needs_pin: bool = False


def rate_limited(key: str) -> bool:
    """Count one attempt under `key`; True when the limit of the window is passed."""
    cache_key = f"parcours:kiosk:rate:{digest(key)}"
    limit = _setting("KIOSK_RATE_LIMIT", RATE_LIMIT)
    window = _setting("KIOSK_RATE_WINDOW", RATE_WINDOW)
    if cache.add(cache_key, 1, window):
        return False
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, window)
        count = 1
    return count > limit


def record(*, employee, number, channel, device=None, qr_link=None, success, reason, ip=None):
    return SignInEvent.objects.create(
        employee=employee,
        number=(number or "")[:60],
        channel=channel,
        device=device,
        qr_link=qr_link,
        success=success,
        reason=reason,
        ip=ip or None,
    )


def find_employee(*, number: str, site) -> Employee | None:
    """The active employee of this site with this employee or badge number."""
    number = (number or "").strip()
    if not number:
        return None
    return (
        Employee.objects.filter(site=site, active=True)
        .filter(Q(employee_number=number) | Q(kiosk_access__badge_number=number))
        .select_related("site", "user")
        .first()
    )


FAIL_MESSAGES = {
    SignInReason.UNKNOWN: lambda: _("Number or PIN not right. Try again."),
    SignInReason.WRONG_PIN: lambda: _("Number or PIN not right. Try again."),
    SignInReason.WRONG_CODE: lambda: _(
        "This one-time code is not right or has expired. Ask HR or your manager for a new one."
    ),
    SignInReason.LOCKED: lambda: _(
        "Too many wrong PINs: your access is locked. Ask HR or your manager to unlock it."
    ),
    SignInReason.NO_PIN: lambda: _("You have no PIN yet: choose one with your one-time code."),
    SignInReason.THROTTLED: lambda: _("Too many attempts. Wait a few minutes and try again."),
    SignInReason.LEFT: lambda: _("Number or PIN not right. Try again."),
}


def _fail(reason, *, employee, number, channel, device, qr_link, ip, needs_pin=False):
    record(
        employee=employee,
        number=number,
        channel=channel,
        device=device,
        qr_link=qr_link,
        success=False,
        reason=reason,
        ip=ip,
    )
    return SignInResult(False, reason, employee, str(FAIL_MESSAGES[reason]()), needs_pin=needs_pin)


@transaction.atomic
def check_pin(
    *,
    employee: Employee | None,
    number: str,
    pin: str,
    channel: str,
    device=None,
    qr_link=None,
    ip=None,
) -> SignInResult:
    """Check an employee's PIN; five wrong ones in a row lock the access."""
    common = {
        "employee": employee,
        "number": number,
        "channel": channel,
        "device": device,
        "qr_link": qr_link,
        "ip": ip,
    }
    if employee is None:
        return _fail(SignInReason.UNKNOWN, **common)
    if not employee.active:
        return _fail(SignInReason.LEFT, **common)
    access = EmployeeAccess.objects.select_for_update().filter(employee=employee).first()
    if access is None or not access.pin_hash:
        return _fail(SignInReason.NO_PIN, needs_pin=True, **common)
    if access.locked_at is not None:
        return _fail(SignInReason.LOCKED, **common)
    if not PIN_RE.match((pin or "").strip()) or not check_password(pin.strip(), access.pin_hash):
        access.failed_attempts += 1
        if access.failed_attempts >= MAX_WRONG_PINS:
            access.locked_at = timezone.now()
            _audit(access, None, "parcours.kiosk.locked")
            access.save()
            return _fail(SignInReason.LOCKED, **common)
        EmployeeAccess.objects.filter(pk=access.pk).update(failed_attempts=access.failed_attempts)
        return _fail(SignInReason.WRONG_PIN, **common)
    if access.failed_attempts:
        EmployeeAccess.objects.filter(pk=access.pk).update(failed_attempts=0)
    record(success=True, reason=SignInReason.OK, **common)
    return SignInResult(True, SignInReason.OK, employee)


@transaction.atomic
def choose_pin(
    *,
    employee: Employee | None,
    number: str,
    code: str,
    pin: str,
    again: str,
    channel: str,
    device=None,
    qr_link=None,
    ip=None,
) -> SignInResult:
    """First use (or a forgotten PIN): the one-time code, then the new PIN twice.

    A right code also unlocks a locked access: HR or the manager gave it on purpose.
    """
    common = {
        "employee": employee,
        "number": number,
        "channel": channel,
        "device": device,
        "qr_link": qr_link,
        "ip": ip,
    }
    if employee is None:
        return _fail(SignInReason.UNKNOWN, **common)
    if not employee.active:
        return _fail(SignInReason.LEFT, **common)
    access = EmployeeAccess.objects.select_for_update().filter(employee=employee).first()
    code = re.sub(r"\s", "", code or "")
    if (
        access is None
        or not access.has_code
        or not code
        or not check_password(code, access.code_hash)
    ):
        if access is not None:
            access.failed_attempts += 1
            if access.failed_attempts >= MAX_WRONG_PINS and access.locked_at is None:
                access.locked_at = timezone.now()
                _audit(access, None, "parcours.kiosk.locked")
                access.save()
            else:
                EmployeeAccess.objects.filter(pk=access.pk).update(
                    failed_attempts=access.failed_attempts
                )
        return _fail(SignInReason.WRONG_CODE, **common)
    new_pin = check_new_pin(pin, again)
    access.pin_hash = make_password(new_pin)
    access.pin_set_at = timezone.now()
    access.code_hash = ""
    access.code_expires_at = None
    access.failed_attempts = 0
    access.locked_at = None
    _audit(access, None, "parcours.kiosk.pin_chosen")
    access._history_user = ensure_user(employee)
    access.save()
    record(success=True, reason=SignInReason.PIN_SET, **common)
    return SignInResult(True, SignInReason.PIN_SET, employee)


def ensure_user(employee: Employee):
    """The employee's account, made at first use: no password, signs in with the PIN only."""
    if employee.user_id:
        return employee.user
    User = get_user_model()
    username = f"emp-{employee.pk}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            first_name=employee.first_name[:150],
            last_name=employee.last_name[:150],
        )
    employee.user = user
    employee._change_reason = "parcours.kiosk.account_created"
    employee.save(update_fields=["user"])
    return user


# Personal QR links ------------------------------------------------------------------------


@transaction.atomic
def qr_issue(*, employee: Employee, user, check: bool = True) -> tuple[QRLink, str]:
    """A new personal link; earlier ones are revoked (a new slip replaces the old one)."""
    if check:
        _require_manages(user, employee)
    qr_revoke_all(employee=employee, user=user, check=False)
    token = secrets.token_urlsafe(24)
    link = QRLink(
        employee=employee,
        token_hash=digest(token),
        expires_at=timezone.now() + timedelta(days=_setting("KIOSK_QR_DAYS", QR_DAYS)),
    )
    link.created_by = user if getattr(user, "pk", None) else None
    _audit(link, user, "parcours.kiosk.qr_issued")
    link.save()
    return link, token


@transaction.atomic
def qr_revoke_all(*, employee: Employee, user, check: bool = True) -> int:
    if check:
        _require_manages(user, employee)
    count = 0
    for link in QRLink.objects.filter(employee=employee, revoked_at__isnull=True):
        link.revoked_at = timezone.now()
        link.revoked_by = user if getattr(user, "pk", None) else None
        _audit(link, user, "parcours.kiosk.qr_revoked")
        link.save()
        count += 1
    return count


def qr_for_token(token: str | None) -> QRLink | None:
    if not token:
        return None
    link = QRLink.objects.select_related("employee__site").filter(token_hash=digest(token)).first()
    return link if link is not None and link.is_valid else None
