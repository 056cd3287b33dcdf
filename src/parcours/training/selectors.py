"""Reading trainings: lists, the decision queue, budgets and the training plan.

Every function runs a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, Q, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.core.scope import scope_for
from parcours.organisation.models import EmployeeCategory, Site
from parcours.skills.models import SkillDomain
from parcours.training.choices import OPEN_STATUSES, Priority, ProposalStatus, RequestStatus
from parcours.training.models import (
    SkillProposal,
    Training,
    TrainingBudget,
    TrainingRequest,
    TrainingSession,
    TrainingSkill,
)

ZERO = Decimal("0")


def decider_site_ids(user) -> set[int] | None:
    """The sites whose requests the user decides; None: every site (group HR)."""
    scope = scope_for(user)
    if scope.is_group_hr:
        return None
    return set(scope.hr_site_ids | scope.coordinator_site_ids)


def is_decider(user) -> bool:
    ids = decider_site_ids(user)
    return ids is None or bool(ids)


def requests_for(user):
    return TrainingRequest.objects.for_user(user).select_related(
        "employee", "training", "session", "skill", "site", "objective"
    )


def decision_queue(user, status: str = RequestStatus.REQUESTED):
    """Requests of the sites the user decides for, oldest first (high priority first)."""
    queryset = requests_for(user).filter(status=status)
    ids = decider_site_ids(user)
    if ids is not None:
        queryset = queryset.filter(site_id__in=ids)
    urgency = Case(
        When(priority=Priority.HIGH, then=Value(0)),
        When(priority=Priority.NORMAL, then=Value(1)),
        default=Value(2),
    )
    return queryset.order_by(urgency, "created_at", "pk")


def queue_counts(user) -> dict[str, int]:
    queryset = TrainingRequest.objects.for_user(user)
    ids = decider_site_ids(user)
    if ids is not None:
        queryset = queryset.filter(site_id__in=ids)
    counts = dict(
        queryset.filter(status__in=OPEN_STATUSES)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in OPEN_STATUSES}


def team_requests(user):
    """Requests of the people below the user (not their own)."""
    scope = scope_for(user)
    return requests_for(user).exclude(employee_id=scope.employee_id)


def proposals_to_confirm(user):
    """Levels brought by done trainings that wait for the user's confirmation: the
    people below them (managers) or of their sites (HR)."""
    scope = scope_for(user)
    queryset = (
        SkillProposal.objects.for_user(user)
        .filter(status=ProposalStatus.PENDING)
        .select_related("employee", "skill", "request__training", "request__session")
        .order_by("request__done_on", "pk")
    )
    if scope.whole_group and not scope.is_group_hr:
        return queryset.none()  # auditors read, they do not confirm
    if scope.employee_id is not None:
        queryset = queryset.exclude(employee_id=scope.employee_id)
    if not scope.is_hr:
        # coordinators read the people of their sites but do not record levels
        if scope.employee_id is None:
            return queryset.none()
        from django.db.models.expressions import RawSQL

        from parcours.core.scope import _SUBORDINATES_SQL

        queryset = queryset.filter(employee_id__in=RawSQL(_SUBORDINATES_SQL, (scope.employee_id,)))
    return queryset


def open_requests_count(employee) -> int:
    return TrainingRequest.objects.filter(employee=employee, status__in=OPEN_STATUSES).count()


def tile_badge(employee) -> int | None:
    """The self-service tile's badge: the open requests, or nothing when there are none."""
    return open_requests_count(employee) or None


def request_year(request: TrainingRequest) -> int:
    if request.session_id is not None:
        return request.session.starts_on.year
    return timezone.localtime(request.created_at).year


def _in_year(year: int) -> Q:
    return Q(session__starts_on__year=year) | Q(session__isnull=True, created_at__year=year)


@dataclass
class BudgetView:
    site: Site
    year: int
    budget: Decimal | None
    requested: Decimal
    committed: Decimal
    spent: Decimal

    @property
    def used(self) -> Decimal:
        return self.committed + self.spent

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.used

    @property
    def share(self) -> int | None:
        if not self.budget:
            return None
        return round(self.used * 100 / self.budget)

    def after(self, cost: Decimal | None) -> Decimal | None:
        if self.budget is None:
            return None
        return self.remaining - (cost or ZERO)


def budget_view(*, site: Site, year: int) -> BudgetView:
    """The site's budget of the year against what is done (spent) and approved or planned
    (committed). Two queries."""
    sums = (
        TrainingRequest.objects.filter(site=site)
        .filter(_in_year(year))
        .aggregate(
            requested=Sum("cost", filter=Q(status=RequestStatus.REQUESTED), default=ZERO),
            committed=Sum(
                "cost",
                filter=Q(status__in=[RequestStatus.APPROVED, RequestStatus.PLANNED]),
                default=ZERO,
            ),
            spent=Sum("cost", filter=Q(status=RequestStatus.DONE), default=ZERO),
        )
    )
    budget = (
        TrainingBudget.objects.filter(site=site, year=year).values_list("amount", flat=True).first()
    )
    return BudgetView(site=site, year=year, budget=budget, **sums)


# The training plan -------------------------------------------------------------------------

PLAN_STATUSES = [
    RequestStatus.REQUESTED,
    RequestStatus.APPROVED,
    RequestStatus.PLANNED,
    RequestStatus.DONE,
]


@dataclass
class Cell:
    count: int = 0
    cost: Decimal = ZERO

    def add(self, cost) -> None:
        self.count += 1
        self.cost += cost or ZERO


@dataclass
class PlanLine:
    label: str
    cells: dict[str, Cell] = field(default_factory=lambda: {s: Cell() for s in PLAN_STATUSES})

    @property
    def cost(self) -> Decimal:
        return sum((self.cells[s].cost for s in PLAN_STATUSES[1:]), ZERO)

    def ordered(self) -> list[Cell]:
        return [self.cells[s] for s in PLAN_STATUSES]


@dataclass
class Plan:
    site: Site
    year: int
    budget: BudgetView
    totals: PlanLine
    by_category: list[PlanLine]
    by_domain: list[PlanLine]
    by_month: list[PlanLine]
    rows: list[dict]
    refused: int
    cancelled: int
    statuses: list = field(default_factory=lambda: PLAN_STATUSES)


def training_plan(*, site: Site, year: int) -> Plan:
    """Requested, approved, planned and done, with costs, by category of employee, skill
    domain and month, for one site and year. A fixed number of queries."""
    from django.utils.dates import MONTHS

    rows = list(
        TrainingRequest.objects.filter(site=site)
        .filter(_in_year(year))
        .annotate(
            month=Coalesce(ExtractMonth("session__starts_on"), ExtractMonth("created_at")),
        )
        .values(
            "pk",
            "status",
            "cost",
            "month",
            "title",
            "training_id",
            "skill__domain_id",
            "employee_id",
            "employee__first_name",
            "employee__last_name",
            "employee__category_id",
            "session__starts_on",
            "created_at",
            "decision_delay",
            "origin",
        )
        .order_by("month", "employee__last_name", "pk")
    )
    training_ids = {row["training_id"] for row in rows if row["training_id"]}
    trainings = {
        t.pk: t for t in Training.objects.filter(pk__in=training_ids).only("pk", "code", "labels")
    }
    first_domain: dict[int, int] = {}
    for training_id, domain_id in (
        TrainingSkill.objects.filter(training_id__in=training_ids)
        .order_by("training_id", "skill__code")
        .values_list("training_id", "skill__domain_id")
    ):
        first_domain.setdefault(training_id, domain_id)
    categories = {c.pk: c.label for c in EmployeeCategory.objects.all()}
    domains = {d.pk: d.label for d in SkillDomain.objects.all()}
    totals = PlanLine(label=_("Total"))
    by_category: dict[str, PlanLine] = {}
    by_domain: dict = {}
    by_month = {m: PlanLine(label=str(MONTHS[m])) for m in range(1, 13)}
    refused = cancelled = 0
    out = []
    for row in rows:
        status = row["status"]
        training = trainings.get(row["training_id"])
        row["display_title"] = training.label if training else row["title"]
        domain_id = row["skill__domain_id"] or first_domain.get(row["training_id"])
        row["domain"] = domains.get(domain_id, "")
        row["category"] = categories.get(row["employee__category_id"], "")
        row["name"] = f"{row['employee__first_name']} {row['employee__last_name']}"
        row["status_label"] = RequestStatus(status).label
        out.append(row)
        if status == RequestStatus.REFUSED:
            refused += 1
            continue
        if status == RequestStatus.CANCELLED:
            cancelled += 1
            continue
        totals.cells[status].add(row["cost"])
        category = row["category"] or _("No category")
        line = by_category.setdefault(category, PlanLine(label=category))
        line.cells[status].add(row["cost"])
        domain = row["domain"] or _("No skill domain")
        line = by_domain.setdefault(domain, PlanLine(label=domain))
        line.cells[status].add(row["cost"])
        by_month[row["month"]].cells[status].add(row["cost"])
    return Plan(
        site=site,
        year=year,
        budget=budget_view(site=site, year=year),
        totals=totals,
        by_category=sorted(by_category.values(), key=lambda line: line.label),
        by_domain=sorted(by_domain.values(), key=lambda line: line.label),
        by_month=[by_month[m] for m in range(1, 13)],
        rows=out,
        refused=refused,
        cancelled=cancelled,
    )


def sessions_for(user):
    return (
        TrainingSession.objects.for_user(user)
        .select_related("training", "site")
        .annotate(
            taken=Count(
                "participants",
                filter=Q(participants__status__in=[RequestStatus.PLANNED, RequestStatus.DONE]),
            )
        )
    )


def catalogue_for(user):
    return Training.objects.for_user(user).select_related("site", "certification_type")
