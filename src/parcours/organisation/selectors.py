"""Reads of the organisation, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from parcours.audit.models import AuditEntry
from parcours.organisation.models import Employee, EmployeeAssignment, Leave, Site, Team


def employee_list(*, user):
    return Employee.objects.for_user(user).select_related(
        "site", "team", "position", "category", "manager"
    )


def employee_get(*, user, pk: int) -> Employee | None:
    return (
        Employee.objects.for_user(user)
        .select_related("site", "legal_entity", "team", "position", "category", "manager", "user")
        .filter(pk=pk)
        .first()
    )


@dataclass
class TimelineItem:
    day: date
    kind: str  # "assignment", "leave", "change"
    title: str
    detail: object = None


def employee_timeline(*, employee: Employee, user) -> dict:
    """The employee's history: periods of assignment, leaves and audited changes."""
    assignments = list(
        EmployeeAssignment.objects.filter(employee=employee).select_related(
            "position", "team", "manager", "category", "site"
        )
    )
    leaves = list(Leave.objects.filter(employee=employee).order_by("-first_day"))
    changes = list(
        AuditEntry.objects.for_user(user)
        .filter(employee=employee)
        .select_related("user", "content_type")
        .order_by("-at")[:100]
    )
    return {"assignments": assignments, "leaves": leaves, "changes": changes}


def site_list(*, user):
    return (
        Site.objects.for_user(user)
        .select_related("legal_entity")
        .annotate(
            headcount=Count("employees", filter=Q(employees__active=True), distinct=True),
            team_count=Count("teams", distinct=True),
        )
        .order_by("legal_entity__name", "name")
    )


def legal_entity_list(*, user):
    """Legal entities the user sees, with the headcount the 50-staff rules read."""
    from parcours.organisation.models import LegalEntity

    visible_sites = Site.objects.for_user(user).values("legal_entity_id")
    return (
        LegalEntity.objects.filter(pk__in=visible_sites)
        .annotate(
            counted=Count("employees", filter=Q(employees__active=True), distinct=True),
        )
        .order_by("name")
    )


def team_list(*, user):
    return (
        Team.objects.for_user(user)
        .select_related("site", "department", "leader")
        .annotate(size=Count("members", filter=Q(members__active=True), distinct=True))
        .order_by("site__name", "name")
    )


@dataclass
class TreeNode:
    employee: dict
    children: list[TreeNode] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.children) + sum(child.size for child in self.children)


def manager_tree(*, site: Site, user) -> list[TreeNode]:
    """The reporting lines of a site in one query: roots are people whose manager works
    elsewhere or who have none."""
    visible = Employee.objects.for_user(user).filter(site=site, active=True)
    rows = list(
        visible.values(
            "pk",
            "first_name",
            "last_name",
            "manager_id",
            "position__title",
            "team__name",
            "employee_number",
        ).order_by("last_name", "first_name")
    )
    nodes = {row["pk"]: TreeNode(row) for row in rows}
    roots = []
    for row in rows:
        parent = nodes.get(row["manager_id"])
        if parent is None or row["manager_id"] == row["pk"]:
            roots.append(nodes[row["pk"]])
        else:
            parent.children.append(nodes[row["pk"]])
    roots.sort(key=lambda node: -node.size)
    return roots


def team_members(*, team: Team, user):
    return (
        Employee.objects.for_user(user)
        .filter(team=team)
        .select_related("position", "category")
        .order_by("-active", "last_name", "first_name")
    )


def site_detail(*, site: Site, user) -> dict:
    teams = team_list(user=user).filter(site=site)
    departments = site.departments.annotate(team_count=Count("teams")).order_by("name")
    return {
        "teams": teams,
        "departments": departments,
        "on_leave": Leave.objects.for_user(user)
        .filter(employee__site=site)
        .on(date.today())
        .select_related("employee")
        .order_by("first_day")[:50],
    }
