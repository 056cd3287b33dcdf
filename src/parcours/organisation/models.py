"""The organisation of a factory group: who works where, in which team, under whom."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parcours.core.labels import Labelled
from parcours.core.scope import scope_for
from parcours.organisation.choices import (
    ContractType,
    Country,
    Language,
    LeaveKind,
    Role,
    WorkingTimeUnit,
    language_choices,
)


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to narrow itself to what a user may see.

    Subclasses say where the employee (or site) sits relative to their model.
    """

    employee_prefix: str | None = None
    site_prefix: str | None = None

    def for_user(self, user):
        scope = scope_for(user)
        if not scope.has_any_role:
            return self.none()
        if self.employee_prefix is not None:
            q = scope.employee_q(self.employee_prefix)
        else:
            q = scope.site_q(self.site_prefix or "")
        return self if q is None else self.filter(q).distinct()


class LegalEntity(models.Model):
    """A company of the group that employs people: the employer in the eyes of the law."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    country = models.CharField(_("country"), max_length=5, choices=Country.choices)
    headcount_override = models.PositiveIntegerField(
        _("headcount (manual)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to count the active employees."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("legal entity")
        verbose_name_plural = _("legal entities")

    def __str__(self) -> str:
        return self.name

    @property
    def headcount(self) -> int:
        """The manual figure when HR typed one, otherwise the active employees counted
        (as annotated by the selector, or counted here)."""
        if self.headcount_override is not None:
            return self.headcount_override
        counted = getattr(self, "counted", None)
        return counted if counted is not None else self.employees.filter(active=True).count()


class SiteQuerySet(ScopedQuerySet):
    site_prefix = ""


class Site(models.Model):
    """A plant or office of a legal entity."""

    legal_entity = models.ForeignKey(
        LegalEntity, models.PROTECT, related_name="sites", verbose_name=_("legal entity")
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=30, unique=True)
    address = models.TextField(_("address"), blank=True)
    default_language = models.CharField(
        _("default language"), max_length=5, choices=language_choices, default=Language.EN
    )
    history = HistoricalRecords()
    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name


class DepartmentQuerySet(ScopedQuerySet):
    site_prefix = "site__"


class Department(models.Model):
    """A department of a site (production, maintenance, quality, logistics, ...)."""

    site = models.ForeignKey(
        Site, models.CASCADE, related_name="departments", verbose_name=_("site")
    )
    name = models.CharField(_("name"), max_length=200)
    history = HistoricalRecords()
    objects = DepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["site__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="department_unique_name")
        ]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class TeamQuerySet(ScopedQuerySet):
    def for_user(self, user):
        """Site roles see the teams of their sites; a manager the teams their people are in."""
        scope = scope_for(user)
        if not scope.has_any_role:
            return self.none()
        if scope.whole_group:
            return self
        q = Q(site_id__in=scope.site_ids)
        if scope.employee_id is not None:
            people = Employee.objects.filter(scope.employee_q())
            q |= Q(pk__in=people.values("team_id")) | Q(leader__in=people)
        return self.filter(q).distinct()


class Team(models.Model):
    """A team on the shop floor or in an office, led by a team leader."""

    site = models.ForeignKey(Site, models.CASCADE, related_name="teams", verbose_name=_("site"))
    department = models.ForeignKey(
        Department,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("department"),
    )
    name = models.CharField(_("name"), max_length=200)
    leader = models.ForeignKey(
        "Employee",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_teams",
        verbose_name=_("team leader"),
    )
    history = HistoricalRecords()
    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["site__name", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="team_unique_name")]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class GroupOrSiteQuerySet(models.QuerySet):
    """Records that are group-wide (no site) or belong to one site: positions, skills."""

    def for_user(self, user):
        """Group-wide records for everyone with a role; a site's for those who see it."""
        scope = scope_for(user)
        if not scope.has_any_role:
            return self.none()
        site_q = scope.site_q("site__")
        if site_q is None:
            return self
        return self.filter(Q(site__isnull=True) | site_q).distinct()


class PositionQuerySet(GroupOrSiteQuerySet):
    pass


class Position(models.Model):
    """A job or workstation (press operator, line 3 packing), with its job description."""

    title = models.CharField(_("title"), max_length=200)
    code = models.CharField(_("code"), max_length=50, blank=True)
    site = models.ForeignKey(
        Site,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("site"),
        help_text=_("Leave empty for a position used across the group."),
    )
    job_description = models.TextField(_("job description"), blank=True)
    history = HistoricalRecords()
    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self) -> str:
        return self.title


class EmployeeCategory(Labelled, models.Model):
    """A type of employee that templates and policies are chosen by (operator, staff...)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    labels = models.JSONField(
        _("labels"), default=dict, help_text=_('One label per language, e.g. {"en": "Operator"}')
    )
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["ordering", "code"]
        verbose_name = _("employee category")
        verbose_name_plural = _("employee categories")

    def __str__(self) -> str:
        return self.label


class EmployeeQuerySet(ScopedQuerySet):
    employee_prefix = ""

    def active(self):
        return self.filter(active=True)


class Employee(models.Model):
    """A person employed by a legal entity; most have no user account."""

    legal_entity = models.ForeignKey(
        LegalEntity, models.PROTECT, related_name="employees", verbose_name=_("legal entity")
    )
    site = models.ForeignKey(Site, models.PROTECT, related_name="employees", verbose_name=_("site"))
    employee_number = models.CharField(
        _("employee number"),
        max_length=40,
        help_text=_("As the payroll system writes it, leading zeros included."),
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    hire_date = models.DateField(_("hire date"))
    leaving_date = models.DateField(_("leaving date"), null=True, blank=True)
    category = models.ForeignKey(
        EmployeeCategory, models.PROTECT, related_name="employees", verbose_name=_("category")
    )
    position = models.ForeignKey(
        Position,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("position"),
    )
    team = models.ForeignKey(
        Team,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("team"),
    )
    manager = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("line manager"),
    )
    contract_type = models.CharField(
        _("contract"), max_length=20, choices=ContractType.choices, default=ContractType.PERMANENT
    )
    working_time_unit = models.CharField(
        _("working time unit"),
        max_length=20,
        choices=WorkingTimeUnit.choices,
        default=WorkingTimeUnit.PERCENT,
    )
    working_time_value = models.DecimalField(
        _("working time"), max_digits=6, decimal_places=2, default=100
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=language_choices, default=Language.EN
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    active = models.BooleanField(_("active"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
        verbose_name=_("user account"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["legal_entity", "employee_number"], name="employee_unique_number"
            )
        ]
        indexes = [
            models.Index(fields=["site", "last_name"]),
            models.Index(fields=["manager"]),
        ]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def working_time_display(self) -> str:
        value = self.working_time_value.normalize()
        return f"{value:f} {self.get_working_time_unit_display()}"


class AssignmentQuerySet(ScopedQuerySet):
    employee_prefix = "employee__"


class EmployeeAssignment(models.Model):
    """One period of an employee's position, team, manager and category.

    A new row starts whenever one of these changes; the open row has no end date.
    """

    employee = models.ForeignKey(
        Employee, models.CASCADE, related_name="assignments", verbose_name=_("employee")
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    position = models.ForeignKey(Position, models.SET_NULL, null=True, blank=True, related_name="+")
    team = models.ForeignKey(Team, models.SET_NULL, null=True, blank=True, related_name="+")
    manager = models.ForeignKey(Employee, models.SET_NULL, null=True, blank=True, related_name="+")
    category = models.ForeignKey(
        EmployeeCategory, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    site = models.ForeignKey(Site, models.SET_NULL, null=True, blank=True, related_name="+")
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["employee", "-valid_from", "-pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.employee_id} {self.valid_from}"


class LeaveQuerySet(ScopedQuerySet):
    employee_prefix = "employee__"

    def on(self, day: date):
        return self.filter(first_day__lte=day).filter(
            Q(last_day__isnull=True) | Q(last_day__gte=day)
        )


class Leave(models.Model):
    """A period away from work: maternity, long illness, sabbatical, ..."""

    employee = models.ForeignKey(
        Employee, models.CASCADE, related_name="leaves", verbose_name=_("employee")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=LeaveKind.choices)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Inclusive; empty while open-ended.")
    )
    return_date = models.DateField(_("actual return date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()
    objects = LeaveQuerySet.as_manager()

    class Meta:
        ordering = ["employee", "-first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | Q(last_day__gte=models.F("first_day")),
                name="leave_last_day_after_first",
            )
        ]
        verbose_name = _("leave")
        verbose_name_plural = _("leaves")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.first_day}"

    @property
    def is_open(self) -> bool:
        return self.last_day is None

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.first_day <= today and (self.last_day is None or self.last_day >= today)


class RoleAssignment(models.Model):
    """A role a user account holds: group HR, site HR of a site, training coordinator, auditor.

    Managers and employees need no role: being linked to an employee is enough.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="parcours_roles"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    site = models.ForeignKey(
        Site, models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "site"], name="role_unique"),
            models.CheckConstraint(
                condition=(
                    Q(role__in=["site_hr", "training_coordinator"], site__isnull=False)
                    | Q(role__in=["group_hr", "auditor"], site__isnull=True)
                ),
                name="role_site_matches_role",
            ),
        ]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()} {self.site or ''}".strip()
