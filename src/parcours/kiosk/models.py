"""Shop-floor access: kiosk tablets, employees' PINs, personal QR links and sign-ins."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parcours.core.scope import scope_for
from parcours.organisation.models import Employee, Site


class Channel(models.TextChoices):
    KIOSK = "kiosk", _("Kiosk tablet")
    QR = "qr", _("Personal QR code")


class SignInReason(models.TextChoices):
    OK = "ok", _("Signed in")
    PIN_SET = "pin_set", _("PIN chosen")
    UNKNOWN = "unknown", _("Unknown number at this kiosk")
    WRONG_PIN = "wrong_pin", _("Wrong PIN")
    WRONG_CODE = "wrong_code", _("Wrong or expired one-time code")
    LOCKED = "locked", _("Locked")
    NO_PIN = "no_pin", _("No PIN yet")
    THROTTLED = "throttled", _("Too many attempts from this device")
    LEFT = "left", _("Has left the company")


class DeviceQuerySet(models.QuerySet):
    def for_user(self, user):
        """Group HR: every kiosk; site HR: the kiosks of their sites; nobody else any."""
        scope = scope_for(user)
        if scope.is_group_hr or scope.is_auditor:
            return self
        if scope.hr_site_ids:
            return self.filter(site_id__in=scope.hr_site_ids)
        return self.none()

    def active(self):
        return self.filter(revoked_at__isnull=True)


class KioskDevice(models.Model):
    """A shared tablet registered as a kiosk of one site: it holds a token, not a login."""

    site = models.ForeignKey(Site, models.PROTECT, related_name="+", verbose_name=_("site"))
    name = models.CharField(_("name"), max_length=100, help_text=_("Where it stands."))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    idle_seconds = models.PositiveIntegerField(
        _("sign out after (seconds without a touch)"),
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(900)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered on"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_seen_at = models.DateTimeField(_("last used"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_seen_at", "token_hash"])
    objects = DeviceQuerySet.as_manager()

    class Meta:
        ordering = ["site__name", "name", "pk"]
        verbose_name = _("kiosk tablet")
        verbose_name_plural = _("kiosk tablets")

    def __str__(self) -> str:
        return f"{self.site} · {self.name}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class EmployeeAccess(models.Model):
    """How an employee without an account signs in: PIN, one-time code, lock."""

    employee = models.OneToOneField(
        Employee, models.CASCADE, related_name="kiosk_access", verbose_name=_("employee")
    )
    badge_number = models.CharField(
        _("badge number"),
        max_length=60,
        blank=True,
        db_index=True,
        help_text=_("The number a badge or QR scanner types, if not the employee number."),
    )
    pin_hash = models.CharField(max_length=128, blank=True, editable=False)
    pin_set_at = models.DateTimeField(_("PIN chosen on"), null=True, blank=True)
    code_hash = models.CharField(max_length=128, blank=True, editable=False)
    code_expires_at = models.DateTimeField(_("one-time code valid until"), null=True, blank=True)
    code_issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    failed_attempts = models.PositiveSmallIntegerField(_("wrong PINs in a row"), default=0)
    locked_at = models.DateTimeField(_("locked on"), null=True, blank=True)
    unlocked_at = models.DateTimeField(_("unlocked on"), null=True, blank=True)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["pin_hash", "code_hash", "failed_attempts"])

    class Meta:
        verbose_name = _("shop-floor access")
        verbose_name_plural = _("shop-floor accesses")

    def __str__(self) -> str:
        return str(self.employee)

    @property
    def has_pin(self) -> bool:
        return bool(self.pin_hash)

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def has_code(self) -> bool:
        return bool(self.code_hash) and bool(
            self.code_expires_at and self.code_expires_at > timezone.now()
        )


class QRLink(models.Model):
    """The personal link printed as a QR code on an invitation slip; the PIN is still asked."""

    employee = models.ForeignKey(
        Employee, models.CASCADE, related_name="kiosk_qr_links", verbose_name=_("employee")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("made on"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("personal QR code")
        verbose_name_plural = _("personal QR codes")

    def __str__(self) -> str:
        return f"{self.employee} · {self.expires_at:%Y-%m-%d}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class SignInEvent(models.Model):
    """Every attempt to sign in at a kiosk or through a personal QR code."""

    employee = models.ForeignKey(
        Employee,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employee"),
    )
    number = models.CharField(_("number typed"), max_length=60, blank=True)
    channel = models.CharField(_("where"), max_length=10, choices=Channel.choices)
    device = models.ForeignKey(
        KioskDevice,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="sign_ins",
        verbose_name=_("kiosk tablet"),
    )
    qr_link = models.ForeignKey(
        QRLink,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="sign_ins",
        verbose_name=_("personal QR code"),
    )
    success = models.BooleanField(_("success"))
    reason = models.CharField(_("result"), max_length=20, choices=SignInReason.choices)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.number} {self.reason}"
