"""Mapping profiles: how the export of one HR or payroll system reads.

A profile is plain JSON (the built-in ones below, or a `MappingProfile` saved by HR):
column captions per field, the declared date format, the key that identifies a person,
how a line manager is referenced and what "no manager" looks like, value aliases, and the
system's absence codes mapped onto the leave kinds. The layouts are those of
docs/imports.md and of hris-import.md sections 1-5.
"""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from parcours.imports.text import header_key
from parcours.imports.values import DATE_FORMATS
from parcours.organisation.choices import LeaveKind

EMPLOYEE_FIELDS = [
    "employee_number",
    "external_id",
    "login",
    "email",
    "first_name",
    "given_names",
    "initials",
    "middle_name",
    "last_name",
    "name_prefix",
    "legal_entity",
    "site",
    "department",
    "team",
    "position",
    "manager",
    "manager_entity",
    "category",
    "hire_date",
    "leaving_date",
    "contract_type",
    "employment_type",
    "working_time",
    "working_time_unit",
    "regime",
    "language",
    "legal_language",
    "status",
    "birth_date",
    "gender",
    "phone",
    "employment_seq",
    "debtor",
    "national_id",
    "bank_account",
    "joint_committee",
]
LEAVE_FIELDS = [
    "employee",
    "employee_number",
    "email",
    "legal_entity",
    "last_name",
    "first_name",
    "absence_type",
    "start_date",
    "end_date",
    "return_date",
    "start_time",
    "end_time",
    "half_day_start",
    "half_day_end",
    "hours",
    "approved",
    "note",
    "event",
    "recovery_date",
    "recovery_pct",
]
# Never stored (rule 15): national identifiers and bank accounts.
PII_FIELDS = ("national_id", "bank_account")
MANAGER_REFS = ("key", "employee_number", "email", "login", "external_id", "name")

GENERIC_EMPLOYEE_COLUMNS = {
    "employee_number": [
        "Employee number",
        "Employee ID",
        "Employee no",
        "Personnel number",
        "Payroll number",
        "EMPID",
        "ID",
        "Personeelsnummer",
        "Persnr",
        "Werknemersnummer",
        "Medewerker",
        "Medewerkernummer",
        "Intern nummer",
        "Matricule",
        "N° salarié",
        "Numéro de salarié",
        "employeenumber",
        "Numéro de matricule",
    ],
    "external_id": ["User ID", "USERID"],
    "login": ["Login", "Username", "Gebruikersnaam", "Identifiant"],
    "first_name": [
        "First name",
        "Given name",
        "FIRSTNAME",
        "Voornaam",
        "Roepnaam",
        "Prénom",
        "firstName",
    ],
    "given_names": ["Voornamen", "Given names", "Prénoms"],
    "initials": ["Voorletters", "Initials", "Initiales"],
    "last_name": [
        "Last name",
        "Surname",
        "Family name",
        "LASTNAME",
        "Achternaam",
        "Naam",
        "Geslachtsnaam",
        "Nom",
        "Nom de famille",
        "Nom d'usage",
        "lastName",
    ],
    "name_prefix": ["Voorvoegsels", "Voorvoegsel", "Tussenvoegsel", "Tussenvoegsels", "Prefix"],
    "email": [
        "Email",
        "E-mail",
        "Work email",
        "E-mailadres",
        "EmailWerk",
        "Mail",
        "E-mail professionnel",
        "Adresse e-mail",
        "Courriel",
    ],
    "legal_entity": [
        "Company",
        "Subcompany",
        "Legal entity",
        "Werkgever",
        "Bedrijf",
        "Société",
        "legalEntity",
        "Entité juridique",
        "Employer",
    ],
    "site": [
        "Office",
        "Location",
        "Site",
        "Vestiging",
        "Locatie",
        "Établissement",
        "Plant",
        "Usine",
        "Site code",
    ],
    "department": [
        "Department",
        "Afdeling",
        "Organisatorische eenheid",
        "Kostenplaats",
        "Service",
        "Département",
    ],
    "team": ["Team", "Shift", "Ploeg", "Équipe"],
    "manager": [
        "Manager",
        "Supervisor",
        "Line manager",
        "Leidinggevende",
        "Verantwoordelijke",
        "Responsable hiérarchique",
        "Responsable",
        "N+1",
        "Manager employee number",
    ],
    "manager_entity": ["Manager company", "Manager legal entity"],
    "position": [
        "Position",
        "Job title",
        "Title",
        "Job",
        "Functie",
        "Poste",
        "Emploi",
        "Intitulé de poste",
        "Fonction",
    ],
    "category": [
        "Category",
        "Employee category",
        "Employee class",
        "Statuut",
        "Personeelscategorie",
        "Statut",
        "Catégorie",
    ],
    "hire_date": [
        "Hire date",
        "Start date",
        "Datum in dienst",
        "Indienstdatum",
        "In dienst sinds",
        "Date d'entrée",
        "Date d'embauche",
        "dtContractStart",
    ],
    "leaving_date": [
        "Leaving date",
        "Termination date",
        "Contract end date",
        "End date",
        "Datum uit dienst",
        "Uitdienstdatum",
        "Einddatum contract",
        "Date de sortie",
        "Date de fin de contrat",
    ],
    "contract_type": [
        "Contract type",
        "Contract",
        "Soort contract",
        "CodeBepTd",
        "Type de contrat",
        "contractType",
    ],
    "employment_type": ["Employment type"],
    "working_time": [
        "Working time",
        "Weekly working hours",
        "Weekly hours",
        "Hours per week",
        "Standard hours",
        "FTE",
        "Uren per week",
        "Parttime %",
        "Deeltijd %",
        "Durée du travail",
        "Temps de travail",
        "Horaire hebdomadaire",
        "Taux d'activité",
        "Forfait jours",
        "workingTime",
    ],
    "working_time_unit": ["Working time unit"],
    "regime": ["Arbeidsregime", "Regime"],
    "language": ["Language", "Preferred language", "Locale", "Taal", "Langue", "culture"],
    "status": ["Status", "Active", "Actief", "Actif"],
    "birth_date": ["Birth date", "Date of birth", "Geboortedatum", "Date de naissance", "dtBirth"],
    "gender": ["Gender", "Geslacht", "Sexe", "Genre"],
    "phone": ["Phone", "Telephone", "Telefoon", "Téléphone", "Mobile"],
    "national_id": [
        "INSZ",
        "INSZ-nummer",
        "Rijksregisternummer",
        "NISS",
        "BSN",
        "Sofinummer",
        "NIR",
        "Numéro de sécurité sociale",
        "National ID",
        "SSN",
    ],
    "bank_account": [
        "IBAN",
        "Bank account",
        "Bankrekeningnummer",
        "Binnenlands bankrekeningnummer",
        "RIB",
    ],
}
GENERIC_LEAVE_COLUMNS = {
    "employee_number": [
        "Employee number",
        "Employee ID",
        "Personnel number",
        "EMPID",
        "ID",
        "Personeelsnummer",
        "Persnr",
        "Werknemersnummer",
        "Intern nummer",
        "Medewerker",
        "Matricule",
        "employeeNumber",
        "N° salarié",
    ],
    "email": ["Email", "E-mail", "Employee email", "Employee's email address", "Mail"],
    "legal_entity": ["Company", "Legal entity", "legalEntity", "Werkgever", "Société"],
    "last_name": ["Last name", "Achternaam", "Naam", "Nom", "lastName"],
    "first_name": ["First name", "Voornaam", "Prénom", "firstName"],
    "absence_type": [
        "Absence type",
        "Time off type",
        "Leave type",
        "Kind",
        "Type",
        "Verlofsoort",
        "Soort verlof",
        "Soort verzuim",
        "Type d'absence",
        "Motif d'absence",
        "Motif",
        "Compte",
        "accountID",
    ],
    "start_date": [
        "Start date",
        "First day",
        "From",
        "Begindatum",
        "Startdatum",
        "Van",
        "Eerste dag",
        "Date de début",
        "startDate",
        "Du",
    ],
    "end_date": [
        "End date",
        "Last day",
        "To",
        "Until",
        "Einddatum",
        "Tot",
        "Laatste dag",
        "Date de fin",
        "endDate",
        "Au",
    ],
    "return_date": ["Return date", "Actual return date", "Datum terug", "Date de retour"],
    "start_time": ["Start time", "Begintijd", "Heure de début"],
    "end_time": ["End time", "Eindtijd", "Heure de fin"],
    "half_day_start": [
        "Half day first day",
        "Half day start",
        "Half day",
        "Halve dag",
        "Halve dag begin",
        "Demi-journée",
        "Demi-journée début",
        "flagStartDate",
    ],
    "half_day_end": [
        "Half day last day",
        "Half day end",
        "Halve dag einde",
        "Demi-journée fin",
        "flagEndDate",
    ],
    "hours": ["Hours", "Number of hours", "nbHours", "Uren", "Aantal uren", "Nombre d'heures"],
    "approved": ["Approved", "isApproved", "Goedgekeurd", "Approuvé", "Validé"],
    "note": ["Note", "Comment", "Opmerking", "Commentaire"],
}

_STANDARD_KINDS = {value: value for value in LeaveKind.values}

BUILTIN_PROFILES: dict[str, dict[str, Any]] = {
    "generic": {
        "label": "Generic (column names in Dutch, French or English)",
        "language": "",
        "date_formats": ["YYYY-MM-DD", "DD/MM/YYYY", "DD-MM-YYYY", "DD.MM.YYYY"],
        "decimal_separator": ",",
        "working_time_unit": "hours_week",
        "header_rows": 1,
        "values": {},
        "employees": {
            "sheets": [],
            "columns": GENERIC_EMPLOYEE_COLUMNS,
            # Payroll numbers are unique per employer: with a company column, both.
            "key": ["legal_entity", "employee_number"],
            "key_alternatives": [["employee_number"]],
            "manager": {
                "refs": ["employee_number", "email", "name"],
                "no_manager": ["", "-", "none", "no_manager", "no_mgr"],
                "self": "error",
            },
        },
        "leaves": {
            "sheets": [],
            "columns": GENERIC_LEAVE_COLUMNS,
            "employee_ref": "employee_number",
            "absence_types": _STANDARD_KINDS,
            "standard_absence_names": True,
            "half_day": "flag",
        },
    },
    "personio": {
        "label": "Personio (employee data and time off, XLSX)",
        "language": "en",
        "date_formats": ["YYYY-MM-DD"],
        "decimal_separator": ".",
        "working_time_unit": "hours_week",
        "header_rows": 1,
        "values": {
            "contract_type": {"Agency (uitzendkracht)": "temporary"},
            "category": {"Blue collar": "operator", "White collar": "staff"},
        },
        "employees": {
            "sheets": ["Employees", "Employee data", "Mitarbeiter"],
            "columns": {
                "employee_number": ["ID", "Employee ID"],
                "first_name": ["First name"],
                "last_name": ["Last name"],
                "email": ["Email"],
                "gender": ["Gender"],
                "status": ["Status"],
                "position": ["Position"],
                "legal_entity": ["Subcompany"],
                "site": ["Office"],
                "department": ["Department"],
                "team": ["Team"],
                "manager": ["Supervisor"],
                "hire_date": ["Hire date"],
                "leaving_date": ["Contract end date", "Termination date"],
                "employment_type": ["Employment type"],
                "working_time": ["Weekly working hours"],
                "contract_type": ["Contract type"],
                "category": ["Employee category"],
                "language": ["Preferred language"],
            },
            "key": ["email"],
            "manager": {"refs": ["email", "name"], "no_manager": [""], "self": "error"},
        },
        "leaves": {
            "sheets": ["Time off periods", "Time-off periods", "Absences"],
            "columns": {
                "email": ["Employee's email address", "Employee email", "Email"],
                "absence_type": ["Absence type", "Time off type"],
                "start_date": ["Start date"],
                "end_date": ["End date"],
                "start_time": ["Start time"],
                "end_time": ["End time"],
                "half_day_start": ["Half day first day", "Half day start"],
                "half_day_end": ["Half day last day", "Half day end"],
            },
            "employee_ref": "email",
            "absence_types": {
                "Vakantie": "vacation",
                "Ziekte": "sick",
                "ADV": "other",
                "Bijzonder verlof": "other",
                "Dokter/tandarts": "other",
            },
            "absence_types_case_sensitive": True,
            "standard_absence_names": False,
            "half_day": "flag",
            "half_day_values": {"1": True, "": False},
        },
    },
    "sap-successfactors": {
        "label": "SAP SuccessFactors basic import / user data file (CSV)",
        "language": "en",
        "date_formats": ["MM/DD/YYYY"],
        "decimal_separator": ".",
        "working_time_unit": "hours_week",
        "header_rows": 2,
        "values": {
            "category": {"Manager": "manager", "White Collar": "staff", "Blue Collar": "operator"},
            "contract_type": {"Permanent": "permanent", "Fixed-term": "fixed_term"},
        },
        "employees": {
            "sheets": [],
            "columns": {
                "status": ["STATUS"],
                "external_id": ["USERID"],
                "login": ["USERNAME"],
                "first_name": ["FIRSTNAME"],
                "last_name": ["LASTNAME"],
                "middle_name": ["MI"],
                "gender": ["GENDER"],
                "email": ["EMAIL"],
                "manager": ["MANAGER"],
                "department": ["DEPARTMENT"],
                "site": ["LOCATION"],
                "hire_date": ["HIREDATE"],
                "employee_number": ["EMPID"],
                "position": ["TITLE"],
                "language": ["DEFAULT_LOCALE"],
                "category": ["CUSTOM01"],
                "contract_type": ["CUSTOM02"],
                "working_time": ["CUSTOM03"],
            },
            "ignored_columns": ["HR", "JOBCODE", "DIVISION", "TIMEZONE", "COUNTRY"],
            "key": ["external_id"],
            "manager": {
                "refs": ["key"],
                "no_manager": ["NO_MANAGER", "NO_MGR", ""],
                "self": "error",
            },
        },
        "leaves": None,
    },
    "lucca": {
        "label": "Lucca (users and absences, CSV with semicolons)",
        "language": "fr",
        "date_formats": ["DD/MM/YYYY"],
        "decimal_separator": ",",
        "working_time_unit": "hours_week",
        "header_rows": 1,
        "values": {
            "category": {"Ouvrier": "operator", "ETAM": "staff", "Cadre": "manager"},
            "contract_type": {
                "CDI": "permanent",
                "CDD": "fixed_term",
                "Apprentissage": "apprentice",
            },
        },
        "employees": {
            "sheets": [],
            "columns": {
                "login": ["login"],
                "legal_entity": ["legalEntity"],
                "employee_number": ["employeenumber"],
                "first_name": ["firstName"],
                "last_name": ["lastName"],
                "email": ["mail"],
                "hire_date": ["dtContractStart"],
                "department": ["department"],
                "manager": ["manager"],
                "language": ["culture"],
                "birth_date": ["dtBirth"],
                "position": ["jobTitle"],
                "contract_type": ["contractType"],
                "category": ["category"],
                "working_time": ["workingTime"],
                "site": ["site", "establishment"],
            },
            "ignored_columns": ["rolePrincipal"],
            "key": ["login"],
            "key_alternatives": [["legal_entity", "employee_number"], ["email"]],
            "manager": {
                "refs": ["login", "email", "name"],
                "no_manager": [""],
                "self": "root",
            },
        },
        "leaves": {
            "sheets": [],
            "columns": {
                "legal_entity": ["legalEntity"],
                "employee_number": ["employeeNumber"],
                "last_name": ["lastName"],
                "first_name": ["firstName"],
                "absence_type": ["accountID"],
                "start_date": ["startDate"],
                "half_day_start": ["flagStartDate"],
                "end_date": ["endDate"],
                "half_day_end": ["flagEndDate"],
                "hours": ["nbHours"],
                "approved": ["isApproved"],
            },
            "employee_ref": "employee_number",
            "absence_types": {
                "1224": "vacation",
                "2025": "other",
                "61": "sick",
                "62": "sick",
                "71": "parental",
                "80": "other",
            },
            "absence_types_case_sensitive": False,
            "standard_absence_names": False,
            "half_day": "am_pm",
        },
    },
    "nmbrs": {
        "label": "Visma Nmbrs import sheet, tab Werknemers (XLSX)",
        "language": "nl",
        "date_formats": ["DD-MM-YYYY"],
        "decimal_separator": ",",
        "working_time_unit": "hours_week",
        "header_rows": 1,
        "values": {
            "contract_type": {"1": "permanent", "2": "fixed_term"},
            "gender": {"1": "male", "2": "female"},
        },
        "employees": {
            "sheets": ["Werknemers"],
            "columns": {
                "debtor": ["Debiteurnr"],
                "legal_entity": ["Bedrijfnr"],
                "employee_number": ["Persnr"],
                "last_name": ["Naam"],
                "initials": ["Voorletters"],
                "first_name": ["Roepnaam"],
                "given_names": ["Voornamen"],
                "name_prefix": ["Voorvoegsels"],
                "email": ["EmailWerk"],
                "gender": ["Geslacht"],
                "birth_date": ["Geboortedatum"],
                "hire_date": ["Indienstdatum"],
                "contract_type": ["CodeBepTd"],
                "employment_seq": ["VolgnrInverh"],
                "leaving_date": ["Uitdienstdatum"],
                "site": ["Vestiging"],
                "department": ["Afdeling"],
                "position": ["Functie"],
                "manager": ["Leidinggevende"],
                "working_time": ["UrenPerWeek"],
                "language": ["Taal"],
                "national_id": ["BSN", "Sofinummer"],
                "bank_account": ["IBAN", "Bankrekening"],
            },
            "key": ["debtor", "legal_entity", "employee_number"],
            "template_columns": ["debtor", "legal_entity"],
            "manager": {"refs": ["employee_number"], "no_manager": [""], "self": "error"},
        },
        "leaves": None,
    },
    "visma-verzuim": {
        "label": "Visma Verzuim sickness events",
        "language": "nl",
        "date_formats": ["DD-MM-YYYY", "DD/MM/YYYY"],
        "decimal_separator": ",",
        "working_time_unit": "hours_week",
        "header_rows": 1,
        "values": {},
        "employees": None,
        "leaves": {
            "sheets": [],
            "columns": {
                "employee_number": ["Intern nummer", "Personeelsnummer"],
                "last_name": ["Achternaam"],
                "start_date": ["Eerste ziektedag"],
                "event": ["Soort melding"],
                "recovery_date": ["Datum hersteld"],
                "recovery_pct": ["Percentage hersteld"],
            },
            "employee_ref": "employee_number",
            "events": True,
            "absence_types": {},
            "standard_absence_names": False,
            "half_day": "flag",
        },
    },
    "sdworx": {
        "label": "SD Worx employee master data (CSV, Windows-1252)",
        "language": "nl",
        "date_formats": ["DD/MM/YYYY", "DD-MM-YYYY"],
        "decimal_separator": ",",
        "working_time_unit": "hours_week",
        "header_rows": 1,
        "values": {
            "category": {"Arbeider": "operator", "Bediende": "staff"},
            "contract_type": {"Onbepaalde duur": "permanent", "Bepaalde duur": "fixed_term"},
        },
        "employees": {
            "sheets": [],
            "columns": {
                "national_id": ["INSZ-nummer", "INSZ"],
                "last_name": ["Naam werknemer: Achternaam"],
                "first_name": ["Naam werknemer: Voornaam"],
                "birth_date": ["Geboortedatum"],
                "gender": ["Geslacht (Oms)"],
                "bank_account": ["Binnenlands bankrekeningnummer", "IBAN"],
                "employee_number": ["Werknemersnummer"],
                "legal_entity": ["Werkgever"],
                "site": ["Vestiging"],
                "department": ["Afdeling"],
                "position": ["Functie"],
                "category": ["Statuut (Oms)", "Statuut"],
                "joint_committee": ["Paritair comité"],
                "contract_type": ["Soort contract (Oms)", "Soort contract"],
                "hire_date": ["Datum in dienst"],
                "leaving_date": ["Datum uit dienst"],
                "regime": ["Arbeidsregime (Oms)"],
                "working_time": ["Uren per week"],
                "legal_language": ["Taal"],
                "manager": ["Verantwoordelijke (werknemersnummer)", "Verantwoordelijke"],
            },
            "ignored_columns": [
                "Naam echtgenote (oot)",
                "Geboorteplaats",
                "Geboorteland (Oms)",
                "Burgerlijke staat (Oms)",
                "Nationaliteit (Oms)",
                "Identiteitsbewijs",
            ],
            "key": ["employee_number"],
            "id_width": 5,
            "manager": {"refs": ["employee_number"], "no_manager": [""], "self": "error"},
        },
        "leaves": None,
    },
}
BUILTIN_NAMES = list(BUILTIN_PROFILES)


def builtin_profile(name: str) -> dict[str, Any]:
    profile = copy.deepcopy(BUILTIN_PROFILES[name])
    profile["name"] = name
    profile["builtin"] = True
    return profile


def section(profile: dict[str, Any], kind: str) -> dict[str, Any] | None:
    return profile.get(kind) or None


def match_header(header: list[str], columns: dict[str, list[str]]) -> dict[int, str]:
    """Column index -> field, matching captions case-, accent- and punctuation-blind."""
    wanted: dict[str, str] = {}
    for fieldname, aliases in columns.items():
        for alias in aliases:
            wanted.setdefault(header_key(alias), fieldname)
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, caption in enumerate(header):
        fieldname = wanted.get(header_key(caption))
        if fieldname and fieldname not in taken:
            mapping[index] = fieldname
            taken.add(fieldname)
    return mapping


def header_score(header: list[str], columns: dict[str, list[str]]) -> tuple[int, float]:
    """How well a row reads as this layout's header: fields found, share of captions known."""
    captions = [caption for caption in header if str(caption or "").strip()]
    if not captions:
        return 0, 0.0
    mapping = match_header(header, columns)
    return len(mapping), len(mapping) / len(captions)


def validate_profile(config: dict[str, Any]) -> dict[str, Any]:
    """Check a profile edited by HR; raise ValidationError with messages a person can fix."""
    errors: list[str] = []
    if not isinstance(config, dict):
        raise ValidationError(_("The profile must be a JSON object."))
    formats = config.get("date_formats")
    if not isinstance(formats, list) or not formats:
        errors.append(_("date_formats must be a non-empty list."))
    else:
        for name in formats:
            if name not in DATE_FORMATS:
                errors.append(
                    _("Unknown date format %(format)s (use one of %(formats)s).")
                    % {"format": name, "formats": ", ".join(DATE_FORMATS)}
                )
    if config.get("decimal_separator", ".") not in (".", ","):
        errors.append(_("decimal_separator must be '.' or ','."))
    if config.get("working_time_unit", "hours_week") not in (
        "hours_week",
        "hours_month",
        "percent",
        "fte",
        "days_year",
    ):
        errors.append(_("working_time_unit is not a known unit."))
    if not config.get("employees") and not config.get("leaves"):
        errors.append(_("The profile needs an 'employees' or a 'leaves' section."))
    for kind, fields in (("employees", EMPLOYEE_FIELDS), ("leaves", LEAVE_FIELDS)):
        part = config.get(kind)
        if not part:
            continue
        columns = part.get("columns")
        if not isinstance(columns, dict) or not columns:
            errors.append(_("%(kind)s.columns must map fields to column names.") % {"kind": kind})
            continue
        for fieldname, aliases in columns.items():
            if fieldname not in fields:
                errors.append(
                    _("%(kind)s: unknown field '%(field)s'.") % {"kind": kind, "field": fieldname}
                )
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                errors.append(
                    _("%(kind)s: the columns of '%(field)s' must be a list of names.")
                    % {"kind": kind, "field": fieldname}
                )
        if kind == "employees":
            for fieldname in part.get("key") or []:
                if fieldname not in columns:
                    errors.append(
                        _("The key field '%(field)s' has no column.") % {"field": fieldname}
                    )
            manager = part.get("manager") or {}
            for ref in manager.get("refs", []):
                if ref not in MANAGER_REFS:
                    errors.append(_("Unknown manager reference '%(ref)s'.") % {"ref": ref})
            if manager.get("self", "error") not in ("error", "root"):
                errors.append(_("manager.self must be 'error' or 'root'."))
        else:
            for code, kind_value in (part.get("absence_types") or {}).items():
                if kind_value not in LeaveKind.values:
                    errors.append(
                        _("Absence type '%(code)s' maps to an unknown leave kind '%(kind)s'.")
                        % {"code": code, "kind": kind_value}
                    )
    if errors:
        raise ValidationError(errors)
    return config
