"""The rule behind each date, in the reader's language.

The engine writes its sentence (`Obligation.rule`) in English only and stays free of
Django; next to it every obligation carries `rule_code` (which sentence) and `rule_params`
(its values: policy and other codes, ISO dates, numbers). This is the one catalogue of
the same sentences, marked for translation: `rule_text(obligation)` renders one in the
active language with dates in its format. Every `rule_code` the engine can emit has its
twin here (tests/compliance/test_rule_texts.py runs the engine over generated cases to
keep it so); rendered with ISO dates and raw codes (`codes=True`) a sentence is the
engine's own, word for word.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from parcours.compliance.labels import kind_label

_MOVED = _(
    "%(base)s, moved later by %(days)s days of leave that do not count as working time = %(due)s"
)

RULE_TEXTS: dict[str, Promise] = {
    "fr_epp_2025_first": _(
        "FR-EPP-2025: first interview within 1 year of hire (%(hire)s) = %(due)s."
    ),
    "fr_epp_2025_first_moved": _(
        "FR-EPP-2025: first interview within 1 year of hire (%(hire)s) = %(moved)s."
    ),
    "fr_epp_2025_next": _(
        "FR-EPP-2025: periodic interview %(period)s after the last interview (%(last)s) = %(due)s."
    ),
    "fr_epp_2025_next_moved": _(
        "FR-EPP-2025: periodic interview %(period)s after the last interview (%(last)s)"
        " = %(moved)s."
    ),
    "fr_periodic": _(
        "%(policy)s: periodic interview %(period)s after %(since)s (%(counted_from)s) = %(due)s."
    ),
    "fr_periodic_covid": _(
        "%(policy)s: periodic interview %(period)s after %(since)s (%(counted_from)s)"
        " = %(base)s, extended to %(due)s by the COVID relief."
    ),
    "fr_periodic_expired": _(
        "%(policy)s: periodic interview %(period)s after %(since)s (%(counted_from)s)"
        " = %(due)s. It expired before the reform of %(reform)s and is not extended."
    ),
    "fr_transition_first": _(
        "FR transition: hired %(hire)s before the reform with no interview yet, due the"
        " earlier of %(transition_due)s and %(previous_due)s (%(period)s after %(since)s,"
        " %(counted_from)s) = %(due)s."
    ),
    "fr_transition": _(
        "FR transition: the %(regime)s deadline %(previous_due)s (%(period)s after the last"
        " interview, %(last)s) was still running on %(reform)s, so it becomes"
        " %(new_period)s after %(last)s = %(due)s."
    ),
    "fr_transition_moved": _(
        "FR transition: the %(regime)s deadline %(previous_due)s (%(period)s after the last"
        " interview, %(last)s) was still running on %(reform)s, so it becomes"
        " %(new_period)s after %(last)s = %(moved)s."
    ),
    "fr_transition_lapse": _(
        "FR transition: the %(regime)s deadline %(previous_due)s (%(period)s after the last"
        " interview, %(last)s) was still running on %(reform)s, when the agreement's"
        " %(period)s lapse, so it becomes %(new_period)s after %(last)s = %(due)s."
    ),
    "fr_transition_lapse_moved": _(
        "FR transition: the %(regime)s deadline %(previous_due)s (%(period)s after the last"
        " interview, %(last)s) was still running on %(reform)s, when the agreement's"
        " %(period)s lapse, so it becomes %(new_period)s after %(last)s = %(moved)s."
    ),
    "fr_return": _(
        "%(regime)s: return interview after %(leave_kinds)s leave %(first_day)s to"
        " %(last_day)s, back on %(returned)s: due %(days)s days after the return = %(due)s;"
        " it may be held from %(first_day)s at the employee's request."
    ),
    "fr_return_covid": _(
        "%(regime)s: return interview after %(leave_kinds)s leave %(first_day)s to"
        " %(last_day)s, back on %(returned)s: due %(days)s days after the return = %(base)s,"
        " extended to %(due)s by the COVID relief; it may be held from %(first_day)s at the"
        " employee's request."
    ),
    "fr_mid_career": _(
        "FR-EPP-2025: mid-career interview within 2 months after the mid-career medical"
        " visit (%(visit)s) = %(due)s."
    ),
    "fr_end_of_career_carried": _(
        "FR-EPP-2025: the first interview held in the 2 years before the 60th birthday"
        " (%(sixtieth_birthday)s) must cover staying in work, part-time work and progressive"
        " retirement (window %(window_start)s to %(window_end)s); the periodic interview"
        " due %(periodic_due)s falls in it."
    ),
    "fr_end_of_career_separate": _(
        "FR-EPP-2025: the first interview held in the 2 years before the 60th birthday"
        " (%(sixtieth_birthday)s) must cover staying in work, part-time work and progressive"
        " retirement (window %(window_start)s to %(window_end)s); no periodic interview"
        " falls in it, so a separate interview is due by %(window_end)s."
    ),
    "fr_end_of_career_carried_not_covered": _(
        "FR-EPP-2025: the first interview held in the 2 years before the 60th birthday"
        " (%(sixtieth_birthday)s) must cover staying in work, part-time work and progressive"
        " retirement (window %(window_start)s to %(window_end)s); the periodic interview"
        " due %(periodic_due)s falls in it. The interview of %(held)s did not cover it."
    ),
    "fr_end_of_career_separate_not_covered": _(
        "FR-EPP-2025: the first interview held in the 2 years before the 60th birthday"
        " (%(sixtieth_birthday)s) must cover staying in work, part-time work and progressive"
        " retirement (window %(window_start)s to %(window_end)s); no periodic interview"
        " falls in it, so a separate interview is due by %(window_end)s. The interview of"
        " %(held)s did not cover it."
    ),
    "fr_summary": _(
        "%(regime)s: summary interview 6 years after %(since)s (%(counted_from)s) = %(due)s."
    ),
    "fr_summary_covid": _(
        "%(regime)s: summary interview 6 years after %(since)s (%(counted_from)s) = %(base)s,"
        " extended to %(due)s by the COVID relief."
    ),
    "fr_epp_2025_summary": _(
        "FR-EPP-2025: summary interview 8 years after %(since)s (%(counted_from)s) = %(due)s;"
        " it may be held from %(earliest)s and is tolerated until %(grace_until)s."
    ),
    "fr_epp_2025_summary_moved": _(
        "FR-EPP-2025: summary interview 8 years after %(since)s (%(counted_from)s)"
        " = %(moved)s; it may be held from %(earliest)s and is tolerated until"
        " %(grace_until)s."
    ),
    "fr_transition_summary": _(
        "FR transition: the 6-year summary due %(previous_due)s was still running on"
        " %(reform)s, so it becomes 8 years after %(counted_from)s = %(due)s; it may be held"
        " from %(earliest)s and is tolerated until %(grace_until)s."
    ),
    "fr_transition_summary_moved": _(
        "FR transition: the 6-year summary due %(previous_due)s was still running on"
        " %(reform)s, so it becomes 8 years after %(counted_from)s = %(moved)s; it may be"
        " held from %(earliest)s and is tolerated until %(grace_until)s."
    ),
    "company_after": _(
        "%(policy)s: %(kind)s %(months)s months after %(since)s (%(counted_from)s) = %(due)s."
    ),
    "company_every": _(
        "%(policy)s: %(kind)s every %(months)s months, counted from %(since)s"
        " (%(counted_from)s) = %(due)s."
    ),
}

# Employer duties (Belgium), not obligations of one employee.
DUTY_TEXTS: dict[str, Promise] = {
    "be_training_days": _(
        "BE individual training right (law of 3 Oct 2022): employers of %(staff)s+ workers"
        " owe %(days)s training days per FTE in %(year)s."
    ),
    "be_training_plan": _(
        "BE law of 3 Oct 2022: employers of %(staff)s+ workers adopt a training plan by"
        " 31 March each year; next due %(due)s."
    ),
}

# Notes on an obligation (`Obligation.reason`, an engine `Reason` with `code` and `params`).
REASON_TEXTS: dict[str, Promise] = {
    "left": _("the employee left on %(day)s"),
    "illness_too_short": _("long illness of %(days)s days is under the %(months)s-month minimum"),
    "mobility_staff": _(
        "under FR-EPP-2025 a secured mobility period needs an employer of %(staff)s+ staff"
    ),
    "held_before_return": _(
        "an interview was held on %(day)s, within the 12 months before the return"
    ),
    "not_all_held": _("not every due interview was held (%(listed)s)"),
    "too_few_measures": _(
        "fewer than two of: a training, a certification or VAE, a pay or career progression"
    ),
}
_MISSED_ITEM = _("%(kind)s due %(due)s")

# What a period is counted from (`since`).
SINCE_TEXTS: dict[str, Promise] = {
    "last_interview": pgettext_lazy("counted from", "the last interview"),
    "hire": pgettext_lazy("counted from", "hire"),
    "ep_2014_start": pgettext_lazy("counted from", "the start of FR-EP-2014"),
    "cycle_start": pgettext_lazy("counted from", "the start of the cycle"),
    "policy_start": pgettext_lazy("counted from", "the start of the policy"),
    "last": pgettext_lazy("counted from", "the last one"),
}

# Leave kinds inside "return interview after ... leave".
LEAVE_WORDS: dict[str, Promise] = {
    "maternity": pgettext_lazy("leave in a rule", "maternity"),
    "adoption": pgettext_lazy("leave in a rule", "adoption"),
    "parental": pgettext_lazy("leave in a rule", "parental"),
    "caregiver": pgettext_lazy("leave in a rule", "caregiver"),
    "sabbatical": pgettext_lazy("leave in a rule", "sabbatical"),
    "secured_mobility": pgettext_lazy("leave in a rule", "secured mobility"),
    "long_illness": pgettext_lazy("leave in a rule", "long illness"),
    "sick": pgettext_lazy("leave in a rule", "sick"),
    "unpaid": pgettext_lazy("leave in a rule", "unpaid"),
    "parental_presence": pgettext_lazy("leave in a rule", "parental presence"),
    "family_solidarity": pgettext_lazy("leave in a rule", "family solidarity"),
    "union_mandate": pgettext_lazy("leave in a rule", "union mandate"),
    "vacation": pgettext_lazy("leave in a rule", "vacation"),
    "other": pgettext_lazy("leave in a rule", "other"),
}

# Parameters holding a date (ISO strings in `rule_params`).
DATE_PARAMS = frozenset(
    {
        "hire",
        "due",
        "base",
        "last",
        "counted_from",
        "reform",
        "transition_due",
        "previous_due",
        "first_day",
        "last_day",
        "returned",
        "visit",
        "sixtieth_birthday",
        "window_start",
        "window_end",
        "periodic_due",
        "held",
        "earliest",
        "grace_until",
    }
)


def period_text(years: int, agreed: bool) -> str:
    if agreed:
        return ngettext(
            "%(n)s year set by the company agreement",
            "%(n)s years set by the company agreement",
            years,
        ) % {"n": years}
    return ngettext("%(n)s year", "%(n)s years", years) % {"n": years}


def _localised_date(value: dt.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def render_rule(code: str, params: Mapping[str, Any], *, codes: bool = False) -> str:
    """The sentence `code` with `params`, in the active language.

    `codes=True` writes dates as ISO and leave and interview kinds as their codes, as the
    engine does: the English rendering is then the engine's `rule` itself.
    Raises KeyError for a code or parameter missing from the catalogue.
    """
    template = RULE_TEXTS[code] if code in RULE_TEXTS else DUTY_TEXTS[code]
    values: dict[str, Any] = {}
    for name, value in params.items():
        if name in DATE_PARAMS and value is not None:
            day = dt.date.fromisoformat(value) if isinstance(value, str) else value
            values[name] = day.isoformat() if codes else _localised_date(day)
        elif name == "since":
            values[name] = str(SINCE_TEXTS[value])
        elif name == "leave_kinds":
            values[name] = "+".join(
                value if codes else [str(LEAVE_WORDS.get(k, k.replace("_", " "))) for k in value]
            )
        elif name == "kind" and not codes:
            values[name] = kind_label(value)
        else:
            values[name] = value
    if "years" in params:
        values["period"] = period_text(params["years"], params["agreed"])
    if "new_years" in params:
        values["new_period"] = period_text(params["new_years"], False)
    if "days" in params and "base" in params:
        values["moved"] = str(_MOVED) % values
    return str(template) % values


def render_reason(code: str, params: Mapping[str, Any], *, codes: bool = False) -> str:
    """A note on an obligation in the active language (`codes=True`: the engine's words)."""

    def day(value: str) -> str:
        return value if codes else _localised_date(dt.date.fromisoformat(value))

    if code == "several":
        return "; ".join(
            render_reason(r["code"], r["params"], codes=codes) for r in params["reasons"]
        )
    values = dict(params)
    if "day" in values:
        values["day"] = day(values["day"])
    if code == "not_all_held":
        values["listed"] = ", ".join(
            str(_MISSED_ITEM) % {"kind": kind if codes else kind_label(kind), "due": day(due)}
            for kind, due in params["missed"]
        )
    return str(REASON_TEXTS[code]) % values


def reason_text(reason: Any) -> str:
    """`Obligation.reason` in the active language; a plain string is shown as it is."""
    if reason is None:
        return ""
    code = getattr(reason, "code", None)
    if code is None:
        return str(reason)
    return render_reason(code, reason.params)


def rule_text(item: Any) -> str:
    """The rule behind an obligation's due date (or an employer duty), in the active
    language."""
    return render_rule(item.rule_code, item.rule_params)
