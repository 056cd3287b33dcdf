"""Reads of the objectives app, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from parcours.objectives.choices import (
    RESULT_STATUSES,
    EvaluationRole,
    ObjectiveLevel,
    ObjectiveStatus,
)
from parcours.objectives.models import CheckIn, Evaluation, Objective, ScaleLevel

#: An open objective without a check-in for this long is "due" for one.
CHECKIN_DUE_DAYS = 90

LIST_RELATED = ("owner__team", "owner__site", "team", "department", "site", "contributes_to")


def _manager_evaluations():
    return Evaluation.objects.filter(role=EvaluationRole.MANAGER).select_related("level")


def annotate_list(queryset):
    """What every list shows: the last check-in and the latest manager evaluation."""
    latest = Evaluation.objects.filter(
        objective=OuterRef("pk"), role=EvaluationRole.MANAGER
    ).order_by("-evaluated_on", "-pk")
    return queryset.select_related(*LIST_RELATED).annotate(
        last_checkin=Max("checkins__day"),
        grade=Subquery(latest.values("level__code")[:1]),
        result=Subquery(latest.values("value")[:1]),
    )


def objective_list(*, user, filters: dict | None = None):
    """Every objective the person sees, with the filters of the HR list."""
    filters = filters or {}
    queryset = Objective.objects.for_user(user)
    if filters.get("site"):
        queryset = queryset.filter(site_id=filters["site"])
    if filters.get("team"):
        team = filters["team"]
        queryset = queryset.filter(Q(team_id=team) | Q(owner__team_id=team))
    if filters.get("department"):
        department = filters["department"]
        queryset = queryset.filter(
            Q(department_id=department)
            | Q(team__department_id=department)
            | Q(owner__team__department_id=department)
        )
    if filters.get("level"):
        queryset = queryset.filter(level=filters["level"])
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("year"):
        queryset = queryset.filter(period_start__year=filters["year"])
    if filters.get("q"):
        text = filters["q"]
        queryset = queryset.filter(
            Q(title__icontains=text)
            | Q(indicator__icontains=text)
            | Q(owner__last_name__icontains=text)
            | Q(owner__first_name__icontains=text)
            | Q(owner__employee_number__iexact=text)
        )
    if filters.get("unevaluated"):
        queryset = queryset.exclude(status=ObjectiveStatus.DROPPED).filter(
            ~Exists(Evaluation.objects.filter(objective=OuterRef("pk"), role="manager")),
            period_end__lt=timezone.localdate(),
        )
    return annotate_list(queryset).order_by("-period_start", "owner__last_name", "title", "pk")


def objective_detail(*, user, pk: int) -> Objective | None:
    return (
        Objective.objects.for_user(user)
        .select_related(
            "owner__team",
            "owner__site",
            "team__leader",
            "department",
            "site",
            "scale",
            "set_by",
            "set_in__campaign",
            "closed_in__campaign",
            "contributes_to",
            "previous",
        )
        .filter(pk=pk)
        .first()
    )


def history_chain(objective: Objective) -> list[Objective]:
    """Every objective of the same history, oldest first: what it continues and what
    continues it (renewals and carry-overs), in two queries at most per step."""
    chain = [objective]
    seen = {objective.pk}
    current = objective
    while current.previous_id and current.previous_id not in seen:
        current = Objective.objects.select_related("set_in__campaign").get(pk=current.previous_id)
        seen.add(current.pk)
        chain.insert(0, current)
    current = objective
    while True:
        following = (
            Objective.objects.filter(previous=current)
            .exclude(pk__in=seen)
            .select_related("set_in__campaign")
            .order_by("pk")
            .first()
        )
        if following is None:
            break
        seen.add(following.pk)
        chain.append(following)
        current = following
    return chain


# Expected versus achieved --------------------------------------------------------------


@dataclass
class Row:
    objective: Objective
    manager: Evaluation | None = None
    self_evaluation: Evaluation | None = None
    last_checkin: CheckIn | None = None
    checkins: list = field(default_factory=list)

    @property
    def result(self) -> Decimal | None:
        """The measured result: the manager's evaluation, else the last check-in."""
        if self.manager is not None and self.manager.value is not None:
            return self.manager.value
        if self.last_checkin is not None:
            return self.last_checkin.value
        return None

    @property
    def progress(self) -> int | None:
        """How far from the baseline towards the target the result went, in %."""
        o = self.objective
        if o.baseline is None or o.target is None or self.result is None or o.target == o.baseline:
            return None
        share = (self.result - o.baseline) / (o.target - o.baseline) * 100
        return int(max(Decimal(-100), min(Decimal(200), share)))

    @property
    def evaluated(self) -> bool:
        return self.manager is not None and self.manager.level_id is not None


@dataclass
class Period:
    year: int
    rows: list[Row] = field(default_factory=list)

    def count(self, *statuses) -> int:
        return sum(1 for row in self.rows if row.objective.status in statuses)

    @property
    def total(self) -> int:
        return sum(1 for row in self.rows if row.objective.status != ObjectiveStatus.DROPPED)

    @property
    def achieved(self) -> int:
        return self.count(ObjectiveStatus.ACHIEVED)

    @property
    def partly(self) -> int:
        return self.count(ObjectiveStatus.PARTLY_ACHIEVED)

    @property
    def not_achieved(self) -> int:
        return self.count(ObjectiveStatus.NOT_ACHIEVED)

    @property
    def carried_over(self) -> int:
        return self.count(ObjectiveStatus.CARRIED_OVER)

    @property
    def open(self) -> int:
        return self.count(ObjectiveStatus.OPEN)

    @property
    def share_achieved(self) -> int | None:
        closed = self.count(*RESULT_STATUSES)
        return round(100 * self.achieved / closed) if closed else None


#: Interview statuses before it is held: the employee does not see the manager's side yet.
NOT_HELD = ("to_plan", "planned", "prepared")


def hidden_from_employee(evaluation) -> bool:
    """The manager's evaluation of an interview that is not held yet."""
    return (
        evaluation.role == EvaluationRole.MANAGER
        and evaluation.interview_id is not None
        and evaluation.interview.status in NOT_HELD
    )


def expected_vs_achieved(*, employee, as_employee: bool = False) -> list[Period]:
    """Every period of the person's objectives, oldest first as the chart reads, each
    objective with its target, result and both evaluations: four queries whatever the
    history's length."""
    objectives = list(
        Objective.objects.filter(owner=employee, level=ObjectiveLevel.INDIVIDUAL)
        .select_related("set_in__campaign", "closed_in__campaign", "contributes_to", "scale")
        .prefetch_related(
            Prefetch(
                "evaluations",
                queryset=Evaluation.objects.select_related("level", "interview").order_by(
                    "evaluated_on", "pk"
                ),
            ),
            Prefetch("checkins", queryset=CheckIn.objects.order_by("-day", "-pk")),
        )
        .order_by("period_start", "pk")
    )
    periods: dict[int, Period] = {}
    for objective in objectives:
        row = Row(objective=objective)
        for evaluation in objective.evaluations.all():
            if as_employee and hidden_from_employee(evaluation):
                continue
            if evaluation.role == EvaluationRole.MANAGER:
                row.manager = evaluation
            else:
                row.self_evaluation = evaluation
        row.checkins = list(objective.checkins.all())
        row.last_checkin = row.checkins[0] if row.checkins else None
        year = objective.period_start.year
        periods.setdefault(year, Period(year=year)).rows.append(row)
    return [periods[year] for year in sorted(periods)]


def chart_svg(periods: list[Period], *, title: str, labels: dict) -> str:
    """The periods side by side: how many objectives were set and what became of them."""
    if not periods:
        return ""
    import pygal
    from django.utils.safestring import mark_safe

    style = pygal.style.Style(
        background="transparent",
        plot_background="transparent",
        colors=("#2e7d32", "#f9a825", "#c62828", "#5c6bc0", "#90a4ae"),
        font_family="sans-serif",
        legend_font_size=14,
        label_font_size=14,
        major_label_font_size=14,
        title_font_size=16,
    )
    chart = pygal.StackedBar(
        height=320,
        width=640,
        js=[],
        style=style,
        explicit_size=False,
        disable_xml_declaration=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        print_values=False,
        title=title,
    )
    ordered = list(periods)
    # Whole objectives on the axis: 0, 1, 2 ... (or steps of 2, 5, ... for long lists).
    top = max(max(period.total for period in ordered), 1)
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 10**9) if top / s <= 8)
    chart.y_labels = list(range(0, top + step, step))
    chart.x_labels = [str(period.year) for period in ordered]
    chart.add(labels["achieved"], [period.achieved for period in ordered])
    chart.add(labels["partly"], [period.partly for period in ordered])
    chart.add(labels["not_achieved"], [period.not_achieved for period in ordered])
    chart.add(labels["carried_over"], [period.carried_over for period in ordered])
    chart.add(labels["open"], [period.open for period in ordered])
    return mark_safe(chart.render(is_unicode=True))


# Managers and teams ------------------------------------------------------------------


def team_objectives(*, user, employee_id: int):
    """The open objectives of the people below a manager, with the check-ins due first."""
    from parcours.core.scope import scope_for
    from parcours.organisation.models import Employee

    scope = scope_for(user)
    people = Employee.objects.filter(scope.employee_q()).exclude(pk=employee_id)
    queryset = annotate_list(
        Objective.objects.filter(owner__in=people, status=ObjectiveStatus.OPEN)
    )
    return queryset.order_by("owner__last_name", "owner__first_name", "period_end", "pk")


def is_checkin_due(objective, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    last = objective.last_checkin or objective.period_start
    return objective.status == ObjectiveStatus.OPEN and last <= today - timedelta(
        days=CHECKIN_DUE_DAYS
    )


@dataclass
class GroupSummary:
    """Share achieved and objectives nobody evaluated, for a team or a department."""

    key: int
    name: str
    site: str
    total: int = 0
    achieved: int = 0
    closed: int = 0
    open: int = 0
    unevaluated: int = 0

    @property
    def share_achieved(self) -> int | None:
        return round(100 * self.achieved / self.closed) if self.closed else None


def group_summaries(*, user, by: str = "team", year: int | None = None) -> list[GroupSummary]:
    """Per team (or department) of the people in scope: two queries."""
    from parcours.organisation.models import Department, Team

    today = timezone.localdate()
    prefix = "owner__team" if by == "team" else "owner__team__department"
    base = Objective.objects.for_user(user).filter(level=ObjectiveLevel.INDIVIDUAL)
    base = base.exclude(status=ObjectiveStatus.DROPPED).filter(**{f"{prefix}__isnull": False})
    if year:
        base = base.filter(period_start__year=year)
    evaluated = Exists(
        Evaluation.objects.filter(
            objective=OuterRef("pk"), role=EvaluationRole.MANAGER, level__isnull=False
        )
    )
    rows = (
        base.annotate(evaluated=evaluated)
        .values(prefix)
        .annotate(
            total=Count("pk"),
            achieved=Count("pk", filter=Q(status=ObjectiveStatus.ACHIEVED)),
            closed=Count("pk", filter=Q(status__in=RESULT_STATUSES)),
            open=Count("pk", filter=Q(status=ObjectiveStatus.OPEN)),
            unevaluated=Count(
                "pk",
                filter=Q(evaluated=False)
                & (Q(period_end__lt=today) | Q(status__in=RESULT_STATUSES)),
            ),
        )
        .order_by()
    )
    figures = {row[prefix]: row for row in rows}
    model = Team if by == "team" else Department
    groups = (
        model.objects.filter(pk__in=figures).select_related("site").order_by("site__name", "name")
    )
    summaries = []
    for group in groups:
        row = figures[group.pk]
        summaries.append(
            GroupSummary(
                key=group.pk,
                name=group.name,
                site=group.site.name,
                total=row["total"],
                achieved=row["achieved"],
                closed=row["closed"],
                open=row["open"],
                unevaluated=row["unevaluated"],
            )
        )
    return summaries


def collective_rollup(*, user, year: int | None = None):
    """Team and department objectives with the individual objectives that contribute to
    them rolled up: how many, closed, achieved, and the average evaluation rank."""
    queryset = Objective.objects.for_user(user).collective().exclude(status=ObjectiveStatus.DROPPED)
    if year:
        queryset = queryset.filter(period_start__year=year)
    contributions = Q(
        contributions__status__in=[
            *RESULT_STATUSES,
            ObjectiveStatus.OPEN,
            ObjectiveStatus.CARRIED_OVER,
        ]
    )
    return (
        annotate_list(queryset)
        .annotate(
            contributing=Count("contributions", filter=contributions, distinct=True),
            contributing_closed=Count(
                "contributions",
                filter=Q(contributions__status__in=RESULT_STATUSES),
                distinct=True,
            ),
            contributing_achieved=Count(
                "contributions",
                filter=Q(contributions__status=ObjectiveStatus.ACHIEVED),
                distinct=True,
            ),
        )
        .order_by("-period_start", "level", "title", "pk")
    )


def suggestions_for(*, employee):
    """Open team and department objectives the person's objectives can contribute to."""
    q = Q(pk__in=[])
    if employee.team_id:
        q |= Q(level=ObjectiveLevel.TEAM, team_id=employee.team_id)
        if employee.team.department_id:
            q |= Q(level=ObjectiveLevel.DEPARTMENT, department_id=employee.team.department_id)
    return (
        Objective.objects.filter(q, status=ObjectiveStatus.OPEN)
        .select_related("team", "department")
        .order_by("level", "title")
    )


def scale_levels(scale_ids) -> dict[int, list[ScaleLevel]]:
    levels: dict[int, list[ScaleLevel]] = {}
    for level in ScaleLevel.objects.filter(scale_id__in=set(scale_ids)).order_by("-rank"):
        levels.setdefault(level.scale_id, []).append(level)
    return levels


def open_count(employee) -> int:
    return Objective.objects.filter(owner=employee, status=ObjectiveStatus.OPEN).count()


def open_badge(employee) -> int | None:
    """The self-service tile's badge: how many objectives are open (one query)."""
    return open_count(employee) or None
