"""The facts the engine reads, and the settings the spec lets HR change.

These are plain frozen values so that the Django glue can build them from model rows and
tests can write them inline; none of them know where they came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

# Leave kinds, as mapped by the importer from each HR system's absence codes.
LEAVE_KINDS = frozenset(
    {
        "maternity",
        "adoption",
        "parental",
        "caregiver",
        "sabbatical",
        "secured_mobility",
        "long_illness",
        "sick",
        "unpaid",
        "parental_presence",
        "family_solidarity",
        "union_mandate",
        "vacation",
        "other",
    }
)

# Only these kinds restart the legal periodic clock: the professional interview is about
# the career, so a company's performance review must not stand in for it.
LEGAL_INTERVIEW_KINDS = frozenset({"periodic", "return", "summary", "mid_career", "end_of_career"})

END_OF_CAREER_TOPIC = "end_of_career"


@dataclass(frozen=True, slots=True)
class Employer:
    """The legal entity that employs the person.

    `agreement_years` is the interview periodicity set by a company (or, failing one, a
    branch) agreement; `agreement_before_reform` says whether it was signed before
    26 Oct 2025, which delays the reform for that company to 1 Oct 2026.
    """

    country: str
    headcount: int
    agreement_years: int | None = None
    agreement_before_reform: bool = False
    # HR may correct the counted headcount by hand; the 50/300-staff thresholds use it.
    headcount_override: int | None = None
    legal_entity: str | None = None

    def __post_init__(self) -> None:
        if self.agreement_years is not None and self.agreement_years < 1:
            raise ValueError("agreement_years must be at least 1")

    @property
    def staff(self) -> int:
        return self.headcount if self.headcount_override is None else self.headcount_override


@dataclass(frozen=True, slots=True)
class Leave:
    kind: str
    first_day: dt.date
    last_day: dt.date
    return_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class HeldInterview:
    """An interview that took place (or was offered and declined, see `declined`)."""

    date: dt.date
    kind: str
    topics: tuple[str, ...] = ()
    # The law only requires the return interview to be *proposed*: a refusal meets it, and
    # nothing else.
    declined: bool = False


@dataclass(frozen=True, slots=True)
class Training:
    date: dt.date
    mandatory: bool = False


@dataclass(frozen=True, slots=True)
class EmployeeFacts:
    hire_date: dt.date
    birth_date: dt.date | None = None
    leaves: Sequence[Leave] = ()
    interviews: Sequence[HeldInterview] = ()
    trainings: Sequence[Training] = ()
    mid_career_visit: dt.date | None = None
    leaving_date: dt.date | None = None
    # What company policies select on.
    site: str | None = None
    category: str | None = None
    # The summary interview also looks at these (FR: at least two of training,
    # certification or VAE, pay or career progression).
    certifications: Sequence[dt.date] = ()
    progressions: Sequence[dt.date] = ()


# Suspensions that never count as working time under FR-EPP-2025.
NON_WORKING_LEAVE_KINDS = frozenset(
    {"sabbatical", "unpaid", "parental_presence", "family_solidarity"}
)


@dataclass(frozen=True, slots=True)
class Settings:
    """Values the spec marks as product choices or settings, with the spec's defaults."""

    return_deadline_days: int = 30
    long_illness_min_months: int = 6
    due_soon_days: int = 60
    # Under FR-EPP-2025, whether ordinary and long sickness, and parental leave, count as
    # working time (when they do not, they move due dates like a sabbatical does).
    sick_counts_as_working_time: bool = True
    parental_counts_as_working_time: bool = True
    non_working_kinds: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        kinds = set(NON_WORKING_LEAVE_KINDS)
        if not self.sick_counts_as_working_time:
            kinds |= {"sick", "long_illness"}
        if not self.parental_counts_as_working_time:
            kinds.add("parental")
        object.__setattr__(self, "non_working_kinds", frozenset(kinds))


DEFAULT_SETTINGS = Settings()
