"""What an assessment returns: obligations, the penalty outlook and employer duties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, cast

from .facts import HeldInterview

Status = Literal["met", "upcoming", "due_soon", "overdue", "missed", "not_required", "failed"]

MET: Status = "met"
UPCOMING: Status = "upcoming"
DUE_SOON: Status = "due_soon"
OVERDUE: Status = "overdue"
MISSED: Status = "missed"
NOT_REQUIRED: Status = "not_required"
FAILED: Status = "failed"

# Statuses that the penalty check counts as "a due interview was not held".
NOT_HELD: frozenset[str] = frozenset({OVERDUE, MISSED})


class Reason(str):
    """An English note on an obligation (why it is not required, why a summary failed)
    that also carries its language-neutral form: `code` and `params` (ISO dates, numbers,
    codes), for translated renderings. It is a str: `reason` reads as before."""

    code: str
    params: dict[str, Any]

    def __new__(cls, text: str, code: str, params: dict[str, Any]) -> Reason:
        made = super().__new__(cls, text)
        made.code = code
        made.params = params
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        # Copies and pickles (caches) keep the language-neutral form.
        return (Reason, (str(self), self.code, self.params))


def left_on(day: dt.date) -> Reason:
    iso = day.isoformat()
    return Reason(f"the employee left on {iso}", "left", {"day": iso})


def join_reasons(reasons: list[Reason]) -> Reason:
    """Several notes as one, separated by semicolons."""
    if len(reasons) == 1:
        return reasons[0]
    return Reason(
        "; ".join(reasons),
        "several",
        {"reasons": [{"code": r.code, "params": r.params} for r in reasons]},
    )


@dataclass(frozen=True, slots=True)
class Obligation:
    """One interview that a policy requires of one employee."""

    kind: str
    due: dt.date
    earliest: dt.date
    status: Status
    met_by: HeldInterview | None
    reason: str | None
    # Code of the legal or company policy that produced it.
    policy: str
    # The fact the due date is counted from (hire, previous interview, return, visit...).
    counted_from: dt.date
    # `rule` is built from these on demand: formatting a sentence for every obligation of
    # every employee would cost more than the assessment itself. The template is a
    # str.format pattern over `rule_args` and the obligation itself (as `o`).
    rule_template: str
    rule_args: tuple[object, ...]
    # FR-EPP-2025 summary only: tolerated until this day, shown but never counted as met.
    grace_until: dt.date | None = None

    @property
    def rule(self) -> str:
        """An English sentence naming the rule and the dates that produced `due`."""
        # Templates may name the obligation's own fields ({o.due}), so that the many
        # obligations whose other values are shared can share one `rule_args` tuple.
        return self.rule_template.format(*self.rule_args, o=self)

    @property
    def rule_code(self) -> str:
        """The name of the sentence `rule` is made from, for translated renderings."""
        return RULE_FORMS[self.rule_template][0]

    @property
    def rule_params(self) -> dict[str, Any]:
        """The values `rule` names, language-neutral and JSON-ready: policy and other codes,
        dates as ISO strings, numbers (see `rule_form`)."""
        fields = RULE_FORMS[self.rule_template][1]
        args = self.rule_args
        params: dict[str, Any] = {}
        for name, source, convert in fields:
            value = getattr(self, source) if isinstance(source, str) else args[source]
            if convert is not None:
                value = convert(value)
            elif isinstance(value, dt.date):
                value = value.isoformat()
            params[name] = value
        return params

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "due": self.due.isoformat(),
            "earliest": self.earliest.isoformat(),
            "status": self.status,
            "met_by": _interview_dict(self.met_by),
            "reason": self.reason,
            "reason_code": getattr(self.reason, "code", None),
            "reason_params": getattr(self.reason, "params", None),
            "rule": self.rule,
            "rule_code": self.rule_code,
            "rule_params": self.rule_params,
            "policy": self.policy,
            "counted_from": self.counted_from.isoformat(),
            "grace_until": _iso(self.grace_until),
        }


# Where each value of a rule comes from: an index in `rule_args` or an attribute of the
# obligation, and an optional conversion to a language-neutral value (dates need none:
# they become ISO strings).
RuleField = tuple[str, int | str, Callable[[Any], Any] | None]

# Rule template (the English str.format pattern) -> (its code, the fields it names).
RULE_FORMS: dict[str, tuple[str, tuple[RuleField, ...]]] = {}


def rule_form(code: str, template: str, **fields: int | str | tuple[int | str, Any]) -> str:
    """Register `template` under `code` with the values it names; returns the template.

    Each field is the index of a `rule_args` item, the name of an Obligation attribute, or
    (either of those, a function turning the value into a language-neutral one). The
    application renders its translated twin of the sentence from `rule_code` and
    `rule_params`; every template an obligation can carry must be registered here.
    """
    spec: list[RuleField] = []
    for name, source in fields.items():
        if isinstance(source, tuple):
            spec.append((name, source[0], source[1]))
        else:
            spec.append((name, source, None))
    if template in RULE_FORMS and RULE_FORMS[template][0] != code:
        raise ValueError(f"rule template registered twice: {code}")
    RULE_FORMS[template] = (code, tuple(spec))
    return template


class _ObligationBuilder:
    """Builds an Obligation with plain slot assignments, then becomes one.

    An assessment run creates hundreds of thousands of obligations, and the frozen
    dataclass __init__ (one object.__setattr__ call per field) was its largest cost. This
    class has the very same slots, so CPython lets an instance switch its __class__ to
    Obligation once filled in; from then on it is an ordinary, frozen Obligation.
    """

    __slots__ = Obligation.__slots__

    def __init__(
        self,
        kind: str,
        due: dt.date,
        earliest: dt.date,
        status: Status,
        met_by: HeldInterview | None,
        reason: str | None,
        policy: str,
        counted_from: dt.date,
        rule_template: str,
        rule_args: tuple[object, ...],
        grace_until: dt.date | None = None,
    ) -> None:
        self.kind = kind
        self.due = due
        self.earliest = earliest
        self.status = status
        self.met_by = met_by
        self.reason = reason
        self.policy = policy
        self.counted_from = counted_from
        self.rule_template = rule_template
        self.rule_args = rule_args
        self.grace_until = grace_until
        self.__class__ = Obligation  # type: ignore[assignment]


# Same arguments as Obligation(...): what the rules call to create obligations.
new_obligation = cast("type[Obligation]", _ObligationBuilder)


@dataclass(frozen=True, slots=True)
class Penalty:
    """The CPF top-up outlook for the summary cycle that matters on the evaluation date.

    `projected` is True while the summary has not been held: the figures are what the
    check would give if the summary were held with the facts known today.
    """

    at_risk: bool
    amount_eur: int
    pay_by: dt.date | None
    cpf_hours: int = 0
    projected: bool = True
    summary_due: dt.date | None = None
    # The due interviews the check found not held: (kind, due date).
    missed: tuple[tuple[str, dt.date], ...] = ()
    non_mandatory_training: bool = False
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "at_risk": self.at_risk,
            "amount_eur": self.amount_eur,
            "pay_by": _iso(self.pay_by),
            "cpf_hours": self.cpf_hours,
            "projected": self.projected,
            "summary_due": _iso(self.summary_due),
            "missed": [{"kind": kind, "due": due.isoformat()} for kind, due in self.missed],
            "non_mandatory_training": self.non_mandatory_training,
            "reason": self.reason,
        }


class _PenaltyBuilder:
    """Builds a Penalty the fast way; see _ObligationBuilder."""

    __slots__ = Penalty.__slots__

    def __init__(
        self,
        at_risk: bool,
        amount_eur: int,
        pay_by: dt.date | None,
        cpf_hours: int = 0,
        projected: bool = True,
        summary_due: dt.date | None = None,
        missed: tuple[tuple[str, dt.date], ...] = (),
        non_mandatory_training: bool = False,
        reason: str = "",
    ) -> None:
        self.at_risk = at_risk
        self.amount_eur = amount_eur
        self.pay_by = pay_by
        self.cpf_hours = cpf_hours
        self.projected = projected
        self.summary_due = summary_due
        self.missed = missed
        self.non_mandatory_training = non_mandatory_training
        self.reason = reason
        self.__class__ = Penalty  # type: ignore[assignment]


new_penalty = cast("type[Penalty]", _PenaltyBuilder)

NO_PENALTY = Penalty(
    at_risk=False, amount_eur=0, pay_by=None, projected=False, reason="no penalty applies"
)


@dataclass(frozen=True, slots=True)
class EmployerDuty:
    """A duty that rests on the employer rather than on one interview (BE training right)."""

    kind: str
    due: dt.date | None
    quantity: int | None
    unit: str
    rule: str
    # The language-neutral form of `rule`, as for an Obligation.
    rule_code: str = ""
    rule_params: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "due": _iso(self.due),
            "quantity": self.quantity,
            "unit": self.unit,
            "rule": self.rule,
            "rule_code": self.rule_code,
            "rule_params": self.rule_params,
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    on: dt.date
    # The policy applied on `on`: the legal one for FR, else the first company policy.
    policy: str
    # Every policy that produced obligations or duties, legal first.
    policies: tuple[str, ...]
    obligations: tuple[Obligation, ...]
    penalty: Penalty
    employer_duties: tuple[EmployerDuty, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "policy": self.policy,
            "policies": list(self.policies),
            "obligations": [o.to_dict() for o in self.obligations],
            "penalty": self.penalty.to_dict(),
            "employer_duties": [d.to_dict() for d in self.employer_duties],
        }


class _AssessmentBuilder:
    """Builds an Assessment the fast way; see _ObligationBuilder."""

    __slots__ = Assessment.__slots__

    def __init__(
        self,
        on: dt.date,
        policy: str,
        policies: tuple[str, ...],
        obligations: tuple[Obligation, ...],
        penalty: Penalty,
        employer_duties: tuple[EmployerDuty, ...] = (),
    ) -> None:
        self.on = on
        self.policy = policy
        self.policies = policies
        self.obligations = obligations
        self.penalty = penalty
        self.employer_duties = employer_duties
        self.__class__ = Assessment  # type: ignore[assignment]


new_assessment = cast("type[Assessment]", _AssessmentBuilder)


def _iso(d: dt.date | None) -> str | None:
    return None if d is None else d.isoformat()


def _interview_dict(i: HeldInterview | None) -> dict[str, Any] | None:
    if i is None:
        return None
    return {
        "date": i.date.isoformat(),
        "kind": i.kind,
        "topics": list(i.topics),
        "declined": i.declined,
    }


def open_status(due: dt.date, on: dt.date, soon_limit: dt.date) -> Status:
    """Status of an obligation nobody has met yet; `soon_limit` is on + due-soon window."""
    if on > due:
        return OVERDUE
    if due <= soon_limit:
        return DUE_SOON
    return UPCOMING
