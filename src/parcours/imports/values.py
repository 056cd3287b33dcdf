"""Reading one cell: dates, numbers, working time, booleans and coded values.

Every reader returns the value and the issues met on the way; the caller attaches them
to a place in the file. Nothing here guesses per row: a source declares its date format,
its decimal separator and its working-time unit (hris-import.md, section 7, rules 7-12).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from parcours.imports.text import clean_text, fold_loose


@dataclass
class Issue:
    code: str
    params: dict = field(default_factory=dict)
    severity: str | None = None
    msg: str | None = None


# ---------------------------------------------------------------- dates

# declared format name -> (order, separator)
DATE_FORMATS = {
    "YYYY-MM-DD": ("ymd", "-"),
    "YYYY/MM/DD": ("ymd", "/"),
    "DD/MM/YYYY": ("dmy", "/"),
    "MM/DD/YYYY": ("mdy", "/"),
    "DD-MM-YYYY": ("dmy", "-"),
    "MM-DD-YYYY": ("mdy", "-"),
    "DD.MM.YYYY": ("dmy", "."),
}
_FORMAT_NAMES = {spec: name for name, spec in DATE_FORMATS.items()}
_DATE_RE = re.compile(
    r"^(\d{1,4})([./\-])(\d{1,2})\2(\d{1,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
EXCEL_1900 = date(1899, 12, 30)
EXCEL_1904 = date(1904, 1, 1)


def _make(order: str, first: str, second: str, year: str) -> date | None:
    day, month = (first, second) if order == "dmy" else (second, first)
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _serial(number: float, epoch: date) -> date | None:
    if number != number or number < 1 or number > 2958465:  # NaN, before 1900, after 9999
        return None
    days = int(number)
    if epoch == EXCEL_1900 and days == 60:
        return None  # 29 February 1900, a day that never was
    if epoch == EXCEL_1900 and days < 61:
        # Excel's fictitious 29 February 1900: serials below 61 are one day off.
        days += 1
    return epoch + timedelta(days=days)


def parse_date(
    raw: object, *, formats: list[str], spreadsheet: bool = False, epoch: date = EXCEL_1900
) -> tuple[date | None, list[Issue]]:
    """A date cell or text, read with the source's declared formats (the first is the
    usual one; the others are accepted without comment)."""
    if raw is None:
        return None, []
    if isinstance(raw, datetime):
        return raw.date(), []
    if isinstance(raw, date):
        return raw, []
    system = "1904" if epoch == EXCEL_1904 else "1900"
    if isinstance(raw, bool):
        return None, [Issue("INVALID_DATE")]
    if isinstance(raw, int | float):
        value = _serial(float(raw), epoch)
        if value is None:
            return None, [Issue("INVALID_DATE")]
        return value, [Issue("DATE_AS_SERIAL_NUMBER", {"system": system, "date": value})]
    text = clean_text(raw)
    if not text:
        return None, []
    declared = [DATE_FORMATS[name] for name in formats if name in DATE_FORMATS]
    main_format = formats[0] if formats else "YYYY-MM-DD"
    if text.isdigit():
        if len(text) == 5:
            value = _serial(float(text), epoch)
            if value is not None:
                return value, [Issue("DATE_AS_SERIAL_NUMBER", {"system": system, "date": value})]
        if len(text) == 6:
            return None, [Issue("TWO_DIGIT_YEAR")]
        return None, [Issue("INVALID_DATE")]
    match = _DATE_RE.match(text)
    if not match:
        return None, [Issue("INVALID_DATE")]
    first, sep, second, last = match.groups()
    if len(first) == 4:
        value = _make("dmy", last, second, first)
        if value is None:
            return None, [Issue("INVALID_DATE")]
        if ("ymd", sep) in declared:
            issues = []
            if spreadsheet:
                issues.append(
                    Issue("DATE_AS_TEXT", {"format": _FORMAT_NAMES[("ymd", sep)], "date": value})
                )
            return value, issues
        found = _FORMAT_NAMES.get(("ymd", sep), "YYYY-MM-DD")
        return value, [
            Issue(
                "DATE_FORMAT_UNEXPECTED",
                {"found_format": found, "format": main_format, "date": value},
            )
        ]
    if len(last) != 4 or len(first) > 2:
        if len(last) == 2:
            return None, [Issue("TWO_DIGIT_YEAR")]
        return None, [Issue("INVALID_DATE")]
    same_separator = [order for order, separator in declared if separator == sep and order != "ymd"]
    unpadded = len(first) == 1 or len(second) == 1
    if same_separator:
        order = same_separator[0]
        other = "mdy" if order == "dmy" else "dmy"
        value = _make(order, first, second, last)
        swapped = _make(other, first, second, last)
        declared_name = _FORMAT_NAMES[(order, sep)]
        if value is None:
            if swapped is not None:
                return None, [
                    Issue(
                        "DATE_FORMAT_MISMATCH",
                        {"format": declared_name, "other_format": _FORMAT_NAMES[(other, sep)]},
                    )
                ]
            return None, [Issue("INVALID_DATE")]
        issues = []
        # A month-first source in a day-first market: say which reading was taken.
        if order == "mdy" and swapped is not None and swapped != value:
            issues.append(Issue("AMBIGUOUS_DATE", {"format": declared_name, "date": value}))
        if unpadded:
            issues.append(Issue("UNPADDED_DATE", {"date": value}))
        if spreadsheet and not issues:
            issues.append(Issue("DATE_AS_TEXT", {"format": declared_name, "date": value}))
        return value, issues
    # A separator the source does not declare: dots and dashes are day-first wherever the
    # year comes last; a slash is day-first only for a day-first source.
    day_first = sep in ".-" or any(order == "dmy" for order, _sep in declared)
    dmy = _make("dmy", first, second, last)
    mdy = _make("mdy", first, second, last)
    if day_first:
        found = _FORMAT_NAMES.get(("dmy", sep), "DD/MM/YYYY")
        if dmy is not None:
            return dmy, [
                Issue(
                    "DATE_FORMAT_UNEXPECTED",
                    {"found_format": found, "format": main_format, "date": dmy},
                )
            ]
        if mdy is not None:
            return None, [
                Issue(
                    "DATE_FORMAT_MISMATCH",
                    {"format": found, "other_format": _FORMAT_NAMES.get(("mdy", sep), "MM/DD")},
                )
            ]
        return None, [Issue("INVALID_DATE")]
    if dmy is not None and mdy is not None and dmy != mdy:
        return None, [
            Issue(
                "AMBIGUOUS_DATE",
                {"format": main_format, "date": dmy, "other_date": mdy},
                severity="error",
                msg="AMBIGUOUS_DATE:rejected",
            )
        ]
    value = dmy or mdy
    if value is None:
        return None, [Issue("INVALID_DATE")]
    found = _FORMAT_NAMES[("dmy" if dmy else "mdy", sep)]
    return value, [
        Issue(
            "DATE_FORMAT_UNEXPECTED", {"found_format": found, "format": main_format, "date": value}
        )
    ]


def parse_time(raw: object) -> time | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime):
        return raw.time()
    if isinstance(raw, time):
        return raw
    if isinstance(raw, float) and 0 <= raw < 1:  # an Excel time serial
        minutes = round(raw * 24 * 60)
        return time(minutes // 60, minutes % 60)
    match = re.match(r"^(\d{1,2})[:hH.](\d{2})(?::\d{2})?$", clean_text(raw))
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


# ---------------------------------------------------------------- numbers


def parse_decimal(raw: object, *, decimal_sep: str = ".") -> tuple[Decimal | None, list[Issue]]:
    if raw is None or raw == "":
        return None, []
    if isinstance(raw, bool):
        return None, [Issue("INVALID_VALUE", {"reason": _("not a number")})]
    if isinstance(raw, int | float | Decimal):
        return Decimal(str(raw)), []
    text = clean_text(raw).replace(" ", "").replace("'", "")
    if not text:
        return None, []
    issues: list[Issue] = []
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
            if decimal_sep != ",":
                issues.append(Issue("DECIMAL_COMMA"))
        else:
            text = text.replace(",", "")
    elif "," in text:
        if text.count(",") > 1:
            return None, [Issue("INVALID_VALUE", {"reason": _("not a number")})]
        text = text.replace(",", ".")
        if decimal_sep != ",":
            issues.append(Issue("DECIMAL_COMMA"))
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None, [Issue("INVALID_VALUE", {"reason": _("not a number")})]
    if not number.is_finite():
        return None, [Issue("INVALID_VALUE", {"reason": _("not a number")})]
    for issue in issues:
        issue.params["number"] = number
    return number, issues


_TWO_PLACES = Decimal("0.01")
HOURS_MONTH_TO_WEEK = Decimal(12) / Decimal(52)
_UNIT_SUFFIXES = [
    (
        "hours_month",
        (
            "h/mois",
            "heures/mois",
            "hmois",
            "h/maand",
            "uur/maand",
            "hours/month",
            "h/month",
            "/mois",
            "/maand",
        ),
    ),
    ("days_year", ("jours/an", "jours", "jour", "days", "dagen", "j", "d", "forfait")),
    ("percent", ("%",)),
    ("fte", ("fte", "etp", "vte")),
    (
        "hours_week",
        (
            "h/sem",
            "h/semaine",
            "heures",
            "h/week",
            "uur/week",
            "u/week",
            "hours",
            "hrs",
            "uur",
            "u",
            "h",
        ),
    ),
]
WORKING_TIME_UNIT_LABELS = {
    "hours_week": _("hours per week"),
    "hours_month": _("hours per month"),
    "percent": _("% of full time"),
    "fte": _("FTE"),
    "days_year": _("days a year (forfait jours)"),
}


def _split_unit(text: str) -> tuple[str, str | None]:
    compact = text.casefold().replace(" ", "")
    if "forfait" in compact:
        return re.sub(r"[^\d.,]", "", compact), "days_year"
    for unit, suffixes in _UNIT_SUFFIXES:
        for suffix in suffixes:
            if compact.endswith(suffix) and re.search(r"\d", compact[: -len(suffix)]):
                return compact[: -len(suffix)], unit
    return text, None


def parse_working_time(
    raw: object, *, unit: str = "hours_week", decimal_sep: str = "."
) -> tuple[tuple[str, Decimal] | None, list[Issue]]:
    """Working time in the model's units (percent, hours_week, fte).

    Weekly hours, part-time %, FTE, French monthly hours (151,67 = 35 h a week) and forfait
    jours all occur; a plain number is read in the unit the source declares.
    """
    if raw is None or raw == "":
        return None, []
    found_unit = None
    number_raw = raw
    if isinstance(raw, str):
        number_raw, found_unit = _split_unit(clean_text(raw))
    number, issues = parse_decimal(number_raw, decimal_sep=decimal_sep)
    if number is None:
        return None, issues
    if number < 0:
        return None, [Issue("INVALID_VALUE", {"reason": _("a negative working time")})]
    source_unit = found_unit or unit
    inferred = False
    if found_unit is None and unit == "hours_week" and number > 80:
        # No week has that many working hours: a French monthly figure or a forfait jours.
        if 100 <= number <= 190:
            source_unit, inferred = "hours_month", True
        elif 190 < number <= 235:
            source_unit, inferred = "days_year", True
        else:
            return None, issues + [
                Issue("INVALID_VALUE", {"reason": _("not a plausible number of hours a week")})
            ]
    if source_unit == "hours_month":
        stored = ("hours_week", (number * HOURS_MONTH_TO_WEEK).quantize(_TWO_PLACES, ROUND_HALF_UP))
    elif source_unit == "days_year":
        # The model has no unit for days a year: a forfait is full time.
        stored = ("percent", Decimal(100))
    else:
        stored = (source_unit, number.quantize(_TWO_PLACES, ROUND_HALF_UP))
    if stored[1] >= Decimal(10000):
        return None, issues + [Issue("INVALID_VALUE", {"reason": _("too large")})]
    if found_unit is not None and found_unit != unit or inferred or source_unit != stored[0]:
        issues.append(
            Issue(
                "WORKING_TIME_FORMATS",
                {
                    "found": WORKING_TIME_UNIT_LABELS[source_unit],
                    "target": f"{stored[1].normalize():f} {WORKING_TIME_UNIT_LABELS[stored[0]]}",
                },
                severity="warning" if inferred else None,
            )
        )
    return stored, issues


# ---------------------------------------------------------------- coded values

LANGUAGE_NAMES = {"en": _("English"), "fr": _("French"), "nl": _("Dutch")}

# field -> {folded alias: (target, language of the alias or "" when it has none)}
VOCABULARY: dict[str, dict[str, tuple[str, str]]] = {}


def _add(fieldname: str, target: str, language: str, *aliases: str) -> None:
    table = VOCABULARY.setdefault(fieldname, {})
    for alias in aliases:
        key = fold_loose(alias)
        if key in table and table[key][0] == target and table[key][1] != language:
            language = ""  # the same word in two languages ('active', 'stage')
        table[key] = (target, language)


_add("category", "operator", "nl", "arbeider", "arbeidster", "productiemedewerker")
_add("category", "operator", "fr", "ouvrier", "ouvriere", "operateur", "operatrice")
_add("category", "operator", "en", "blue collar", "blue-collar", "worker", "operator")
_add("category", "staff", "nl", "bediende", "beambte")
_add("category", "staff", "fr", "employe", "employee", "etam", "agent de maitrise")
_add("category", "staff", "en", "white collar", "white-collar", "staff", "clerical")
_add("category", "manager", "fr", "cadre")
_add("category", "manager", "nl", "kaderlid", "kader")
_add("category", "manager", "en", "manager", "executive", "management")
_add("category", "team_leader", "nl", "ploegleider", "teamleider", "meestergast")
_add("category", "team_leader", "fr", "chef d equipe", "chef d'équipe")
_add("category", "team_leader", "en", "team leader", "shift leader", "supervisor")
_add("category", "technician", "fr", "technicien", "technicienne")
_add("category", "technician", "nl", "technicus", "monteur")
_add("category", "technician", "en", "technician")

_add("contract_type", "permanent", "fr", "cdi", "contrat a duree indeterminee", "indetermine")
_add(
    "contract_type",
    "permanent",
    "nl",
    "onbepaalde tijd",
    "onbepaalde duur",
    "vast",
    "vast contract",
    "contract van onbepaalde duur",
    "contract voor onbepaalde tijd",
)
_add("contract_type", "permanent", "en", "permanent", "indefinite", "open-ended", "regular")
_add("contract_type", "fixed_term", "fr", "cdd", "contrat a duree determinee", "determine")
_add(
    "contract_type",
    "fixed_term",
    "nl",
    "bepaalde tijd",
    "bepaalde duur",
    "tijdelijk",
    "contract van bepaalde duur",
    "contract voor bepaalde tijd",
)
_add("contract_type", "fixed_term", "en", "fixed term", "fixed-term", "temporary contract")
_add("contract_type", "temporary", "fr", "interim", "interimaire", "travail temporaire")
_add(
    "contract_type",
    "temporary",
    "nl",
    "uitzendkracht",
    "uitzend",
    "uitzendarbeid",
    "uitzendkracht interim",
)
_add("contract_type", "temporary", "en", "agency", "agency worker", "temp", "contractor")
_add(
    "contract_type",
    "apprentice",
    "fr",
    "apprentissage",
    "apprenti",
    "alternance",
    "contrat d apprentissage",
    "contrat de professionnalisation",
)
_add("contract_type", "apprentice", "nl", "leerling", "bbl", "leercontract")
_add("contract_type", "apprentice", "en", "apprentice", "apprenticeship")
_add("contract_type", "intern", "fr", "stage", "stagiaire")
_add("contract_type", "intern", "nl", "stagiair", "stage")
_add("contract_type", "intern", "en", "intern", "internship", "trainee")
_add("contract_type", "other", "", "other", "autre", "overig", "anders")
for _code in ("permanent", "fixed_term", "temporary", "apprentice", "intern", "other"):
    _add("contract_type", _code, "", _code)

_add("gender", "male", "", "m", "1", "h")
_add("gender", "male", "en", "male", "man")
_add("gender", "male", "nl", "man", "mannelijk")
_add("gender", "male", "fr", "homme", "masculin")
_add("gender", "female", "", "f", "v", "2")
_add("gender", "female", "en", "female", "woman")
_add("gender", "female", "nl", "vrouw", "vrouwelijk")
_add("gender", "female", "fr", "femme", "feminin")

_add("status", "active", "", "1", "a")
_add("status", "active", "en", "active", "employed", "yes", "onboarding", "leave", "on leave")
_add("status", "active", "nl", "actief", "in dienst", "ja")
_add("status", "active", "fr", "actif", "active", "present", "oui")
_add("status", "inactive", "", "0", "i")
_add("status", "inactive", "en", "inactive", "terminated", "left", "no")
_add("status", "inactive", "nl", "inactief", "uit dienst", "nee")
_add("status", "inactive", "fr", "inactif", "inactive", "sorti", "non")

_add("boolean", "true", "", "1", "x", "true")
_add("boolean", "true", "en", "yes", "y")
_add("boolean", "true", "nl", "ja", "j", "waar")
_add("boolean", "true", "fr", "oui", "o", "vrai")
_add("boolean", "false", "", "0", "false")
_add("boolean", "false", "en", "no", "n")
_add("boolean", "false", "nl", "nee", "onwaar")
_add("boolean", "false", "fr", "non", "faux")

_add("employment_type", "temporary", "en", "external", "agency")
_add("employment_type", "temporary", "nl", "extern", "uitzendkracht")
_add("employment_type", "temporary", "fr", "externe", "interimaire")
_add("employment_type", "", "en", "internal")
_add("employment_type", "", "nl", "intern")
_add("employment_type", "", "fr", "interne")

_add("language", "nl", "", "nl", "nl-nl", "nl-be", "nl_nl", "nl_be", "nld", "dut")
_add("language", "nl", "en", "dutch", "flemish")
_add("language", "nl", "nl", "nederlands", "vlaams")
_add("language", "nl", "fr", "neerlandais", "flamand")
_add("language", "fr", "", "fr", "fr-fr", "fr-be", "fr_fr", "fr_be", "fra", "fre")
_add("language", "fr", "en", "french")
_add("language", "fr", "nl", "frans")
_add("language", "fr", "fr", "francais")
_add("language", "en", "", "en", "en-gb", "en-us", "en_gb", "en_us", "eng")
_add("language", "en", "en", "english")
_add("language", "en", "nl", "engels")
_add("language", "en", "fr", "anglais")

# Half-day flags: "start" = the absence starts at noon, "end" = it ends at noon.
_add("half_day", "pm", "", "pm", "apres midi", "après-midi", "middag", "namiddag", "afternoon")
_add("half_day", "am", "", "am", "matin", "ochtend", "voormiddag", "morning")

_add(
    "leave_kind",
    "vacation",
    "nl",
    "vakantie",
    "verlof",
    "vakantieverlof",
    "jaarlijkse vakantie",
    "wettelijk verlof",
    "bovenwettelijk verlof",
    "vakantiedagen",
)
_add("leave_kind", "vacation", "fr", "conges payes", "conge paye", "cp", "conges", "vacances")
_add("leave_kind", "vacation", "en", "vacation", "holiday", "annual leave", "paid leave", "pto")
_add("leave_kind", "sick", "nl", "ziekte", "ziek", "ziekteverzuim", "ziekmelding", "verzuim")
_add("leave_kind", "sick", "fr", "maladie", "arret maladie", "conge maladie")
_add("leave_kind", "sick", "en", "sick", "sick leave", "sickness", "illness")
_add(
    "leave_kind",
    "maternity",
    "nl",
    "zwangerschapsverlof",
    "bevallingsverlof",
    "moederschapsrust",
    "zwangerschaps en bevallingsverlof",
)
_add("leave_kind", "maternity", "fr", "conge maternite", "maternite")
_add("leave_kind", "maternity", "en", "maternity", "maternity leave")
_add("leave_kind", "parental", "nl", "ouderschapsverlof", "geboorteverlof", "vaderschapsverlof")
_add("leave_kind", "parental", "fr", "conge parental", "conge paternite", "paternite")
_add("leave_kind", "parental", "en", "parental leave", "paternity leave", "parental")
_add("leave_kind", "long_illness", "fr", "longue maladie", "maladie longue duree")
_add("leave_kind", "long_illness", "nl", "langdurig ziek", "langdurige ziekte")
_add("leave_kind", "long_illness", "en", "long term illness", "long-term illness")
_add("leave_kind", "unpaid", "nl", "onbetaald verlof")
_add("leave_kind", "unpaid", "fr", "conge sans solde", "sans solde")
_add("leave_kind", "unpaid", "en", "unpaid leave", "unpaid")
_add(
    "leave_kind", "sabbatical", "", "sabbatical", "sabbatique", "conge sabbatique", "sabbatsverlof"
)
_add("leave_kind", "caregiver", "nl", "zorgverlof", "mantelzorgverlof", "langdurend zorgverlof")
_add("leave_kind", "caregiver", "fr", "conge proche aidant", "proche aidant")
_add("leave_kind", "caregiver", "en", "caregiver leave", "carer's leave")
_add(
    "leave_kind",
    "other",
    "nl",
    "bijzonder verlof",
    "adv",
    "kort verzuim",
    "calamiteitenverlof",
    "dokter tandarts",
    "doktersbezoek",
    "klein verlet",
)
_add("leave_kind", "other", "fr", "rtt", "absence autorisee", "evenement familial", "formation")
_add("leave_kind", "other", "en", "other", "special leave", "training")


def vocabulary_kinds() -> None:
    """The leave kinds themselves, by code and English label."""
    from parcours.organisation.choices import LeaveKind

    for value, label in LeaveKind.choices:
        _add("leave_kind", value, "", value, str(label))


vocabulary_kinds()


@dataclass
class EnumMatch:
    target: str | None
    issue: Issue | None = None
    native: bool = True


def match_value(raw: object, fieldname: str, *, aliases: dict | None, language: str) -> EnumMatch:
    """Map a coded value: the profile's own aliases first (no comment), then the bilingual
    vocabulary (a warning when the value is in another language than the export)."""
    text = clean_text(raw)
    key = fold_loose(text)
    if aliases:
        folded = {fold_loose(alias): target for alias, target in aliases.items()}
        if key in folded:
            return EnumMatch(folded[key])
    table = VOCABULARY.get(fieldname, {})
    if key in table:
        target, alias_language = table[key]
        if alias_language and language and alias_language != language:
            return EnumMatch(
                target,
                Issue(
                    "ENUM_ALIAS",
                    {
                        "language": LANGUAGE_NAMES.get(alias_language, alias_language),
                        "file_language": LANGUAGE_NAMES.get(language, language),
                        "target": target,
                    },
                ),
                native=False,
            )
        return EnumMatch(target)
    # 'Agency (uitzendkracht)': every word names the same value.
    words = key.split()
    if len(words) > 1:
        targets = {table[word][0] for word in words if word in table}
        if len(targets) == 1 and all(word in table for word in words):
            return EnumMatch(targets.pop())
    return EnumMatch(None)
