"""Reading what the engine needs from the rest of Parcours, and assessing many employees.

`facts_for` builds the engine's facts for any number of employees in a fixed number of
queries (employees, legal entities with their settings and headcount, leaves, interviews
held in Parcours, historic interviews, training records, kinds and company policies), so
that a site's list costs the same for 10 employees as for 10,000.

Which Parcours interviews count: those *held*, *signed* or *followed up* (the lifecycle's
statuses after the interview took place), on the day they were marked held. Cancelled and
open interviews do not count. The kind they count as comes from `KindMapping` (or
`DEFAULT_KIND_MAP`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from parcours.compliance.engine import (
    DEFAULT_SETTINGS,
    Assessment,
    CompanyPolicy,
    EmployeeFacts,
    Employer,
    HeldInterview,
    Leave,
    Obligation,
    Settings,
    Training,
    assess,
)
from parcours.compliance.models import (
    HistoricInterview,
    InterviewPolicy,
    TrainingRecord,
    split_topics,
)
from parcours.interviews.choices import InterviewStatus
from parcours.interviews.models import Interview, InterviewKind
from parcours.organisation.models import Employee, LegalEntity
from parcours.organisation.models import Leave as LeaveRecord

# What the interview kinds Parcours ships with count as, when HR has not said otherwise;
# any other kind counts under its own code (a company kind such as annual_review).
DEFAULT_KIND_MAP: dict[str, tuple[str, tuple[str, ...]]] = {
    "professional": ("periodic", ()),
    "return_after_leave": ("return", ()),
}
# Historic records that are not interviews but facts the engine reads: the mid-career
# medical visit, and for the French summary a certification (or VAE) and a pay or career
# progression.
MID_CAREER_VISIT, CERTIFICATION, PROGRESSION = "mid_career_visit", "certification", "progression"
EVENT_KINDS = (MID_CAREER_VISIT, CERTIFICATION, PROGRESSION)
HELD_STATUSES = (InterviewStatus.HELD, InterviewStatus.SIGNED, InterviewStatus.FOLLOWED_UP)
OPEN_OBLIGATION = frozenset({"overdue", "due_soon", "upcoming"})

EMPLOYEE_FIELDS = (
    "pk",
    "first_name",
    "last_name",
    "employee_number",
    "hire_date",
    "birth_date",
    "leaving_date",
    "site_id",
    "site__code",
    "site__name",
    "legal_entity_id",
    "category__code",
)


def employees_on(queryset: QuerySet, on: date) -> QuerySet:
    """The employees employed on `on`: hired by then and not left before."""
    return queryset.filter(hire_date__lte=on).filter(
        Q(leaving_date__gte=on) | Q(leaving_date__isnull=True, active=True)
    )


def kind_map() -> dict[int, tuple[str, tuple[str, ...]]]:
    """InterviewKind pk -> (engine kind, topics). One query."""
    result = {}
    for kind in InterviewKind.objects.select_related("compliance_mapping"):
        mapping = getattr(kind, "compliance_mapping", None)
        if mapping is not None:
            result[kind.pk] = (mapping.engine_kind, mapping.topic_list)
        else:
            result[kind.pk] = DEFAULT_KIND_MAP.get(kind.code, (kind.code, ()))
    return result


def engine_kind_of(kind: InterviewKind) -> str:
    mapping = getattr(kind, "compliance_mapping", None)
    if mapping is not None:
        return mapping.engine_kind
    return DEFAULT_KIND_MAP.get(kind.code, (kind.code, ()))[0]


def company_policies(kinds: dict[int, tuple[str, tuple[str, ...]]]) -> list[CompanyPolicy]:
    """Every company policy as the engine's value. Four queries."""
    policies = []
    for policy in InterviewPolicy.objects.prefetch_related(
        "legal_entities", "sites", "categories"
    ).order_by("code"):
        policies.append(
            CompanyPolicy(
                code=policy.code,
                kind=kinds.get(policy.kind_id, ("", ()))[0],
                first_due_months=policy.first_due_months,
                period_months=policy.period_months,
                start=policy.start,
                end=policy.end,
                legal_entities=frozenset(str(e.pk) for e in policy.legal_entities.all()),
                sites=frozenset(s.code for s in policy.sites.all()),
                categories=frozenset(c.code for c in policy.categories.all()),
            )
        )
    return policies


@dataclass
class EntityFacts:
    employer: Employer
    settings: Settings
    name: str


def entity_facts(entity_ids: Iterable[int]) -> dict[int, EntityFacts]:
    """Legal entity -> employer facts and settings. One query."""
    result = {}
    entities = (
        LegalEntity.objects.filter(pk__in=set(entity_ids))
        .annotate(counted=Count("employees", filter=Q(employees__active=True)))
        .select_related("compliance_settings")
    )
    for entity in entities:
        stored = getattr(entity, "compliance_settings", None)
        result[entity.pk] = EntityFacts(
            employer=Employer(
                country=entity.country,
                headcount=entity.counted,
                agreement_years=stored.agreement_years if stored else None,
                agreement_before_reform=stored.agreement_before_reform if stored else False,
                headcount_override=entity.headcount_override,
                legal_entity=str(entity.pk),
            ),
            settings=stored.engine_settings() if stored else DEFAULT_SETTINGS,
            name=entity.name,
        )
    return result


def _day(value) -> date:
    return timezone.localdate(value) if timezone.is_aware(value) else value.date()


def facts_for(
    employees: QuerySet, on: date
) -> tuple[list[dict[str, Any]], dict[int, EmployeeFacts], set[int]]:
    """The employees (as dicts of EMPLOYEE_FIELDS) and their facts known on `on`.

    Seven queries whatever the number of employees: the employees and, for the same
    selection as a subquery, leaves, interviews held, historic interviews and trainings,
    plus the kinds. The third value names the employees with an open-ended leave."""
    rows = list(employees.values(*EMPLOYEE_FIELDS))
    ids = employees.values("pk")
    leaves: dict[int, list[Leave]] = defaultdict(list)
    open_ended: set[int] = set()
    for employee_id, kind, first, last, back in (
        LeaveRecord.objects.filter(employee_id__in=ids, first_day__lte=on)
        .order_by("first_day", "pk")
        .values_list("employee_id", "kind", "first_day", "last_day", "return_date")
    ):
        # An open-ended leave is known to run until the evaluation date; the return it
        # would imply the day after is not known yet (see `_without_open_returns`).
        if last is None:
            open_ended.add(employee_id)
        leaves[employee_id].append(
            Leave(kind, first, last or on, back if back and back <= on else None)
        )
    kinds = kind_map()
    interviews: dict[int, list[HeldInterview]] = defaultdict(list)
    for employee_id, held_at, kind_id in (
        Interview.objects.filter(
            employee_id__in=ids, status__in=HELD_STATUSES, held_at__isnull=False
        )
        .order_by("held_at", "pk")
        .values_list("employee_id", "held_at", "campaign__kind_id")
    ):
        day = _day(held_at)
        if day <= on:
            engine_kind, topics = kinds.get(kind_id, ("", ()))
            interviews[employee_id].append(HeldInterview(day, engine_kind, topics))
    # Historic records: interviews, and the other dated facts the engine reads.
    events: dict[str, dict[int, list[date]]] = {kind: defaultdict(list) for kind in EVENT_KINDS}
    for employee_id, day, kind, topics, declined in (
        HistoricInterview.objects.filter(employee_id__in=ids, date__lte=on)
        .order_by("date", "pk")
        .values_list("employee_id", "date", "kind", "topics", "declined")
    ):
        if kind in events:
            events[kind][employee_id].append(day)
        else:
            interviews[employee_id].append(HeldInterview(day, kind, split_topics(topics), declined))
    visits = events[MID_CAREER_VISIT]
    trainings: dict[int, list[Training]] = defaultdict(list)
    for employee_id, day, mandatory in (
        TrainingRecord.objects.filter(employee_id__in=ids, date__lte=on)
        .order_by("date", "pk")
        .values_list("employee_id", "date", "mandatory")
    ):
        trainings[employee_id].append(Training(day, mandatory))
    facts = {}
    for row in rows:
        pk = row["pk"]
        held = interviews.get(pk, [])
        if len(held) > 1:
            held.sort(key=lambda i: i.date)
        facts[pk] = EmployeeFacts(
            hire_date=row["hire_date"],
            birth_date=row["birth_date"],
            leaves=tuple(leaves.get(pk, ())),
            interviews=tuple(held),
            trainings=tuple(trainings.get(pk, ())),
            mid_career_visit=visits[pk][-1] if pk in visits else None,
            certifications=tuple(events[CERTIFICATION].get(pk, ())),
            progressions=tuple(events[PROGRESSION].get(pk, ())),
            leaving_date=row["leaving_date"],
            site=row["site__code"],
            category=row["category__code"],
        )
    return rows, facts, open_ended


@dataclass
class Assessed:
    """One employee and their assessment, with what the pages need."""

    employee: dict[str, Any]
    assessment: Assessment
    entity: str = ""

    @property
    def pk(self) -> int:
        return self.employee["pk"]

    @property
    def name(self) -> str:
        return f"{self.employee['first_name']} {self.employee['last_name']}"

    def open_obligations(self) -> list[Obligation]:
        return [o for o in self.assessment.obligations if o.status in OPEN_OBLIGATION]

    def with_status(self, status: str) -> list[Obligation]:
        return [o for o in self.assessment.obligations if o.status == status]


def assess_employees(employees: QuerySet, on: date) -> list[Assessed]:
    """Assess every employee of the queryset as of `on`. A fixed number of queries."""
    rows, facts, open_ended = facts_for(employees, on)
    entities = entity_facts({row["legal_entity_id"] for row in rows})
    policies = company_policies(kind_map()) if rows else []
    result = []
    for row in rows:
        entity = entities[row["legal_entity_id"]]
        employee_facts = facts[row["pk"]]
        assessment = assess(
            entity.employer, employee_facts, on, settings=entity.settings, policies=policies
        )
        if row["pk"] in open_ended:
            assessment = _without_open_returns(assessment, on)
        result.append(Assessed(row, assessment, entity.name))
    return result


def _without_open_returns(assessment: Assessment, on: date) -> Assessment:
    """Drop the return interview of a leave still running on `on` with no known end."""
    after = on + timedelta(days=1)
    kept = tuple(
        o
        for o in assessment.obligations
        if not (o.kind == "return" and o.met_by is None and o.counted_from >= after)
    )
    if len(kept) == len(assessment.obligations):
        return assessment
    return replace(assessment, obligations=kept)


@dataclass
class Line:
    """One obligation of one employee in a list."""

    who: Assessed
    obligation: Obligation


@dataclass
class Overview:
    on: date
    employees: int = 0
    overdue: list[Line] = field(default_factory=list)
    due_soon: list[Line] = field(default_factory=list)
    at_risk: list[Assessed] = field(default_factory=list)
    amount_eur: int = 0
    met: int = 0

    @property
    def overdue_people(self) -> int:
        return len({line.who.pk for line in self.overdue})


def overview(assessed: list[Assessed], on: date) -> Overview:
    result = Overview(on=on, employees=len(assessed))
    for who in assessed:
        for o in who.assessment.obligations:
            if o.status == "overdue":
                result.overdue.append(Line(who, o))
            elif o.status == "due_soon":
                result.due_soon.append(Line(who, o))
            elif o.status == "met":
                result.met += 1
        penalty = who.assessment.penalty
        if penalty.at_risk:
            result.at_risk.append(who)
            result.amount_eur += penalty.amount_eur
    result.overdue.sort(key=lambda line: (line.obligation.due, line.who.name))
    result.due_soon.sort(key=lambda line: (line.obligation.due, line.who.name))
    result.at_risk.sort(key=lambda who: (-who.assessment.penalty.amount_eur, who.name))
    return result


def due_between(
    assessed: list[Assessed], engine_kinds: set[str], start: date, end: date
) -> list[Line]:
    """Open obligations of these kinds due from `start` to `end` (inclusive)."""
    lines = []
    for who in assessed:
        for o in who.open_obligations():
            if o.kind in engine_kinds and start <= o.due <= end:
                lines.append(Line(who, o))
    lines.sort(key=lambda line: (line.obligation.due, line.who.name))
    return lines


def assess_one(employee: Employee, on: date) -> Assessed:
    """One employee, even one who has left (their page shows their history)."""
    queryset = Employee.objects.filter(pk=employee.pk)
    return assess_employees(queryset, on)[0]
