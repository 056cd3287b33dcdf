"""French interview obligations: FR-EP-2014, FR-EP-2019, FR-EPP-2025 and the transition.

The three laws are treated as one timeline of regimes. Each due date is computed by the
regime in force when its period starts, and converted by the transition rules when it is
still running on the reform date. Only the regimes known on the evaluation date are used:
an assessment made in 2019 knows neither the COVID relief nor the 2025 reform.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from operator import attrgetter

from .dates import (
    MEMO_SIZE,
    ONE_DAY,
    YEARS_MEMO,
    Span,
    add_months,
    add_years,
    end_of_next_quarter,
    extend_past_spans,
    merge_spans,
    only_weekend_between,
)
from .facts import (
    END_OF_CAREER_TOPIC,
    LEGAL_INTERVIEW_KINDS,
    EmployeeFacts,
    Employer,
    HeldInterview,
    Leave,
    Settings,
)
from .results import (
    DUE_SOON,
    FAILED,
    MET,
    MISSED,
    NO_PENALTY,
    NOT_HELD,
    NOT_REQUIRED,
    OVERDUE,
    UPCOMING,
    Obligation,
    Penalty,
    Reason,
    Status,
    join_reasons,
    left_on,
    new_obligation,
    new_penalty,
    open_status,
    rule_form,
)

FR_PRE_2014 = "FR-PRE-2014"
FR_EP_2014 = "FR-EP-2014"
FR_EP_2019 = "FR-EP-2019"
FR_EPP_2025 = "FR-EPP-2025"

EP_2014_START = dt.date(2014, 3, 7)
EP_2019_START = dt.date(2019, 1, 1)
REFORM = dt.date(2025, 10, 26)
# Law 2025-989 delays the reform for a company whose pre-reform agreement set the
# interview periodicity.
DEFERRED_REFORM = dt.date(2026, 10, 1)
# Product choice for an employee hired before the reform with no interview yet.
TRANSITION_FIRST_DUE = dt.date(2026, 10, 26)

# COVID relief (ordinances of 2020). It is taken as known from the start of the penalty
# suspension: an assessment made before that date cannot have applied it.
COVID_KNOWN_FROM = dt.date(2020, 3, 12)
COVID_DUE_FROM = dt.date(2020, 1, 1)
COVID_DUE_UNTIL = dt.date(2021, 6, 30)
COVID_PENALTY_FROM = dt.date(2020, 3, 12)
COVID_PENALTY_UNTIL = dt.date(2021, 6, 30)

RETURN_LEAVE_KINDS = frozenset(
    {
        "maternity",
        "adoption",
        "parental",
        "caregiver",
        "sabbatical",
        "secured_mobility",
        "long_illness",
        "union_mandate",
    }
)
PENALTY_STAFF = 50
SECURED_MOBILITY_STAFF_2025 = 300
PENALTY_EUR = 3000
PENALTY_HOURS_2014 = 100
MAX_PERIOD_2025 = 4

_by_date = attrgetter("date")
_by_first_day = attrgetter("first_day")


class _Frame:
    """What depends only on the employer, the evaluation date and the settings.

    An assessment run evaluates thousands of employees of a few employers on one date, so
    frames are cached; the frame holds its employer and settings, which keeps their ids
    from being reused while it is cached.
    """

    __slots__ = (
        "employer",
        "settings",
        "on",
        "staff",
        "switch",
        "covid",
        "soon",
        "p19",
        "p19_text",
        "p25",
        "p25_text",
        "known_2019",
        "policy",
        "old_args_2014",
        "old_args_2019",
        "return_delta",
    )

    def __init__(self, employer: Employer, on: dt.date, settings: Settings) -> None:
        self.employer = employer
        self.settings = settings
        self.on = on
        self.staff = employer.staff
        years = employer.agreement_years
        deferred = years is not None and employer.agreement_before_reform
        self.switch = (DEFERRED_REFORM if deferred else REFORM) if on >= REFORM else None
        self.covid = on >= COVID_KNOWN_FROM
        self.soon = on + dt.timedelta(days=settings.due_soon_days)
        # An agreement signed after the reform cannot have set the pre-reform periodicity.
        self.p19 = years if (years is not None and employer.agreement_before_reform) else 2
        # An agreement may shorten the 4-year period, never lengthen it.
        self.p25 = min(years, MAX_PERIOD_2025) if years is not None else MAX_PERIOD_2025
        self.p19_text = _agreed(self.p19)
        self.p25_text = _years(self.p25)
        self.known_2019 = on >= EP_2019_START
        self.policy = policy_on(employer, on)
        self.old_args_2014 = tuple((_YEARS[2], since, self.switch) for since in _SINCE)
        self.old_args_2019 = tuple((self.p19_text, since, self.switch) for since in _SINCE)
        self.return_delta = dt.timedelta(days=settings.return_deadline_days)


_frames: dict[tuple[int, dt.date, int], _Frame] = {}


def _frame(employer: Employer, on: dt.date, settings: Settings) -> _Frame:
    key = (id(employer), on, id(settings))
    frame = _frames.get(key)
    if frame is None or frame.employer is not employer or frame.settings is not settings:
        if len(_frames) >= 256:
            _frames.clear()
        frame = _frames[key] = _Frame(employer, on, settings)
    return frame


class _Ctx:
    """What every French rule needs for one employee; built once per assessment."""

    __slots__ = (
        "on",
        "hire",
        "anchor",
        "facts",
        "settings",
        "staff",
        "switch",
        "covid",
        "soon",
        "p19",
        "p19_text",
        "p25",
        "p25_text",
        "known_2019",
        "legal",
        "offered",
        "spans",
        "leaving",
        "not_held",
        "frame",
    )

    def __init__(self, frame: _Frame, facts: EmployeeFacts) -> None:
        self.frame = frame
        on = self.on = frame.on
        hire = self.hire = facts.hire_date
        self.anchor = hire if hire > EP_2014_START else EP_2014_START
        self.facts = facts
        settings = self.settings = frame.settings
        self.staff = frame.staff
        switch = self.switch = frame.switch
        self.covid = frame.covid
        self.soon = frame.soon
        self.p19 = frame.p19
        self.p19_text = frame.p19_text
        self.p25 = frame.p25
        self.p25_text = frame.p25_text
        self.known_2019 = frame.known_2019
        legal: list[HeldInterview] = []
        declined = False
        for iv in facts.interviews:
            if iv.kind in LEGAL_INTERVIEW_KINDS and hire <= iv.date <= on:
                if iv.declined:
                    declined = True
                else:
                    legal.append(iv)
        legal.sort(key=_by_date)
        self.legal = legal
        # Declined interviews only matter to return obligations, and are rare.
        if declined:
            offered = [
                iv
                for iv in facts.interviews
                if iv.kind in LEGAL_INTERVIEW_KINDS and hire <= iv.date <= on
            ]
            offered.sort(key=_by_date)
            self.offered = offered
        else:
            self.offered = legal
        self.spans: list[Span] = []
        if switch is not None and facts.leaves:
            kinds = settings.non_working_kinds
            raw = [
                (lv.first_day.toordinal(), lv.last_day.toordinal())
                for lv in facts.leaves
                if lv.kind in kinds and lv.first_day <= on
            ]
            if raw:
                self.spans = merge_spans(raw)
        leaving = facts.leaving_date
        self.leaving = leaving if leaving is not None and leaving <= on else None
        # Obligations that the penalty check counts and that were not held in time.
        self.not_held: list[Obligation] = []

    def regime_at(self, d: dt.date) -> str:
        if d < EP_2014_START:
            return FR_PRE_2014
        if d < EP_2019_START or self.on < EP_2019_START:
            return FR_EP_2014
        if self.switch is None or d < self.switch:
            return FR_EP_2019
        return FR_EPP_2025

    def covid_due(self, due: dt.date) -> dt.date:
        # Whatever law the period started under, a deadline in 2020-2021 fell under
        # FR-EP-2019 and its COVID relief.
        if self.covid and COVID_DUE_FROM <= due <= COVID_DUE_UNTIL:
            return COVID_DUE_UNTIL
        return due

    def left_before(self, due: dt.date) -> Reason | None:
        if self.leaving is not None and due > self.leaving:
            return left_on(self.leaving)
        return None


def policy_on(employer: Employer, on: dt.date) -> str:
    if on < EP_2014_START:
        return FR_PRE_2014
    if on < EP_2019_START:
        return FR_EP_2014
    deferred = employer.agreement_years is not None and employer.agreement_before_reform
    if on < (DEFERRED_REFORM if deferred else REFORM):
        return FR_EP_2019
    return FR_EPP_2025


def assess_france(
    employer: Employer,
    facts: EmployeeFacts,
    on: dt.date,
    settings: Settings,
    out: list[Obligation],
) -> tuple[str, Penalty]:
    """Append the French obligations to `out`; return the policy applied and the penalty."""
    frame = _frame(employer, on, settings)
    if facts.hire_date > on or on < EP_2014_START:
        return frame.policy, NO_PENALTY
    ctx = _Ctx(frame, facts)
    _periodic(ctx, out)
    if facts.leaves:
        _returns(ctx, out)
    if facts.mid_career_visit is not None:
        _mid_career(ctx, out)
    if facts.birth_date is not None:
        _end_of_career(ctx, out)
    return frame.policy, _summaries(ctx, out)


# -- periodic -------------------------------------------------------------------------

_MOVED = ", moved later by {%d} days of leave that do not count as working time"

# Periods as the rules name them ("2 years", "3 years set by the company agreement"), and
# back to their language-neutral values for `rule_params`.
_PERIODS: dict[str, tuple[int, bool]] = {}


def _period_text(n: int, agreed: bool) -> str:
    text = ("1 year" if n == 1 else f"{n} years") + (
        " set by the company agreement" if agreed else ""
    )
    _PERIODS[text] = (n, agreed)
    return text


_YEARS = tuple(_period_text(n, False) for n in range(0, 13))
_AGREED_YEARS = tuple(_period_text(n, True) for n in range(0, 13))


def _years(n: int) -> str:
    return _YEARS[n] if 0 <= n < len(_YEARS) else _period_text(n, False)


def _agreed(n: int) -> str:
    if n == 2:
        return _YEARS[2]
    return _AGREED_YEARS[n] if 0 <= n < len(_AGREED_YEARS) else _period_text(n, True)


def _period_years(text: str) -> int:
    return _PERIODS[text][0]


def _period_agreed(text: str) -> bool:
    return _PERIODS[text][1]


# What a period is counted from: 0 the last interview, 1 hire, 2 the 2014 anchor; a summary
# cycle also from the start of the cycle.
_SINCE = ("the last interview", "hire", "the start of FR-EP-2014")
_CYCLE_START = "the start of the cycle"
_SINCE_CODES = {
    _SINCE[0]: "last_interview",
    _SINCE[1]: "hire",
    _SINCE[2]: "ep_2014_start",
    _CYCLE_START: "cycle_start",
}


def _since_code(text: str) -> str:
    return _SINCE_CODES[text]


def _leave_kinds(label: str) -> list[str]:
    return label.split("+")


def _period(i: int) -> dict[str, tuple[int, object]]:
    """The two fields of a period named by rule argument i."""
    return {"years": (i, _period_years), "agreed": (i, _period_agreed)}


_P25_FIRST = rule_form(
    "fr_epp_2025_first",
    "FR-EPP-2025: first interview within 1 year of hire ({0}) = {1}.",
    hire=0,
    due=1,
)
_P25_FIRST_MOVED = rule_form(
    "fr_epp_2025_first_moved",
    "FR-EPP-2025: first interview within 1 year of hire ({0}) = {2}" + _MOVED % 3 + " = {1}.",
    hire=0,
    base=2,
    days=3,
    due=1,
)
_P25_NEXT = rule_form(
    "fr_epp_2025_next",
    "FR-EPP-2025: periodic interview {4} after the last interview ({0}) = {1}.",
    **_period(4),
    last=0,
    due=1,
)
_P25_NEXT_MOVED = rule_form(
    "fr_epp_2025_next_moved",
    "FR-EPP-2025: periodic interview {4} after the last interview ({0}) = {2}"
    + _MOVED % 3
    + " = {1}.",
    **_period(4),
    last=0,
    base=2,
    days=3,
    due=1,
)
# Old-regime periods use args shared by every employee of a frame: (years, since, switch).
_OLD_FIELDS = {
    "policy": "policy",
    **_period(0),
    "since": (1, _since_code),
    "counted_from": "counted_from",
    "due": "due",
}
_OLD_TEXT = "{o.policy}: periodic interview {0} after {1} ({o.counted_from}) = {o.due}."
_OLD = rule_form("fr_periodic", _OLD_TEXT, **_OLD_FIELDS)
_OLD_COVID = rule_form(
    "fr_periodic_covid",
    "{o.policy}: periodic interview {0} after {1} ({o.counted_from}) = {3}, extended to"
    " {o.due} by the COVID relief.",
    **_OLD_FIELDS,
    base=3,
)
_OLD_EXPIRED = rule_form(
    "fr_periodic_expired",
    _OLD_TEXT + " It expired before the reform of {2} and is not extended.",
    **_OLD_FIELDS,
    reform=2,
)
_TRANS_FIRST = rule_form(
    "fr_transition_first",
    "FR transition: hired {0} before the reform with no interview yet, due the earlier of"
    " {1} and {2} ({3} after {4}, {5}) = {6}.",
    hire=0,
    transition_due=1,
    previous_due=2,
    **_period(3),
    since=(4, _since_code),
    counted_from=5,
    due=6,
)
_TRANS_HEAD = (
    "FR transition: the {0} deadline {1} ({2} after the last interview, {3}) was still"
    " running on {4}"
)
_TRANS_LAPSE = ", when the agreement's {2} lapse"
_TRANS_TAIL = ", so it becomes {5} after {3} = {6}."
_TRANS_TAIL_MOVED = ", so it becomes {5} after {3} = {7}" + _MOVED % 8 + " = {6}."
_TRANS_FIELDS = {
    "regime": 0,
    "previous_due": 1,
    **_period(2),
    "last": 3,
    "reform": 4,
    "new_years": (5, _period_years),
    "due": 6,
}
_MOVED_FIELDS = {"base": 7, "days": 8}
# (agreement lapses, days moved) -> template
_TRANS = {
    (False, False): rule_form("fr_transition", _TRANS_HEAD + _TRANS_TAIL, **_TRANS_FIELDS),
    (False, True): rule_form(
        "fr_transition_moved", _TRANS_HEAD + _TRANS_TAIL_MOVED, **_TRANS_FIELDS, **_MOVED_FIELDS
    ),
    (True, False): rule_form(
        "fr_transition_lapse", _TRANS_HEAD + _TRANS_LAPSE + _TRANS_TAIL, **_TRANS_FIELDS
    ),
    (True, True): rule_form(
        "fr_transition_lapse_moved",
        _TRANS_HEAD + _TRANS_LAPSE + _TRANS_TAIL_MOVED,
        **_TRANS_FIELDS,
        **_MOVED_FIELDS,
    ),
}


def _periodic(ctx: _Ctx, out: list[Obligation]) -> None:
    """The chain of periodic interviews: each legal interview held closes the running one.

    This loop runs for every period since 2014 of every employee, hence the inlined regime
    tests.
    """
    on = ctx.on
    soon = ctx.soon
    switch = ctx.switch
    spans = ctx.spans
    p25 = ctx.p25
    covid = ctx.covid
    hire = ctx.hire
    start = ctx.anchor
    first = True
    prev: dt.date | None = None
    legal = ctx.legal
    idx = 0
    n = len(legal)
    while idx < n and legal[idx].date < start:
        idx += 1
    leaving = ctx.leaving
    old_2014 = ctx.frame.old_args_2014
    old_2019 = ctx.frame.old_args_2019
    args: tuple[object, ...]
    while True:
        if switch is not None and start >= switch:
            policy = FR_EPP_2025
            base = add_years(start, 1 if first else p25)
            due, extra = extend_past_spans(start, base, spans) if spans else (base, 0)
            if first:
                template = _P25_FIRST_MOVED if extra else _P25_FIRST
            else:
                template = _P25_NEXT_MOVED if extra else _P25_NEXT
            args = (start, due, base, extra, ctx.p25_text)
        else:
            # Periods start on or after the anchor, so never before FR-EP-2014.
            if start >= EP_2019_START and ctx.known_2019:
                policy, years, years_text = FR_EP_2019, ctx.p19, ctx.p19_text
            else:
                policy, years, years_text = FR_EP_2014, 2, _YEARS[2]
            # The memo lookup is inlined: this line runs for every period of every employee.
            d = YEARS_MEMO[years].get(start) if years < MEMO_SIZE else None
            if d is None:
                d = add_years(start, years)
            since = 0 if not first else (1 if start == hire else 2)
            if switch is not None and d >= switch:
                regime, policy = policy, FR_EPP_2025
                if first:
                    due = TRANSITION_FIRST_DUE if d > TRANSITION_FIRST_DUE else d
                    template = _TRANS_FIRST
                    args = (hire, TRANSITION_FIRST_DUE, d, years_text, _SINCE[since], start, due)
                else:
                    base = add_years(start, p25)
                    due, extra = extend_past_spans(start, base, spans) if spans else (base, 0)
                    template = _TRANS[(years > p25, extra > 0)]
                    args = (regime, d, years_text, start, switch, ctx.p25_text, due, base, extra)
            else:
                due = d
                template = _OLD
                args = (old_2019 if policy is FR_EP_2019 else old_2014)[since]
                if covid and COVID_DUE_FROM <= d <= COVID_DUE_UNTIL:
                    due, template = COVID_DUE_UNTIL, _OLD_COVID
                    args = (*args, d)
        met_by: HeldInterview | None = None
        while idx < n:
            iv = legal[idx]
            idx += 1
            # Several interviews on one day close one period, not several.
            if iv.date != prev:
                met_by = iv
                break
        reason = None
        status: Status
        if met_by is not None:
            status = MET if met_by.date <= due else MISSED
        elif leaving is not None and due > leaving:
            status, reason = NOT_REQUIRED, ctx.left_before(due)
        elif on > due:
            status = OVERDUE
            if template is _OLD and switch is not None:
                template = _OLD_EXPIRED
        else:
            status = DUE_SOON if due <= soon else UPCOMING
        ob = new_obligation(
            "periodic", due, start, status, met_by, reason, policy, start, template, args
        )
        out.append(ob)
        if status in NOT_HELD:
            ctx.not_held.append(ob)
        if met_by is None:
            return
        prev = start = met_by.date
        first = False


# -- return after leave ---------------------------------------------------------------


class _Absence:
    __slots__ = ("first_day", "last_day", "returned", "kinds", "illness_days", "illness_from")

    def __init__(self, lv: Leave, returned: dt.date | None) -> None:
        self.first_day = lv.first_day
        self.last_day = lv.last_day
        self.returned = returned
        self.kinds = [lv.kind]
        self.illness_days = 0
        self.illness_from: dt.date | None = None
        if lv.kind == "long_illness":
            self.add_illness(lv)

    def add_illness(self, lv: Leave) -> None:
        if lv.kind == "long_illness":
            self.illness_days += (lv.last_day - lv.first_day).days + 1
            if self.illness_from is None:
                self.illness_from = lv.first_day


def _absences(leaves: list[Leave], on: dt.date) -> list[_Absence]:
    """Leaves that follow each other with no working day between them form one absence."""
    out: list[_Absence] = []
    cur: _Absence | None = None
    for lv in leaves:
        returned = lv.return_date if lv.return_date is not None and lv.return_date <= on else None
        if cur is not None and (
            lv.first_day <= cur.last_day + ONE_DAY
            or only_weekend_between(cur.last_day, lv.first_day)
            or (cur.returned is not None and lv.first_day < cur.returned)
        ):
            cur.kinds.append(lv.kind)
            cur.add_illness(lv)
            if lv.last_day >= cur.last_day:
                cur.last_day = lv.last_day
                cur.returned = returned
            continue
        cur = _Absence(lv, returned)
        out.append(cur)
    return out


_RETURN_HEAD = (
    "{0}: return interview after {1} leave {2} to {3}, back on {4}: due {5} days after the return"
)
_RETURN_TAIL = "; it may be held from {2} at the employee's request."
_RETURN_FIELDS = {
    "regime": 0,
    "leave_kinds": (1, _leave_kinds),
    "first_day": 2,
    "last_day": 3,
    "returned": 4,
    "days": 5,
    "due": 6,
}
_RETURN = rule_form("fr_return", _RETURN_HEAD + " = {6}" + _RETURN_TAIL, **_RETURN_FIELDS)
_RETURN_COVID = rule_form(
    "fr_return_covid",
    _RETURN_HEAD + " = {7}, extended to {6} by the COVID relief" + _RETURN_TAIL,
    **_RETURN_FIELDS,
    base=7,
)


def _returns(ctx: _Ctx, out: list[Obligation]) -> None:
    on = ctx.on
    leaves = [lv for lv in ctx.facts.leaves if lv.first_day <= on and lv.last_day >= ctx.hire]
    if not leaves:
        return
    leaves.sort(key=_by_first_day)
    settings = ctx.settings
    return_delta = ctx.frame.return_delta
    for ab in _absences(leaves, on):
        qualifying = [k for k in ab.kinds if k in RETURN_LEAVE_KINDS]
        if not qualifying:
            continue
        ret = ab.returned if ab.returned is not None else ab.last_day + ONE_DAY
        regime = ctx.regime_at(ret)
        if regime == FR_PRE_2014:
            continue
        reasons: list[Reason] = []
        kinds = set(qualifying)
        if "long_illness" in kinds and ab.illness_from is not None:
            minimum = (
                add_months(ab.illness_from, settings.long_illness_min_months) - ab.illness_from
            ).days
            if ab.illness_days < minimum:
                kinds.discard("long_illness")
                reasons.append(
                    Reason(
                        f"long illness of {ab.illness_days} days is under the"
                        f" {settings.long_illness_min_months}-month minimum",
                        "illness_too_short",
                        {"days": ab.illness_days, "months": settings.long_illness_min_months},
                    )
                )
        if (
            regime == FR_EPP_2025
            and "secured_mobility" in kinds
            and ctx.staff < SECURED_MOBILITY_STAFF_2025
        ):
            kinds.discard("secured_mobility")
            reasons.append(
                Reason(
                    "under FR-EPP-2025 a secured mobility period needs an employer of"
                    f" {SECURED_MOBILITY_STAFF_2025}+ staff",
                    "mobility_staff",
                    {"staff": SECURED_MOBILITY_STAFF_2025},
                )
            )
        base = ret + return_delta
        due = ctx.covid_due(base)
        label = "+".join(dict.fromkeys(ab.kinds))
        template = _RETURN if due == base else _RETURN_COVID
        args = (
            regime,
            label,
            ab.first_day,
            ab.last_day,
            ret,
            settings.return_deadline_days,
            due,
            base,
        )
        status: Status
        met_by: HeldInterview | None = None
        reason: str | None = None
        if not kinds:
            status, reason = NOT_REQUIRED, join_reasons(reasons)
        else:
            met_by, status, reason = _meet_return(ctx, ab.first_day, ret, due, regime)
        ob = new_obligation(
            "return", due, ab.first_day, status, met_by, reason, regime, ret, template, args
        )
        out.append(ob)
        if regime is FR_EPP_2025 and status in NOT_HELD:
            ctx.not_held.append(ob)


def _meet_return(
    ctx: _Ctx, first_day: dt.date, ret: dt.date, due: dt.date, regime: str
) -> tuple[HeldInterview | None, Status, str | None]:
    # A return interview held during the leave at the employee's request meets it at once.
    for iv in ctx.offered:
        if iv.kind == "return" and first_day <= iv.date < ret:
            return iv, MET, None
    if regime == FR_EPP_2025:
        year_before = add_years(ret, -1)
        for iv in ctx.legal:
            if year_before <= iv.date < ret:
                return (
                    None,
                    NOT_REQUIRED,
                    Reason(
                        f"an interview was held on {iv.date.isoformat()}, within the 12 months"
                        " before the return",
                        "held_before_return",
                        {"day": iv.date.isoformat()},
                    ),
                )
    for iv in ctx.offered:
        if iv.date >= ret:
            return iv, (MET if iv.date <= due else MISSED), None
    reason = ctx.left_before(due)
    if reason is not None:
        return None, NOT_REQUIRED, reason
    return None, open_status(due, ctx.on, ctx.soon), None


# -- mid-career and end of career (FR-EPP-2025 only) ----------------------------------


_MID = rule_form(
    "fr_mid_career",
    "FR-EPP-2025: mid-career interview within 2 months after the mid-career medical visit"
    " ({0}) = {1}.",
    visit=0,
    due=1,
)


def _mid_career(ctx: _Ctx, out: list[Obligation]) -> None:
    visit = ctx.facts.mid_career_visit
    if visit is None or ctx.switch is None or visit > ctx.on or visit < ctx.switch:
        return
    due = add_months(visit, 2)
    met_by: HeldInterview | None = None
    reason: str | None = None
    status: Status
    for iv in ctx.legal:
        if iv.date >= visit:
            met_by = iv
            break
    if met_by is not None:
        status = MET if met_by.date <= due else MISSED
    else:
        reason = ctx.left_before(due)
        status = NOT_REQUIRED if reason is not None else open_status(due, ctx.on, ctx.soon)
    ob = new_obligation(
        "mid_career", due, visit, status, met_by, reason, FR_EPP_2025, visit, _MID, (visit, due)
    )
    out.append(ob)
    if status in NOT_HELD:
        ctx.not_held.append(ob)


_END_HEAD = (
    "FR-EPP-2025: the first interview held in the 2 years before the 60th birthday ({0}) must"
    " cover staying in work, part-time work and progressive retirement (window {1} to {2}); "
)
_END_CARRIED_TEXT = _END_HEAD + "the periodic interview due {3} falls in it."
_END_SEPARATE_TEXT = (
    _END_HEAD + "no periodic interview falls in it, so a separate interview is due by {2}."
)
_END_NOT_COVERED = " The interview of {4} did not cover it."
_END_FIELDS = {"sixtieth_birthday": 0, "window_start": 1, "window_end": 2}
_END_CARRIED = rule_form(
    "fr_end_of_career_carried", _END_CARRIED_TEXT, **_END_FIELDS, periodic_due=3
)
_END_SEPARATE = rule_form("fr_end_of_career_separate", _END_SEPARATE_TEXT, **_END_FIELDS)
rule_form(
    "fr_end_of_career_carried_not_covered",
    _END_CARRIED_TEXT + _END_NOT_COVERED,
    **_END_FIELDS,
    periodic_due=3,
    held=4,
)
rule_form(
    "fr_end_of_career_separate_not_covered",
    _END_SEPARATE_TEXT + _END_NOT_COVERED,
    **_END_FIELDS,
    held=4,
)


def _end_of_career(ctx: _Ctx, out: list[Obligation]) -> None:
    birth = ctx.facts.birth_date
    if birth is None or ctx.switch is None:
        return
    sixty = add_years(birth, 60)
    end = sixty - ONE_DAY
    # The rule did not exist before the reform (worked case 13 starts the window then).
    begin = max(add_years(birth, 58), ctx.switch, ctx.hire)
    # Listed once its window has opened: before that nothing can be done about it.
    if begin > end or ctx.on < begin:
        return
    in_window = [ob.due for ob in out if ob.kind == "periodic" and begin <= ob.due <= end]
    template = _END_CARRIED if in_window else _END_SEPARATE
    carrier = in_window[0] if in_window else None
    met_by: HeldInterview | None = None
    reason: str | None = None
    status: Status
    first = next((iv for iv in ctx.legal if begin <= iv.date <= end), None)
    if first is not None:
        if END_OF_CAREER_TOPIC in first.topics:
            met_by, status = first, MET
        else:
            status = MISSED
            template += _END_NOT_COVERED
    else:
        reason = ctx.left_before(end)
        if reason is not None:
            status = NOT_REQUIRED
        elif ctx.on > end:
            # The window closes on the due date: afterwards it can only be missed.
            status = MISSED
        else:
            status = open_status(end, ctx.on, ctx.soon)
    args = (sixty, begin, end, carrier, first.date if first is not None else None)
    ob = new_obligation(
        "end_of_career", end, begin, status, met_by, reason, FR_EPP_2025, birth, template, args
    )
    out.append(ob)
    if status in NOT_HELD:
        ctx.not_held.append(ob)


# -- summary and penalty --------------------------------------------------------------


# A summary cycle as the penalty check needs it: (start, regime, summary held, obligation).
_Cycle = tuple[dt.date, str, HeldInterview | None, Obligation]

_SUM_OLD_FIELDS = {"regime": 0, "since": (1, _since_code), "counted_from": 2, "due": 3}
_SUM_OLD = rule_form(
    "fr_summary", "{0}: summary interview 6 years after {1} ({2}) = {3}.", **_SUM_OLD_FIELDS
)
_SUM_OLD_COVID = rule_form(
    "fr_summary_covid",
    "{0}: summary interview 6 years after {1} ({2}) = {4}, extended to {3} by the COVID relief.",
    **_SUM_OLD_FIELDS,
    base=4,
)
_SUM_25_HEAD = "FR-EPP-2025: summary interview 8 years after {1} ({2})"
_SUM_TRANS_HEAD = (
    "FR transition: the 6-year summary due {8} was still running on {9}, so it becomes"
    " 8 years after {2}"
)
_SUM_MOVED = " = {4}" + _MOVED % 5 + " = {3}"
_SUM_TAIL = "; it may be held from {6} and is tolerated until {7}."
_SUM_25_FIELDS = {
    "since": (1, _since_code),
    "counted_from": 2,
    "due": 3,
    "earliest": 6,
    "grace_until": 7,
}
_SUM_TRANS_FIELDS = {
    "previous_due": 8,
    "reform": 9,
    "counted_from": 2,
    "due": 3,
    "earliest": 6,
    "grace_until": 7,
}
_SUM_25 = rule_form("fr_epp_2025_summary", _SUM_25_HEAD + " = {3}" + _SUM_TAIL, **_SUM_25_FIELDS)
_SUM_25_MOVED = rule_form(
    "fr_epp_2025_summary_moved",
    _SUM_25_HEAD + _SUM_MOVED + _SUM_TAIL,
    **_SUM_25_FIELDS,
    base=4,
    days=5,
)
_SUM_TRANS = rule_form(
    "fr_transition_summary", _SUM_TRANS_HEAD + " = {3}" + _SUM_TAIL, **_SUM_TRANS_FIELDS
)
_SUM_TRANS_MOVED = rule_form(
    "fr_transition_summary_moved",
    _SUM_TRANS_HEAD + _SUM_MOVED + _SUM_TAIL,
    **_SUM_TRANS_FIELDS,
    base=4,
    days=5,
)


def _summaries(ctx: _Ctx, out: list[Obligation]) -> Penalty:
    on = ctx.on
    switch = ctx.switch
    start = ctx.anchor
    legal = ctx.legal
    summaries = [iv for iv in legal if iv.kind == "summary"]
    si = 0
    ns = len(summaries)
    cycles: list[_Cycle] = []
    args: tuple[object, ...]
    while True:
        grace: dt.date | None = None
        d6 = YEARS_MEMO[6].get(start) or add_years(start, 6)
        if switch is not None and (start >= switch or d6 >= switch):
            regime = FR_EPP_2025
            base = add_years(start, 8)
            spans = ctx.spans
            due, extra = extend_past_spans(start, base, spans) if spans else (base, 0)
            # "May be held from 7 years after the first interview" of the cycle.
            i = bisect_left(legal, start, key=_by_date)
            earliest = add_years(legal[i].date if i < len(legal) else start, 7)
            if earliest > due:
                earliest = due
            # Tolerated until the day before the 9th anniversary, moved like the due date.
            grace = add_years(start, 9)
            grace = grace - ONE_DAY if not extra else grace + dt.timedelta(days=extra - 1)
            if start >= switch:
                template = _SUM_25_MOVED if extra else _SUM_25
            else:
                template = _SUM_TRANS_MOVED if extra else _SUM_TRANS
            since = _cycle_from(ctx, start)
            args = (regime, since, start, due, base, extra, earliest, grace, d6, switch)
            next_start = due
        else:
            # A 6-year summary is never due before 2020, so FR-EP-2019 applies once known.
            regime = FR_EP_2019 if ctx.known_2019 else FR_EP_2014
            due = next_start = d6
            template = _SUM_OLD
            if ctx.covid and regime is FR_EP_2019 and COVID_DUE_FROM <= d6 <= COVID_DUE_UNTIL:
                due, template = COVID_DUE_UNTIL, _SUM_OLD_COVID
            earliest = YEARS_MEMO[5].get(start) or add_years(start, 5)
            args = (regime, _cycle_from(ctx, start), start, due, d6)
        held: HeldInterview | None = None
        if si < ns:
            # A summary held before the cycle's window opens is an ordinary interview.
            while si < ns and summaries[si].date < earliest:
                si += 1
            if si < ns and summaries[si].date <= _closes(start, grace):
                held = summaries[si]
                si += 1
        reason: str | None = None
        status: Status
        if held is not None:
            if held.date > due:
                status = MISSED
            else:
                problems = _summary_problems(ctx, out, start, held.date)
                status = FAILED if problems else MET
                reason = join_reasons(problems) if problems else None
        else:
            if ctx.leaving is not None and due > ctx.leaving:
                status, reason = NOT_REQUIRED, ctx.left_before(due)
            elif on > due:
                status = MISSED if on > _closes(start, grace) else OVERDUE
            else:
                status = DUE_SOON if due <= ctx.soon else UPCOMING
        ob = new_obligation(
            "summary", due, earliest, status, held, reason, regime, start, template, args, grace
        )
        out.append(ob)
        cycles.append((start, regime, held, ob))
        # The next cycle is listed once this one is settled (held, or its window closed).
        if due > on or status is NOT_REQUIRED or status is OVERDUE:
            break
        start = next_start
    return _penalty(ctx, out, cycles)


def _closes(start: dt.date, grace: dt.date | None) -> dt.date:
    """Last day a summary may still be held for its cycle: the end of the FR-EPP-2025 grace,
    or under the earlier laws the due date of the next cycle."""
    return grace if grace is not None else add_years(start, 12)


def _cycle_from(ctx: _Ctx, start: dt.date) -> str:
    if start == ctx.hire:
        return "hire"
    if start == EP_2014_START:
        return _SINCE[2]
    return _CYCLE_START


def _missed_in(ctx: _Ctx, start: dt.date, before: dt.date) -> tuple[tuple[str, dt.date], ...]:
    """Counted obligations due in [start, before) that were not held in time.

    The due date used is the one in force, COVID extension included: an interview whose
    deadline was extended past the summary was not yet missed when the summary was held.
    """
    if not ctx.not_held:
        return ()
    return tuple([(ob.kind, ob.due) for ob in ctx.not_held if start <= ob.due < before])


def _summary_problems(
    ctx: _Ctx, out: list[Obligation], start: dt.date, held_on: dt.date
) -> list[Reason]:
    problems: list[Reason] = []
    missed = _missed_in(ctx, start, held_on)
    if missed:
        listed = ", ".join(f"{kind} due {due.isoformat()}" for kind, due in missed)
        problems.append(
            Reason(
                f"not every due interview was held ({listed})",
                "not_all_held",
                {"missed": [[kind, due.isoformat()] for kind, due in missed]},
            )
        )
    facts = ctx.facts
    measures = 0
    if any(start <= t.date <= held_on for t in facts.trainings):
        measures += 1
    if any(start <= d <= held_on for d in facts.certifications):
        measures += 1
    if any(start <= d <= held_on for d in facts.progressions):
        measures += 1
    if measures < 2:
        problems.append(
            Reason(
                "fewer than two of: a training, a certification or VAE, a pay or career"
                " progression",
                "too_few_measures",
                {},
            )
        )
    return problems


def _penalty(ctx: _Ctx, out: list[Obligation], cycles: list[_Cycle]) -> Penalty:
    """The outcome of the last summary held while its top-up may still be due, otherwise
    the projected outcome of the running cycle."""
    on = ctx.on
    for cycle in reversed(cycles):
        held = cycle[2]
        if held is not None:
            if on <= _pay_by(ctx, cycle[1], held.date):
                return _check(ctx, out, cycle, held.date, projected=False)
            break
    for cycle in cycles:
        if cycle[2] is None and cycle[3].status in _OPEN:
            return _check(ctx, out, cycle, cycle[3].due, projected=True)
    return NO_PENALTY


_OPEN = frozenset({OVERDUE, DUE_SOON, UPCOMING})


def _pay_by(ctx: _Ctx, regime: str, summary_on: dt.date) -> dt.date:
    if (
        ctx.covid
        and regime == FR_EP_2019
        and COVID_PENALTY_FROM <= summary_on <= COVID_PENALTY_UNTIL
    ):
        # The top-up was suspended: it became payable only once the suspension ended.
        return end_of_next_quarter(COVID_PENALTY_UNTIL)
    return end_of_next_quarter(summary_on)


_SMALL_EMPLOYER = f"the employer has fewer than {PENALTY_STAFF} staff"
_REASONS = {
    (regime, at_risk, missed): text
    for regime in (FR_EP_2019, FR_EPP_2025)
    for at_risk, missed, text in (
        (
            True,
            True,
            f"{regime}: due interviews were not held and the employee had no training other"
            " than mandatory ones",
        ),
        (
            False,
            True,
            f"{regime}: due interviews were missed, but a non-mandatory training was held",
        ),
        (False, False, f"{regime}: every due interview was held"),
    )
}
_FAILS_2014 = f"FR-EP-2014: the summary fails, {PENALTY_HOURS_2014} hours are credited to the CPF"
_PASSES_2014 = "FR-EP-2014: the summary passes"


def _check(
    ctx: _Ctx, out: list[Obligation], cycle: _Cycle, check_on: dt.date, projected: bool
) -> Penalty:
    start, regime, _, ob = cycle
    missed = _missed_in(ctx, start, check_on)
    last_training = check_on if check_on < ctx.on else ctx.on
    training = False
    for t in ctx.facts.trainings:
        if not t.mandatory and start <= t.date <= last_training:
            training = True
            break
    if ctx.staff < PENALTY_STAFF:
        return new_penalty(False, 0, None, 0, projected, ob.due, missed, training, _SMALL_EMPLOYER)
    if regime == FR_EP_2014:
        failed = ob.status == FAILED or (
            projected and bool(_summary_problems(ctx, out, start, last_training))
        )
        if failed:
            return new_penalty(
                True, 0, None, PENALTY_HOURS_2014, projected, ob.due, missed, training, _FAILS_2014
            )
        return new_penalty(False, 0, None, 0, projected, ob.due, missed, training, _PASSES_2014)
    at_risk = bool(missed) and not training
    reason = _REASONS[(regime, at_risk, bool(missed))]
    if not at_risk:
        return new_penalty(False, 0, None, 0, projected, ob.due, missed, training, reason)
    pay_by = _pay_by(ctx, regime, check_on if not projected else max(check_on, ctx.on))
    return new_penalty(True, PENALTY_EUR, pay_by, 0, projected, ob.due, missed, training, reason)
