"""What a user may see: one scope object per user, used by every page and API list.

Group HR and auditors see the whole group; site HR and training coordinators see the
sites they hold; a user linked to an employee sees that employee and, when the employee
manages people, every report below them, directly and indirectly. The manager tree is
read at query time, so a change of line manager shows at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.expressions import RawSQL

from parcours.organisation.choices import Role

_SUBORDINATES_SQL = """
WITH RECURSIVE reports(id) AS (
    SELECT id FROM organisation_employee WHERE manager_id = %s
    UNION
    SELECT e.id FROM organisation_employee e JOIN reports r ON e.manager_id = r.id
)
SELECT id FROM reports
"""


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    roles: frozenset[str] = frozenset()
    whole_group: bool = False
    hr_site_ids: frozenset[int] = frozenset()
    coordinator_site_ids: frozenset[int] = frozenset()
    employee_id: int | None = None
    site_ids: frozenset[int] = field(default=frozenset())

    @property
    def is_group_hr(self) -> bool:
        return Role.GROUP_HR in self.roles

    @property
    def is_auditor(self) -> bool:
        return Role.AUDITOR in self.roles

    @property
    def is_site_hr(self) -> bool:
        return bool(self.hr_site_ids)

    @property
    def is_hr(self) -> bool:
        return self.is_group_hr or self.is_site_hr

    @property
    def has_any_role(self) -> bool:
        return bool(self.roles) or self.employee_id is not None

    def can_edit_site(self, site_id: int | None) -> bool:
        """HR data of a site (None: group-wide data) may be changed by this user."""
        if self.is_group_hr:
            return True
        return site_id is not None and site_id in self.hr_site_ids

    def employee_q(self, prefix: str = "") -> Q | None:
        """The employees this user may see, as a filter; None means no filter at all."""
        if self.whole_group:
            return None
        q = Q(pk__in=[])
        if self.site_ids:
            q |= Q(**{f"{prefix}site_id__in": self.site_ids})
        if self.employee_id is not None:
            q |= Q(**{f"{prefix}pk": self.employee_id})
            q |= Q(**{f"{prefix}pk__in": RawSQL(_SUBORDINATES_SQL, (self.employee_id,))})
        return q

    def site_q(self, prefix: str = "") -> Q | None:
        """The sites this user may see: their role sites, or the sites of people they see."""
        if self.whole_group:
            return None
        q = Q(**{f"{prefix}pk__in": self.site_ids})
        if self.employee_id is not None:
            from parcours.organisation.models import Employee

            visible = Employee.objects.filter(self.employee_q()).values("site_id")
            q |= Q(**{f"{prefix}pk__in": visible})
        return q


ANONYMOUS = Scope(user_id=None)


def scope_for(user) -> Scope:
    """The user's scope, computed once per request and kept on the user object."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_parcours_scope", None)
    if cached is not None:
        return cached
    from parcours.organisation.models import Employee, RoleAssignment

    roles: set[str] = set()
    hr_sites: set[int] = set()
    coordinator_sites: set[int] = set()
    for role, site_id in RoleAssignment.objects.filter(user_id=user.pk).values_list(
        "role", "site_id"
    ):
        roles.add(role)
        if role == Role.SITE_HR and site_id:
            hr_sites.add(site_id)
        elif role == Role.TRAINING_COORDINATOR and site_id:
            coordinator_sites.add(site_id)
    employee_id = Employee.objects.filter(user_id=user.pk).values_list("pk", flat=True).first()
    scope = Scope(
        user_id=user.pk,
        roles=frozenset(roles),
        whole_group=bool(roles & {Role.GROUP_HR, Role.AUDITOR}) or user.is_superuser,
        hr_site_ids=frozenset(hr_sites),
        coordinator_site_ids=frozenset(coordinator_sites),
        employee_id=employee_id,
        site_ids=frozenset(hr_sites | coordinator_sites),
    )
    if user.is_superuser:
        scope = Scope(**{**scope.__dict__, "roles": frozenset(roles | {Role.GROUP_HR})})
    user._parcours_scope = scope
    return scope
