"""Reads of skills, each in a fixed number of queries whatever the number of people.

The matrix, the coverage of teams (today and at past dates, from the assessment history)
and the gaps all rest on one definition: a person *holds* a skill at a level when their
level is at least that level and, if the skill needs a certification, one is valid that
day.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from parcours.organisation.models import Employee, EmployeeAssignment, Leave, Team
from parcours.skills.choices import CellStatus, CoverageStatus
from parcours.skills.models import (
    Assessment,
    Certification,
    CertificationType,
    CurrentLevel,
    Level,
    PositionRequirement,
    Skill,
    SkillDomain,
    TeamRequirement,
)

MAX_ROWS = 1000


# The level scale and the domain tree ------------------------------------------------


@dataclass
class Scale:
    levels: list[Level]

    def __post_init__(self) -> None:
        self.by_rank = {level.rank: level for level in self.levels}

    def get(self, rank: int | None) -> Level | None:
        return self.by_rank.get(rank or 0)

    def code(self, rank: int | None) -> str:
        level = self.get(rank)
        return level.code if level else str(rank or 0)

    def label(self, rank: int | None) -> str:
        level = self.get(rank)
        return level.label if level else str(rank or 0)

    def symbol(self, rank: int | None) -> str:
        level = self.get(rank)
        return level.symbol if level else str(rank or 0)

    @property
    def top(self) -> int:
        return self.levels[-1].rank if self.levels else 0


def level_scale() -> Scale:
    return Scale(list(Level.objects.order_by("rank")))


@dataclass
class DomainNode:
    domain: SkillDomain
    depth: int
    path: list[str]
    sort_key: tuple
    children: list[DomainNode] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)

    @property
    def path_label(self) -> str:
        return " › ".join(self.path)


def domain_nodes() -> dict[int, DomainNode]:
    """Every domain with its place in the tree, in one query."""
    domains = {domain.pk: domain for domain in SkillDomain.objects.all()}
    nodes: dict[int, DomainNode] = {}

    def build(domain: SkillDomain, seen: frozenset = frozenset()) -> DomainNode:
        if domain.pk in nodes:
            return nodes[domain.pk]
        parent = domains.get(domain.parent_id) if domain.pk not in seen else None
        own = ((domain.ordering, domain.code),)
        if parent is None:
            node = DomainNode(domain, 0, [domain.label], own)
        else:
            above = build(parent, seen | {domain.pk})
            node = DomainNode(
                domain, above.depth + 1, [*above.path, domain.label], above.sort_key + own
            )
            above.children.append(node)
        nodes[domain.pk] = node
        return node

    for domain in domains.values():
        build(domain)
    return nodes


def domain_and_below(nodes: dict[int, DomainNode], domain_id: int) -> set[int]:
    found, stack = set(), [nodes[domain_id]] if domain_id in nodes else []
    while stack:
        node = stack.pop()
        found.add(node.domain.pk)
        stack.extend(node.children)
    return found


def catalogue_tree(*, user) -> list[DomainNode]:
    """The catalogue as a tree of domains with the skills the user may see."""
    nodes = domain_nodes()
    for skill in (
        Skill.objects.for_user(user)
        .select_related("site", "position", "certification_type")
        .order_by("ordering", "code")
    ):
        if skill.domain_id in nodes:
            nodes[skill.domain_id].skills.append(skill)
    for node in nodes.values():
        node.children.sort(key=lambda child: child.sort_key)
    return sorted((n for n in nodes.values() if n.depth == 0), key=lambda n: n.sort_key)


# Who holds what, today or on a past day ------------------------------------------------


class Holdings:
    """Levels and certificates of a set of people on one day."""

    def __init__(self, day: date) -> None:
        self.day = day
        self.levels: dict[tuple[int, int], int] = {}
        self.dates: dict[tuple[int, int], date] = {}
        self.certificates: dict[tuple[int, int], list[tuple[date, date | None]]] = defaultdict(list)

    def level(self, employee_id: int, skill_id: int) -> int | None:
        return self.levels.get((employee_id, skill_id))

    def certificate_ok(self, employee_id: int, type_id: int | None) -> bool:
        if type_id is None:
            return True
        return any(
            obtained <= self.day and (until is None or until >= self.day)
            for obtained, until in self.certificates.get((employee_id, type_id), ())
        )

    def certificate_state(self, employee_id: int, type_id: int | None) -> str | None:
        """None when no certificate is needed or one is valid; else 'expired' or 'missing'."""
        if type_id is None or self.certificate_ok(employee_id, type_id):
            return None
        return "expired" if self.certificates.get((employee_id, type_id)) else "missing"

    def holds(self, employee_id: int, skill: Skill, level: int) -> bool:
        current = self.level(employee_id, skill.pk) or 0
        return current >= level and self.certificate_ok(employee_id, skill.certification_type_id)

    def load_certificates(self, employees, type_ids) -> None:
        rows = Certification.objects.filter(
            employee__in=employees, type_id__in=type_ids, obtained_on__lte=self.day
        ).values_list("employee_id", "type_id", "obtained_on", "valid_until")
        for employee_id, type_id, obtained, until in rows:
            self.certificates[(employee_id, type_id)].append((obtained, until))


def current_holdings(employees, skill_ids=None, day: date | None = None) -> Holdings:
    """Current levels (the denormalised table) and certificates of these people.

    `employees` is a queryset, used as a subquery: two queries whatever its size.
    """
    holdings = Holdings(day or timezone.localdate())
    rows = CurrentLevel.objects.filter(employee__in=employees)
    if skill_ids is not None:
        rows = rows.filter(skill_id__in=skill_ids)
    for employee_id, skill_id, level, assessed_on in rows.values_list(
        "employee_id", "skill_id", "level", "assessed_on"
    ):
        holdings.levels[(employee_id, skill_id)] = level
        holdings.dates[(employee_id, skill_id)] = assessed_on
    type_ids = Skill.objects.filter(certification_type__isnull=False)
    if skill_ids is not None:
        type_ids = type_ids.filter(pk__in=skill_ids)
    holdings.load_certificates(employees, type_ids.values("certification_type_id"))
    return holdings


class History:
    """Every valid assessment of some people on some skills, to read levels on any day."""

    def __init__(self, employees, skill_ids, until: date) -> None:
        self.until = until
        self.series: dict[tuple[int, int], tuple[list[date], list[int]]] = {}
        rows = (
            Assessment.objects.valid()
            .filter(employee__in=employees, skill_id__in=skill_ids, assessed_on__lte=until)
            .order_by("assessed_on", "pk")
            .values_list("employee_id", "skill_id", "assessed_on", "level")
        )
        for employee_id, skill_id, assessed_on, level in rows:
            days, levels = self.series.setdefault((employee_id, skill_id), ([], []))
            days.append(assessed_on)
            levels.append(level)
        self.certificates: dict[tuple[int, int], list[tuple[date, date | None]]] = defaultdict(list)
        for employee_id, type_id, obtained, valid_until in Certification.objects.filter(
            employee__in=employees,
            type__skills__pk__in=skill_ids,
            obtained_on__lte=until,
        ).values_list("employee_id", "type_id", "obtained_on", "valid_until"):
            self.certificates[(employee_id, type_id)].append((obtained, valid_until))

    def on(self, day: date) -> Holdings:
        holdings = Holdings(day)
        for key, (days, levels) in self.series.items():
            index = bisect.bisect_right(days, day)
            if index:
                holdings.levels[key] = levels[index - 1]
                holdings.dates[key] = days[index - 1]
        holdings.certificates = self.certificates
        return holdings


# Coverage of teams -------------------------------------------------------------------


@dataclass
class CoverageLine:
    requirement: TeamRequirement
    holders: int
    present: int

    @property
    def skill(self) -> Skill:
        return self.requirement.skill

    @property
    def min_people(self) -> int:
        return self.requirement.min_people

    @property
    def on_leave(self) -> int:
        return self.holders - self.present

    @property
    def status(self) -> str:
        if self.present < self.min_people:
            return CoverageStatus.BELOW
        if self.present == self.min_people:
            return CoverageStatus.NO_MARGIN
        return CoverageStatus.OK

    @property
    def at_risk(self) -> bool:
        return self.status != CoverageStatus.OK

    def get_status_display(self) -> str:
        return str(CoverageStatus(self.status).label)


def _members_in_scope(user, team_ids):
    return Employee.objects.for_user(user).filter(team_id__in=team_ids, active=True)


def team_coverage(*, user, teams, day: date | None = None) -> dict[int, list[CoverageLine]]:
    """For each team, its minimum headcounts against the people who hold the skill today
    (present: not on leave today). Five queries for any number of teams."""
    day = day or timezone.localdate()
    team_ids = [team.pk for team in teams]
    requirements = list(
        TeamRequirement.objects.filter(team_id__in=team_ids)
        .select_related("skill", "skill__domain")
        .order_by("skill__code", "level")
    )
    members = _members_in_scope(user, team_ids)
    people = list(members.values_list("pk", "team_id"))
    skill_ids = {requirement.skill_id for requirement in requirements}
    holdings = current_holdings(members, skill_ids, day)
    away = set(
        Leave.objects.filter(employee__in=members).on(day).values_list("employee_id", flat=True)
    )
    by_team: dict[int, list[int]] = defaultdict(list)
    for pk, team_id in people:
        by_team[team_id].append(pk)
    result: dict[int, list[CoverageLine]] = {team_id: [] for team_id in team_ids}
    for requirement in requirements:
        holders = [
            pk
            for pk in by_team[requirement.team_id]
            if holdings.holds(pk, requirement.skill, requirement.level)
        ]
        result[requirement.team_id].append(
            CoverageLine(requirement, len(holders), sum(1 for pk in holders if pk not in away))
        )
    return result


@dataclass
class TrendPoint:
    day: date
    met: int
    total: int
    holders: dict[int, int]  # requirement pk -> holders that day

    @property
    def share(self) -> int | None:
        return round(100 * self.met / self.total) if self.total else None


def month_ends(count: int, today: date | None = None) -> list[date]:
    """The last `count` month ends before today, oldest first, then today."""
    today = today or timezone.localdate()
    days, cursor = [], today.replace(day=1) - timedelta(days=1)
    for _ in range(count):
        days.append(cursor)
        cursor = cursor.replace(day=1) - timedelta(days=1)
    return [*reversed(days), today]


def team_members_on(team: Team, people, assignments, day: date) -> set[int]:
    """Who was in the team that day: the assignment periods, or for people without any
    recorded period, their current team from hire to leaving."""
    members = set()
    for pk, team_id, hire_date, leaving_date in people:
        periods = assignments.get(pk)
        if periods is None:
            if (
                team_id == team.pk
                and hire_date <= day
                and (leaving_date is None or leaving_date >= day)
            ):
                members.add(pk)
            continue
        for valid_from, valid_to, period_team in periods:
            if (
                period_team == team.pk
                and valid_from <= day
                and (valid_to is None or valid_to > day)
                and (leaving_date is None or leaving_date >= day)
            ):
                members.add(pk)
                break
    return members


def team_coverage_trend(*, user, team: Team, days: list[date]) -> list[TrendPoint]:
    """How many of the team's minimum headcounts were met at each day, rebuilt from the
    assessment history and the team's membership periods. Today's requirements are used
    for past days too: the question is how ready the team was for what it needs now."""
    requirements = list(TeamRequirement.objects.filter(team=team).select_related("skill"))
    scoped = Employee.objects.for_user(user)
    ever_members = scoped.filter(
        Q(team=team) | Q(pk__in=EmployeeAssignment.objects.filter(team=team).values("employee"))
    )
    people = list(ever_members.values_list("pk", "team_id", "hire_date", "leaving_date"))
    assignments: dict[int, list] = {}
    for employee_id, valid_from, valid_to, team_id in EmployeeAssignment.objects.filter(
        employee__in=ever_members
    ).values_list("employee_id", "valid_from", "valid_to", "team_id"):
        assignments.setdefault(employee_id, []).append((valid_from, valid_to, team_id))
    history = History(ever_members, {r.skill_id for r in requirements}, max(days))
    points = []
    for day in days:
        members = team_members_on(team, people, assignments, day)
        holdings = history.on(day)
        holders = {
            requirement.pk: sum(
                1 for pk in members if holdings.holds(pk, requirement.skill, requirement.level)
            )
            for requirement in requirements
        }
        met = sum(1 for r in requirements if holders[r.pk] >= r.min_people)
        points.append(TrendPoint(day, met, len(requirements), holders))
    return points


# The matrix ---------------------------------------------------------------------------


@dataclass(slots=True)
class Cell:
    skill: Skill
    level: int | None
    required: int | None
    status: str
    certificate: str | None = None  # "expired" or "missing" when one is needed
    proposed: int | None = None  # a self-assessment waiting for the manager

    @property
    def shown_level(self) -> int:
        return self.level or 0


@dataclass
class Row:
    employee: Employee
    cells: list[Cell]
    assessable: bool = False
    required_count: int = 0  # skills the position requires
    held_count: int = 0  # of which held at the required level

    @property
    def share(self) -> int | None:
        required = self.required_count
        return round(100 * self.held_count / required) if required else None

    @property
    def gaps(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.required and cell.status != CellStatus.OK]


@dataclass
class Column:
    skill: Skill
    domain_path: str
    counts: dict[int, int]  # level rank -> people
    required: int = 0
    meeting: int = 0
    coverage: list[CoverageLine] = field(default_factory=list)

    @property
    def at_risk(self) -> bool:
        return any(line.at_risk for line in self.coverage)


@dataclass
class Matrix:
    scale: Scale
    columns: list[Column]
    rows: list[Row]
    coverage: list[CoverageLine]
    truncated: bool = False
    total_people: int = 0

    @property
    def risks(self) -> list[CoverageLine]:
        return [line for line in self.coverage if line.at_risk]

    @property
    def level_totals(self) -> list[tuple[Level, list[int]]]:
        return [
            (level, [column.counts.get(level.rank, 0) for column in self.columns])
            for level in self.scale.levels
        ]

    @property
    def domain_groups(self) -> list[tuple[str, int]]:
        """Consecutive columns of the same domain, for the header above the skills."""
        groups: list[tuple[str, int]] = []
        for column in self.columns:
            if groups and groups[-1][0] == column.domain_path:
                groups[-1] = (column.domain_path, groups[-1][1] + 1)
            else:
                groups.append((column.domain_path, 1))
        return groups

    @property
    def share(self) -> int | None:
        required = sum(row.required_count for row in self.rows)
        held = sum(row.held_count for row in self.rows)
        return round(100 * held / required) if required else None


SHOW_CHOICES = ("held", "required", "all")


@dataclass
class MatrixQuery:
    """What the matrix shows: the people of a team, a site or a position, and filters."""

    team: Team | None = None
    site: object = None
    position: object = None
    domain_id: int | None = None
    kind: str = ""
    show: str = "held"
    search: str = ""
    gaps_only: bool = False


def assessable_ids(*, user, employees) -> set[int] | None:
    """The people this user may record levels for among `employees`; None means all."""
    from parcours.core.scope import scope_for

    scope = scope_for(user)
    if scope.is_group_hr:
        return None
    allowed: set[int] = set()
    if scope.hr_site_ids:
        allowed |= set(employees.filter(site_id__in=scope.hr_site_ids).values_list("pk", flat=True))
    if scope.employee_id is not None:
        below = Employee.objects.filter(scope.employee_q()).exclude(pk=scope.employee_id)
        allowed |= set(employees.filter(pk__in=below.values("pk")).values_list("pk", flat=True))
    return allowed


def matrix_people(*, user, query: MatrixQuery):
    people = Employee.objects.for_user(user).filter(active=True)
    if query.team is not None:
        people = people.filter(team=query.team)
    if query.site is not None:
        people = people.filter(site=query.site)
    if query.position is not None:
        people = people.filter(position=query.position)
    return people


def skills_matrix(*, user, query: MatrixQuery, day: date | None = None) -> Matrix:
    """People by skills with their levels against their position's requirements, totals
    per skill and per person, and the team's minimum headcounts. About ten queries,
    whatever the number of people and skills; the loops below run once per cell, so they
    read plain dictionaries and local names."""
    day = day or timezone.localdate()
    scale = level_scale()
    selection = matrix_people(user=user, query=query)
    people = list(
        selection.select_related("position")
        .only(
            "pk",
            "first_name",
            "last_name",
            "employee_number",
            "site_id",
            "team_id",
            "position_id",
            "position__title",
        )
        .order_by("last_name", "first_name", "pk")[: MAX_ROWS + 1]
    )
    truncated = len(people) > MAX_ROWS
    people = people[:MAX_ROWS]
    position_ids = {person.position_id for person in people if person.position_id}
    required: dict[tuple[int, int], int] = {
        (position_id, skill_id): level
        for position_id, skill_id, level in PositionRequirement.objects.filter(
            position_id__in=position_ids
        ).values_list("position_id", "skill_id", "level")
    }
    team_requirements = (
        list(TeamRequirement.objects.filter(team=query.team).select_related("skill"))
        if query.team is not None
        else []
    )

    # The columns: what the people need, what they hold, or the whole catalogue.
    needed = {skill_id for (_position, skill_id) in required}
    needed |= {requirement.skill_id for requirement in team_requirements}
    if query.show == "required":
        wanted: set[int] | None = needed
    elif query.show == "all":
        wanted = None
    else:
        held = (
            CurrentLevel.objects.filter(employee__in=selection, level__gt=0)
            .values_list("skill_id", flat=True)
            .distinct()
        )
        wanted = needed | set(held)
    skills = Skill.objects.for_user(user).filter(active=True).select_related("domain")
    site_id = query.site.pk if query.site is not None else None
    if query.team is not None:
        site_id = query.team.site_id
    if site_id is not None:
        skills = skills.filter(Q(site__isnull=True) | Q(site_id=site_id))
    nodes = domain_nodes()
    if query.domain_id:
        skills = skills.filter(domain_id__in=domain_and_below(nodes, query.domain_id))
    if query.kind:
        skills = skills.filter(kind=query.kind)
    skill_list = [skill for skill in skills if wanted is None or skill.pk in wanted]

    def order(skill: Skill):
        node = nodes.get(skill.domain_id)
        return (node.sort_key if node else (), skill.ordering, skill.code)

    skill_list.sort(key=order)
    column_ids = [skill.pk for skill in skill_list]
    loaded = set(column_ids) | {requirement.skill_id for requirement in team_requirements}
    holdings = Holdings(day)
    levels = holdings.levels
    for employee_id, skill_id, level in (
        CurrentLevel.objects.filter(employee__in=selection, skill_id__in=loaded)
        .values_list("employee_id", "skill_id", "level")
        .iterator(chunk_size=10000)
    ):
        levels[(employee_id, skill_id)] = level
    certified = {s.certification_type_id for s in skill_list if s.certification_type_id}
    certified |= {
        r.skill.certification_type_id for r in team_requirements if r.skill.certification_type_id
    }
    if certified:
        holdings.load_certificates(selection, certified)
    proposed = {
        (employee_id, skill_id): level
        for employee_id, skill_id, level in Assessment.objects.proposed()
        .filter(employee__in=selection, skill_id__in=loaded)
        .values_list("employee_id", "skill_id", "level")
    }
    allowed = assessable_ids(user=user, employees=selection)

    ok, gap, expired, none = CellStatus.OK, CellStatus.GAP, CellStatus.EXPIRED, CellStatus.NONE
    columns = [(skill, skill.pk, skill.certification_type_id) for skill in skill_list]
    counts: list[dict[int, int]] = [defaultdict(int) for _ in skill_list]
    required_counts = [0] * len(skill_list)
    meeting = [0] * len(skill_list)
    rows = []
    for person in people:
        person_id, position_id = person.pk, person.position_id
        cells = []
        append = cells.append
        required_here = held_here = 0
        for index, (skill, skill_id, certificate_type) in enumerate(columns):
            key = (person_id, skill_id)
            level = levels.get(key)
            need = required.get((position_id, skill_id)) if position_id else None
            certificate = (
                holdings.certificate_state(person_id, certificate_type)
                if certificate_type and (level or need)
                else None
            )
            if need:
                required_counts[index] += 1
                required_here += 1
                if (level or 0) < need:
                    status = gap
                elif certificate:
                    status = expired
                else:
                    status = ok
                    meeting[index] += 1
                    held_here += 1
            else:
                status = expired if certificate and level else none
            counts[index][level or 0] += 1
            append(Cell(skill, level, need, status, certificate, proposed.get(key)))
        assessable = allowed is None or person_id in allowed
        rows.append(Row(person, cells, assessable, required_here, held_here))

    away = set()
    if team_requirements:
        on_leave = Leave.objects.filter(employee__in=selection).on(day)
        away = set(on_leave.values_list("employee_id", flat=True))
    coverage = []
    for requirement in sorted(team_requirements, key=lambda r: (order(r.skill), r.level)):
        holders = [
            person.pk
            for person in people
            if holdings.holds(person.pk, requirement.skill, requirement.level)
        ]
        coverage.append(
            CoverageLine(requirement, len(holders), sum(1 for pk in holders if pk not in away))
        )
    by_skill: dict[int, list[CoverageLine]] = defaultdict(list)
    for line in coverage:
        by_skill[line.requirement.skill_id].append(line)
    matrix_columns = [
        Column(
            skill,
            nodes[skill.domain_id].path_label if skill.domain_id in nodes else "",
            dict(counts[index]),
            required_counts[index],
            meeting[index],
            by_skill.get(skill.pk, []),
        )
        for index, skill in enumerate(skill_list)
    ]

    total = len(rows)
    if query.search:
        needle = query.search.casefold()
        rows = [
            row
            for row in rows
            if needle in f"{row.employee.first_name} {row.employee.last_name}".casefold()
            or needle in row.employee.employee_number.casefold()
        ]
    if query.gaps_only:
        rows = [row for row in rows if row.gaps]
    return Matrix(scale, matrix_columns, rows, coverage, truncated, total)


# One person ---------------------------------------------------------------------------


@dataclass
class SkillLine:
    skill: Skill
    level: int | None
    assessed_on: date | None
    required: int | None
    certificate: str | None
    proposed: Assessment | None = None

    @property
    def status(self) -> str:
        if not self.required:
            return CellStatus.NONE
        if (self.level or 0) < self.required:
            return CellStatus.GAP
        return CellStatus.EXPIRED if self.certificate else CellStatus.OK


def employee_skills(*, employee: Employee, day: date | None = None) -> dict:
    """One person's skills: their position's requirements and every skill they hold, the
    gaps, pending self-assessments, certificates and the full history."""
    day = day or timezone.localdate()
    people = Employee.objects.filter(pk=employee.pk)
    holdings = current_holdings(people, None, day)
    required = dict(
        PositionRequirement.objects.filter(position_id=employee.position_id).values_list(
            "skill_id", "level"
        )
    )
    proposals = {
        proposal.skill_id: proposal
        for proposal in Assessment.objects.proposed()
        .filter(employee=employee)
        .select_related("assessor")
    }
    skill_ids = set(required) | {skill_id for (_e, skill_id) in holdings.levels} | set(proposals)
    nodes = domain_nodes()
    skills = list(Skill.objects.filter(pk__in=skill_ids).select_related("domain"))
    skills.sort(key=lambda s: (nodes[s.domain_id].sort_key if s.domain_id in nodes else (), s.code))
    lines = [
        SkillLine(
            skill,
            holdings.level(employee.pk, skill.pk),
            holdings.dates.get((employee.pk, skill.pk)),
            required.get(skill.pk),
            holdings.certificate_state(employee.pk, skill.certification_type_id)
            if skill.certification_type_id
            else None,
            proposals.get(skill.pk),
        )
        for skill in skills
    ]
    history = list(
        Assessment.objects.filter(employee=employee)
        .select_related("skill", "assessor")
        .order_by("-assessed_on", "-pk")[:200]
    )
    certifications = list(
        Certification.objects.filter(employee=employee)
        .select_related("type", "recorded_by")
        .order_by("type__code", "-obtained_on", "-pk")
    )
    return {
        "lines": lines,
        "gaps": [line for line in lines if line.status in (CellStatus.GAP, CellStatus.EXPIRED)],
        "required_lines": [line for line in lines if line.required],
        "history": history,
        "certifications": certifications,
    }


@dataclass
class Evolution:
    skill: Skill
    before: int | None
    after: int | None

    @property
    def change(self) -> int:
        return (self.after or 0) - (self.before or 0)


def interview_dates(*, employee: Employee) -> list[date]:
    """The days levels were recorded in an interview, newest first."""
    from parcours.skills.choices import AssessmentSource

    return list(
        Assessment.objects.valid()
        .filter(employee=employee, source=AssessmentSource.INTERVIEW)
        .order_by("-assessed_on")
        .values_list("assessed_on", flat=True)
        .distinct()
    )


def employee_evolution(*, employee: Employee, before: date, after: date) -> list[Evolution]:
    """Each skill's level on two days, from the history: what changed between two
    interviews."""
    people = Employee.objects.filter(pk=employee.pk)
    skill_ids = set(
        Assessment.objects.valid()
        .filter(employee=employee, assessed_on__lte=after)
        .values_list("skill_id", flat=True)
    )
    history = History(people, skill_ids, after)
    first, second = history.on(before), history.on(after)
    nodes = domain_nodes()
    skills = sorted(
        Skill.objects.filter(pk__in=skill_ids).select_related("domain"),
        key=lambda s: (nodes[s.domain_id].sort_key if s.domain_id in nodes else (), s.code),
    )
    return [
        Evolution(skill, first.level(employee.pk, skill.pk), second.level(employee.pk, skill.pk))
        for skill in skills
    ]


# Lists ---------------------------------------------------------------------------------


def skill_holders(*, user, skill: Skill, scale: Scale) -> list[tuple[Level, int]]:
    """How many active people in scope hold the skill at each level."""
    from django.db.models import Count

    counts = dict(
        CurrentLevel.objects.filter(
            skill=skill, employee__in=Employee.objects.for_user(user).filter(active=True)
        )
        .values("level")
        .annotate(people=Count("pk"))
        .values_list("level", "people")
    )
    return [(level, counts.get(level.rank, 0)) for level in scale.levels]


def proposals_to_review(*, user):
    """Self-assessments waiting for an answer from this user (their people, or HR's sites)."""
    from parcours.core.scope import scope_for

    scope = scope_for(user)
    proposals = Assessment.objects.for_user(user).proposed()
    if not scope.is_group_hr:
        allowed = Q(employee__site_id__in=scope.hr_site_ids)
        if scope.employee_id is not None:
            below = Employee.objects.filter(scope.employee_q()).exclude(pk=scope.employee_id)
            allowed |= Q(employee__in=below)
        proposals = proposals.filter(allowed)
    return proposals.select_related("employee", "employee__team", "skill").order_by(
        "employee__last_name", "employee__first_name", "skill__code"
    )


def certifications_due(*, user, within_days: int | None = None, day: date | None = None):
    """The latest certificate of each person and type that has expired or ends within
    `within_days` (None: each type's own warning period), for active people in scope."""
    return certifications_due_all(
        certificates=Certification.objects.for_user(user), within_days=within_days, day=day
    )


def certifications_due_all(*, certificates=None, within_days: int | None = None, day=None):
    """certifications_due for the whole group (the expiry alerts), or among `certificates`."""
    from django.db.models import Exists, OuterRef

    day = day or timezone.localdate()
    certificates = certificates if certificates is not None else Certification.objects.all()
    newer = Certification.objects.filter(
        employee_id=OuterRef("employee_id"), type_id=OuterRef("type_id")
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gt=OuterRef("valid_until")))
    due = certificates.filter(employee__active=True, valid_until__isnull=False).exclude(
        Exists(newer)
    )
    if within_days is None:
        ends = Q(pk__in=[])
        for type_id, alert_days in CertificationType.objects.values_list("pk", "alert_days"):
            ends |= Q(type_id=type_id, valid_until__lte=day + timedelta(days=alert_days))
        due = due.filter(ends)
    else:
        due = due.filter(valid_until__lte=day + timedelta(days=within_days))
    return due.select_related("employee", "employee__site", "employee__team", "type").order_by(
        "valid_until", "employee__last_name", "pk"
    )
