"""Test exports of the layouts without a sample file (hris-import.md sections 3-5 and the
generic layout), each with the traps its section describes. Generated here with csv and
openpyxl so that every trap sits on a known line."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import openpyxl

# ----------------------------------------------------------------------------- SD Worx

SDWORX_HEADER = [
    "INSZ-nummer",
    "Naam werknemer: Achternaam",
    "Naam werknemer: Voornaam",
    "Naam echtgenote (oot)",
    "Geboortedatum",
    "Geboorteplaats",
    "Geboorteland (Oms)",
    "Geslacht (Oms)",
    "Burgerlijke staat (Oms)",
    "Nationaliteit (Oms)",
    "Identiteitsbewijs",
    "Binnenlands bankrekeningnummer",
    "Werknemersnummer",
    "Werkgever",
    "Vestiging",
    "Afdeling",
    "Functie",
    "Statuut (Oms)",
    "Paritair comité",
    "Soort contract (Oms)",
    "Datum in dienst",
    "Datum uit dienst",
    "Arbeidsregime (Oms)",
    "Uren per week",
    "Taal",
    "Verantwoordelijke (werknemersnummer)",
]

# line: (number, last, first, site, department, job, statute, hired, left, manager)
# Lines 2-40; the traps are where hris-import.md section 5 puts them.
SDWORX_PEOPLE = {
    2: (
        "00201",
        "Vandenbroucke",
        "Geert",
        "Genk",
        "Directie",
        "Plant manager",
        "Bediende",
        "01/09/1998",
        "",
        "",
    ),
    3: (
        "00205",
        "Lambert",
        "Renée",
        "Herstal",
        "Direction",
        "Directeur de site",
        "Bediende",
        "15/03/2001",
        "",
        "00201",
    ),
    4: (
        "00210",
        "Peeters",
        "Chloë",
        "Genk",
        "Productie",
        "Productiemanager",
        "Bediende",
        "02/05/2005",
        "",
        "00201",
    ),
    5: (
        "00215",
        "Dubois",
        "Anaïs",
        "Herstal",
        "Production",
        "Chef de production",
        "Bediende",
        "10/10/2010",
        "",
        "00205",
    ),
    6: (
        "00220",
        "Claes",
        "Jef",
        "Genk",
        "Onderhoud",
        "Hoofd onderhoud",
        "Bediende",
        "01/02/2003",
        "",
        "00201",
    ),
    7: (
        "00225",
        "Maes",
        "Lien",
        "Genk",
        "Logistiek",
        "Hoofd logistiek",
        "Bediende",
        "18/06/2012",
        "",
        "00201",
    ),
    8: (
        "00228",
        "Jacobs",
        "Sven",
        "Genk",
        "Kwaliteit",
        "Kwaliteitsmanager",
        "Bediende",
        "04/04/2016",
        "",
        "00201",
    ),
    9: (
        "00230",
        "Krawczyk",
        "Bartłomiej",
        "Genk",
        "Productie",
        "Ploegbaas",
        "Arbeider",
        "12/01/2009",
        "28/02/2025",
        "00210",
    ),
    10: (
        "00233",
        "Çetin",
        "Oğuz",
        "Genk",
        "Productie",
        "Operator",
        "Arbeider",
        "03/03/2014",
        "",
        "00230",
    ),
    11: (
        "00236",
        "Kozłowska",
        "Dorota",
        "Genk",
        "Productie",
        "Operator",
        "Arbeider",
        "21/08/2017",
        "",
        "00230",
    ),
    12: (
        "00239",
        "Dumitrașcu",
        "Ștefan",
        "Genk",
        "Productie",
        "Operator",
        "Arbeider",
        "9/07/2006",
        "",
        "00230",
    ),
    13: (
        "00242",
        "Radu",
        "Ionuț",
        "Genk",
        "Productie",
        "Operator",
        "Arbeider",
        "14/11/2019",
        "",
        "00210",
    ),
    14: (
        "00245",
        "Wouters",
        "Koen",
        "Genk",
        "Productie",
        "Operator",
        "Arbeider",
        "31/04/2023",
        "",
        "00210",
    ),
    15: (
        "00248",
        "Yılmaz",
        "Mehmet",
        "Genk",
        "Productie",
        "Operator",
        "Arbeider",
        "05/05/2015",
        "",
        "00210",
    ),
    16: (
        "00251",
        "Doğan",
        "Şükrü",
        "Genk",
        "Onderhoud",
        "Technicus",
        "Arbeider",
        "22/02/2011",
        "",
        "00220",
    ),
    17: (
        "00254",
        "Goossens",
        "Ellen",
        "Genk",
        "Onderhoud",
        "Technicus",
        "Arbeider",
        "17/09/2018",
        "",
        "00220",
    ),
    18: (
        "00257",
        "Vermeulen",
        "Stijn",
        "Genk",
        "Onderhoud",
        "Technicus",
        "Arbeider",
        "05/01/2004",
        "06/12/2003",
        "00220",
    ),
    19: (
        "00260",
        "Janssens",
        "Hanne",
        "Genk",
        "Logistiek",
        "Heftruckchauffeur",
        "Arbeider",
        "13/10/2013",
        "",
        "00225",
    ),
    20: (
        "00263",
        "Martens",
        "Wout",
        "Genk",
        "Logistiek",
        "Heftruckchauffeur",
        "Arbeider",
        "08/08/2008",
        "",
        "00225",
    ),
    21: (
        "00266",
        "Popa",
        "Mădălina",
        "Genk",
        "Logistiek",
        "Magazijnier",
        "Arbeider",
        "26/01/2021",
        "",
        "00225",
    ),
    22: (
        "00269",
        "Hermans",
        "Tom",
        "Genk",
        "Logistiek",
        "Magazijnier",
        "Arbeider",
        "19/12/2016",
        "",
        "00225",
    ),
    23: (
        "00272",
        "Willems",
        "Bart",
        "Genk",
        "Logistiek",
        "Heftruckchauffeur; nachtploeg",
        "Arbeider",
        "11/04/2012",
        "",
        "00225",
    ),
    24: (
        "00275",
        "Kaya",
        "İsmail",
        "Genk",
        "Kwaliteit",
        "Controleur",
        "Arbeider",
        "30/06/2020",
        "",
        "00228",
    ),
    25: (
        "00278",
        "Lemmens",
        "Joke",
        "Genk",
        "Kwaliteit",
        "Controleur",
        "Arbeider",
        "01/07/2019",
        "",
        "00228",
    ),
    26: (
        "00281",
        "Mertens",
        "Ruben",
        "Genk",
        "Kwaliteit",
        "Laborant",
        "Bediende",
        "15/02/2015",
        "",
        "00228",
    ),
    27: (
        "00283",
        "Renard",
        "Mélanie",
        "Herstal",
        "Production",
        "Opératrice",
        "Arbeider",
        "04/03/2013",
        "",
        "00215",
    ),
    28: (
        "00284",
        "Lejeune",
        "Benoît",
        "Herstal",
        "Production",
        "Opérateur",
        "Arbeider",
        "12/09/2016",
        "",
        "00215",
    ),
    29: (
        "00285",
        "Leclercq",
        "Sébastien",
        "Herstal",
        "Production",
        "Chef d'équipe",
        "Arbeider",
        "03/01/2007",
        "",
        "00215",
    ),
    30: (
        "00288",
        "Simon",
        "Aurélie",
        "Herstal",
        "Production",
        "Opératrice",
        "Arbeider",
        "20/05/2014",
        "",
        "00285",
    ),
    31: (
        "00291",
        "Lambert",
        "Hélène",
        "Herstal",
        "Production",
        "Opératrice",
        "Arbeider",
        "17/02/2018",
        "",
        "00285",
    ),
    32: (
        "00294",
        "Dupont",
        "Jérôme",
        "Herstal",
        "Production",
        "Opérateur",
        "Arbeider",
        "08/11/2010",
        "",
        "00285",
    ),
    33: (
        "00297",
        "Martin",
        "Cédric",
        "Herstal",
        "Production",
        "Opérateur",
        "Arbeider",
        "06/06/2022",
        "",
        "285",
    ),
    34: (
        "00300",
        "Collard",
        "Noémie",
        "Herstal",
        "Maintenance",
        "Technicienne",
        "Arbeider",
        "01/10/2009",
        "",
        "00205",
    ),
    35: (
        "00303",
        "Henrard",
        "Loïc",
        "Herstal",
        "Maintenance",
        "Technicien",
        "Arbeider",
        "14/04/2017",
        "",
        "00300",
    ),
    36: (
        "00304",
        "Nowak",
        "Paweł",
        "Herstal",
        "Maintenance",
        "Technicien",
        "Ouvrier",
        "02/02/2021",
        "",
        "00300",
    ),
    37: (
        "00305",
        "Gérard",
        "Zoë",
        "Herstal",
        "Logistique",
        "Cariste",
        "Arbeider",
        "23/03/2015",
        "31/12/2026",
        "00205",
    ),
    38: (
        "00307",
        "Thiry",
        "François",
        "Herstal",
        "Logistique",
        "Cariste",
        "Arbeider",
        "10/07/2012",
        "",
        "00310",
    ),
    39: (
        "00310",
        "Lecomte",
        "Gaëlle",
        "Herstal",
        "Logistique",
        "Responsable logistique",
        "Bediende",
        "25/08/2011",
        "",
        "00307",
    ),
    40: (
        "00313",
        "Pirard",
        "Maëlle",
        "Herstal",
        "Logistique",
        "Cariste",
        "Arbeider",
        "09/09/2019",
        "",
        "00205",
    ),
}


def _sdworx_cells(line: int) -> list[str]:
    number, last, first, site, dept, job, statute, hired, left, manager = SDWORX_PEOPLE[line]
    herstal = site == "Herstal"
    worker = statute in ("Arbeider", "Ouvrier")
    return [
        "XX.XX.XX-XXX.XX",
        last,
        first,
        "",
        f"{(line % 27) + 1:02d}/0{(line % 9) + 1}/{1960 + line % 35}",
        "Luik" if herstal else "Genk",
        "België",
        "Vrouw" if line % 2 else "Man",
        "Gehuwd" if line % 3 else "Ongehuwd",
        "Belg",
        "Elektronische identiteitskaart",
        "BE00 XXXX XXXX XXXX",
        number,
        "Metaalwerken Limburg NV",
        site,
        dept,
        job,
        statute,
        "111" if worker else "209",
        "Bepaalde duur" if left and line == 37 else "Onbepaalde duur",
        hired,
        left,
        "Deeltijds" if line in (17, 25) else "Voltijds",
        "30,40" if line in (17, 25) else "38,00",
        "Frans" if herstal else "Nederlands",
        manager,
    ]


def write_sdworx(path: Path) -> Path:
    """cp1252, ';', quotes only where Excel puts them (never around 'a; b')."""
    lines = [";".join(SDWORX_HEADER)]
    for line in range(2, 41):
        lines.append(";".join(_sdworx_cells(line)))
    lines += [";" * (len(SDWORX_HEADER) - 1)] * 4
    text = "\r\n".join(lines) + "\r\n"
    path.write_bytes(text.encode("cp1252", errors="replace"))
    return path


SDWORX_EXPECTED = [
    ("whole file", "info", "ENCODING_CP1252"),
    ("lines 9, 10, 11, 12, 13, 15, 16, 21, 24, 36", "warning", "ENCODING_LOSS"),
    ("lines 38 and 39", "error", "MANAGER_CYCLE"),
    ("line 23", "error", "EXTRA_COLUMNS"),
    ("line 14", "error", "INVALID_DATE"),
    ("line 18", "error", "END_BEFORE_START"),
    ("line 9 (reports on lines 10, 11, 12)", "warning", "MANAGER_INACTIVE"),
    ("line 33", "warning", "ID_LEADING_ZERO"),
    ("line 36", "warning", "ENUM_ALIAS"),
    ("e.g. line 12", "info", "UNPADDED_DATE"),
    ("lines 41-44", "info", "TRAILING_EMPTY_ROWS"),
    ("column A, L", "info", "PII_MASKED"),
]


# ----------------------------------------------------------------------------- Lucca

LUCCA_USERS_HEADER = [
    "login",
    "legalEntity",
    "employeenumber",
    "firstName",
    "lastName",
    "mail",
    "dtContractStart",
    "department",
    "manager",
    "rolePrincipal",
    "culture",
    "dtBirth",
    "jobTitle",
    "contractType",
    "category",
    "workingTime",
]
# Lines 2..: two establishments share the payroll number 0102.
LUCCA_USERS = [
    [
        "cmartin",
        "Forges de Lyon",
        "0001",
        "Claire",
        "MARTIN",
        "claire.martin@forges.example",
        "02/01/2008",
        "Direction",
        "cmartin",
        "Admin",
        "fr-FR",
        "12/03/1970",
        "Directrice",
        "CDI",
        "Cadre",
        "Forfait 218 jours",
    ],  # 2 self = root
    [
        "jpetit",
        "Forges de Lyon",
        "0102",
        "Julien",
        "PETIT",
        "julien.petit@forges.example",
        "15/09/2012",
        "Production",
        "Claire Martin",
        "",
        "fr-FR",
        "01/01/1980",
        "Chef d'atelier",
        "CDI",
        "ETAM",
        "35",
    ],  # 3 by name
    [
        "jpetit2",
        "Forges de Lens",
        "0102",
        "Julien",
        "PETIT",
        "julien.petit2@forges.example",
        "03/02/2015",
        "Production",
        "cmartin",
        "",
        "fr-FR",
        "04/05/1985",
        "Régleur",
        "CDI",
        "Ouvrier",
        "151,67",
    ],  # 4 same number
    [
        "sdurand",
        "Forges de Lyon",
        "0103",
        "Sophie",
        "DURAND",
        "sophie.durand@forges.example",
        "12/25/2019",
        "Production",
        "jpetit",
        "",
        "fr-FR",
        "02/02/1990",
        "Opératrice",
        "CDI",
        "Ouvrier",
        "35",
    ],  # 5 MM/DD
    [
        "kbenali",
        "Forges de Lyon",
        "0104",
        "Karim",
        "BENALI",
        "karim.benali@forges.example",
        "03/04/19",
        "Production",
        "Julien Petit",
        "",
        "fr-FR",
        "03/03/1992",
        "Opérateur",
        "CDD",
        "Ouvrier",
        "35",
    ],  # 6 2-digit, homonym
    [
        " mdupont ",
        "Forges de Lens",
        "0105",
        "Marc",
        "DUPONT",
        "marc.dupont@forges.example",
        "01/06/2021",
        "Maintenance",
        "jpetit2",
        "",
        "de-DE",
        "05/06/1988",
        "Technicien",
        "CDI",
        "ETAM",
        "80%",
    ],  # 7 key spaces
    [
        "lrobert",
        "Forges de Lens",
        "0106",
        "Léa",
        "ROBERT",
        "lea.robert@forges.example",
        "01/09/2023",
        "Production",
        "mdupont",
        "",
        "fr-FR",
        "06/07/2004",
        "Apprentie",
        "Apprentissage",
        "Ouvrier",
        "35",
    ],  # 8
]


def write_lucca_users(path: Path) -> Path:
    """Semicolons and a UTF-8 byte-order mark (Excel's 'CSV UTF-8')."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(LUCCA_USERS_HEADER)
    writer.writerows(LUCCA_USERS)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return path


LUCCA_USERS_EXPECTED = [
    ("line 1", "info", "BOM_IN_HEADER"),
    ("line 2", "info", "SELF_MANAGER_ROOT"),
    ("line 3", "info", "MANAGER_BY_NAME"),
    ("line 5", "error", "DATE_FORMAT_MISMATCH"),
    ("line 6", "error", "MANAGER_AMBIGUOUS"),
    ("line 7", "warning", "WHITESPACE_IN_KEY"),
    ("lines 2, 7", "info", "WORKING_TIME_FORMATS"),
    ("line 4", "warning", "WORKING_TIME_FORMATS"),
    ("e.g. line 2", "info", "LEADING_ZEROS"),
]

LUCCA_ABSENCES_HEADER = [
    "legalEntity",
    "employeeNumber",
    "lastName",
    "firstName",
    "accountID",
    "startDate",
    "flagStartDate",
    "endDate",
    "flagEndDate",
    "nbHours",
    "isApproved",
]
LUCCA_ABSENCES = [
    [
        "Forges de Lyon",
        "0102",
        "PETIT",
        "Julien",
        "1224",
        "06/01/2025",
        "AM",
        "10/01/2025",
        "PM",
        "",
        "oui",
    ],  # 2 the Lyon 0102
    ["", "0102", "PETIT", "Julien", "61", "13/01/2025", "AM", "14/01/2025", "PM", "", ""],
    [
        "Forges de Lens",
        "0102",
        "PETIT",
        "Julien",
        "99",
        "20/01/2025",
        "AM",
        "20/01/2025",
        "PM",
        "",
        "",
    ],  # 4 unknown account
    [
        "Forges de Lens",
        "0105",
        "DUPONT",
        "Marc",
        "80",
        "22/01/2025",
        "AM",
        "22/01/2025",
        "PM",
        "3,5",
        "",
    ],  # 5 hours
    [
        "Forges de Lens",
        "0105",
        "DUPONT",
        "Marc",
        "1224",
        "03/02/2025",
        "PM",
        "07/02/2025",
        "AM",
        "",
        "oui",
    ],  # 6 half days
    [
        "Forges de Lens",
        "0105",
        "DUPONT",
        "Marc",
        "2025",
        "05/02/2025",
        "AM",
        "05/02/2025",
        "PM",
        "",
        "",
    ],  # 7 overlaps 6
    [
        "Forges de Lens",
        "0106",
        "ROBERT",
        "Léa",
        "1224",
        "10/03/2025",
        "midi",
        "12/03/2025",
        "PM",
        "",
        "",
    ],  # 8 bad flag
    [
        "Forges de Lyon",
        "0001",
        "MARTIN",
        "Claire",
        "1224",
        "14/04/2025",
        "AM",
        "18/04/2025",
        "PM",
        "",
        "non",
    ],  # 9 not approved
    [
        "Forges de Lyon",
        "0001",
        "MARTIN",
        "Claire",
        "71",
        "20/05/2025",
        "AM",
        "15/05/2025",
        "PM",
        "",
        "",
    ],  # 10 end < start
    ["Forges de Lyon", "0001", "MARTIN", "Claire", "61", "26/05/2025", "AM", "", "", "", ""],
]


def write_lucca_absences(path: Path) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(LUCCA_ABSENCES_HEADER)
    writer.writerows(LUCCA_ABSENCES)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


LUCCA_ABSENCES_EXPECTED = [
    ("line 3", "error", "AMBIGUOUS_EMPLOYEE"),
    ("line 4", "error", "UNKNOWN_ABSENCE_TYPE"),
    ("line 5", "info", "HOURLY_ABSENCE"),
    ("lines 6 and 7", "warning", "ABSENCE_OVERLAP"),
    ("line 8", "error", "INVALID_BOOLEAN"),
    ("line 10", "error", "END_BEFORE_START"),
    ("line 11", "info", "OPEN_ENDED_ABSENCE"),
]


# ----------------------------------------------------------------------------- Nmbrs

NMBRS_HEADER = [
    "Debiteurnr",
    "Bedrijfnr",
    "Persnr",
    "Naam",
    "Voorletters",
    "Roepnaam",
    "Voornamen",
    "Voorvoegsels",
    "EmailWerk",
    "Geslacht",
    "Geboortedatum",
    "Indienstdatum",
    "CodeBepTd",
    "VolgnrInverh",
    "Uitdienstdatum",
    "Vestiging",
    "Afdeling",
    "Functie",
    "Leidinggevende",
    "UrenPerWeek",
    "Taal",
]


def write_nmbrs(path: Path) -> Path:
    """The Werknemers tab after an instructions tab; real date cells and text dates; an
    ID typed as text among numbers; a rehire; template rows pre-filled with constants."""
    workbook = openpyxl.Workbook()
    info = workbook.active
    info.title = "Instructies"
    info.append(["Vul per werknemer één regel in. Verwijder geen kolommen."])
    sheet = workbook.create_sheet("Werknemers")
    sheet.append(NMBRS_HEADER)
    rows = [
        # row 2: the director, no manager
        [
            4711,
            1,
            1,
            "Smit",
            "J.",
            "Jan",
            "Johannes",
            "",
            "j.smit@peel.example",
            1,
            datetime(1970, 5, 1),
            datetime(2001, 3, 1),
            1,
            1,
            None,
            "Helmond",
            "Directie",
            "Directeur",
            None,
            40,
            "NL",
        ],
        # row 3: Roepnaam differs from Voornamen
        [
            4711,
            1,
            2,
            "Linden",
            "A.J.",
            "Bram",
            "Abraham Johannes",
            "van der",
            "b.vanderlinden@peel.example",
            1,
            datetime(1980, 2, 2),
            "15-08-2010",
            1,
            1,
            None,
            "Helmond",
            "Productie",
            "Ploegleider",
            1,
            "38",
            "NL",
        ],
        # row 4: IJsbrand, initials IJ.
        [
            4711,
            1,
            3,
            "Bakker",
            "IJ.",
            "IJsbrand",
            "IJsbrand",
            "",
            "ij.bakker@peel.example",
            1,
            datetime(1985, 3, 3),
            datetime(2012, 1, 9),
            2,
            1,
            datetime(2027, 1, 8),
            "Helmond",
            "Productie",
            "Operator",
            2,
            "32,0",
            "NL",
        ],
        # row 5: number typed as text with a leading zero, among number cells
        [
            4711,
            1,
            "0042",
            "Jansen",
            "M.",
            "Mieke",
            "Maria",
            "",
            "m.jansen@peel.example",
            2,
            datetime(1990, 4, 4),
            datetime(2015, 6, 1),
            1,
            1,
            None,
            "Helmond",
            "Productie",
            "Operator",
            2,
            40,
            "NL",
        ],
        # rows 6 and 7: a rehire, two employments of Persnr 17
        [
            4711,
            1,
            17,
            "Visser",
            "P.",
            "Piet",
            "Pieter",
            "",
            "p.visser@peel.example",
            1,
            datetime(1975, 5, 5),
            datetime(2009, 4, 1),
            2,
            1,
            datetime(2014, 3, 31),
            "Helmond",
            "Logistiek",
            "Chauffeur",
            1,
            40,
            "NL",
        ],
        [
            4711,
            1,
            17,
            "Visser",
            "P.",
            "Piet",
            "Pieter",
            "",
            "p.visser@peel.example",
            1,
            datetime(1975, 5, 5),
            datetime(2019, 9, 1),
            1,
            2,
            None,
            "Helmond",
            "Logistiek",
            "Chauffeur",
            1,
            40,
            "NL",
        ],
        # row 8: names themself as manager
        [
            4711,
            1,
            21,
            "de Groot",
            "K.",
            "Kees",
            "Cornelis",
            "",
            "k.degroot@peel.example",
            1,
            datetime(1982, 6, 6),
            datetime(2016, 2, 1),
            1,
            1,
            None,
            "Helmond",
            "Onderhoud",
            "Monteur",
            21,
            40,
            "NL",
        ],
    ]
    for row in rows:
        sheet.append(row)
    for _ in range(5):  # template rows: only the constants filled in
        sheet.append([4711, 1])
    for cells in sheet.iter_rows(min_row=2, min_col=11, max_col=15):
        for cell in cells:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd-mm-yyyy"
    workbook.save(path)
    return path


NMBRS_EXPECTED = [
    ("workbook", "info", "SHEET_SELECTION"),
    ("row 3", "info", "DATE_AS_TEXT"),
    ("row 5", "warning", "MIXED_CELL_TYPES"),
    ("row 5", "info", "LEADING_ZEROS"),
    ("rows 6 and 7", "info", "REHIRE_TWO_EMPLOYMENTS"),
    ("row 8", "error", "SELF_MANAGER"),
    ("rows 9-13", "info", "TEMPLATE_ROWS"),
]


# ----------------------------------------------------------------------------- Verzuim

VERZUIM_HEADER = [
    "Intern nummer",
    "Achternaam",
    "Eerste ziektedag",
    "Soort melding",
    "Datum hersteld",
    "Percentage hersteld",
]
VERZUIM_ROWS = [
    ["1", "Smit", "06-01-2025", "Ziekmelding", "", ""],  # 2
    ["2", "van der Linden", "13-01-2025", "Ziekmelding", "", ""],  # 3
    ["1", "Smit", "06-01-2025", "Volledig herstel", "20-01-2025", "100"],  # 4
    ["2", "van der Linden", "13-01-2025", "Gedeeltelijk herstel", "27-01-2025", "50"],  # 5
    ["3", "Bakker", "03-02-2025", "Volledig herstel", "10-02-2025", "100"],  # 6 before its report
    ["3", "Bakker", "03-02-2025", "Ziekmelding", "", ""],  # 7
    ["0042", "Jansen", "10-03-2025", "Ziekmelding", "", ""],  # 8 still sick
    ["17", "Visser", "17-03-2025", "Volledig herstel", "24-03-2025", "100"],  # 9 no report
    ["999", "Onbekend", "17-03-2025", "Ziekmelding", "", ""],  # 10 unknown
]


def write_verzuim(path: Path) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(VERZUIM_HEADER)
    writer.writerows(VERZUIM_ROWS)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


VERZUIM_EXPECTED = [
    ("line 7", "warning", "OUT_OF_ORDER"),
    ("lines 3, 8", "info", "OPEN_ENDED_ABSENCE"),
    ("line 9", "error", "SICKNESS_NOT_FOUND"),
    ("line 10", "error", "EMPLOYEE_NOT_FOUND"),
]


# ----------------------------------------------------------------------------- generic

GENERIC_HEADER = [
    "Matricule",
    "Nom",
    "Prénom",
    "Mail",
    "Date d'entrée",
    "Date de sortie",
    "Site",
    "Service",
    "Équipe",
    "Poste",
    "Responsable",
    "Statut",
    "Type de contrat",
    "Temps de travail",
    "Langue",
]
GENERIC_ROWS = [
    [
        "5001",
        "Lefèvre",
        "Julien",
        "j.lefevre@nordforge.example",
        "2010-03-01",
        "",
        "FR-VAL",
        "Production",
        "Presses A",
        "Chef d'équipe",
        "",
        "Cadre",
        "CDI",
        "35",
        "fr",
    ],  # 2
    [
        "5002",
        "Martin",
        "CÃ©line",
        "c.martin@nordforge.example",
        "14/02/2018",
        "",
        "FR-VAL",
        "Production",
        "Presses A",
        "Opératrice",
        "5001",
        "Ouvrier",
        "CDI",
        "80 %",
        "fr",
    ],  # 3
    [
        " 5003",
        "Dubois",
        "Paul",
        "p.dubois@nordforge.example",
        "2019-09-02",
        "",
        "FR-VAL",
        "Production",
        "Presses A",
        "Opérateur",
        "Julien Lefèvre",
        "Ouvrier",
        "intérim",
        "35",
        "fr",
    ],  # 4
    [
        "5004",
        "Roux",
        "Anne",
        "a.roux@nordforge.example",
        "2021-06-01",
        "",
        "FR-VAL",
        "Qualité",
        "",
        "Technicienne",
        "0042",
        "Employé",
        "CDD",
        "0,8 ETP",
        "fr",
    ],  # 5
    [
        "5005",
        "Garnier",
        "Luc",
        "l.garnier@nordforge.example",
        "2022-01-10",
        "2021-12-31",
        "FR-VAL",
        "Production",
        "",
        "Opérateur",
        "5001",
        "Ouvrier",
        "CDI",
        "35",
        "fr",
    ],  # 6
    [
        "5006",
        "Blanc",
        "Eva",
        "e.blanc@nordforge.example",
        "2020-05-04",
        "",
        "XX-NOWHERE",
        "Production",
        "",
        "Opératrice",
        "5001",
        "Ouvrier",
        "CDI",
        "35",
        "fr",
    ],  # 7
]


def write_generic_utf16(path: Path) -> Path:
    """Excel's 'Unicode text': UTF-16 with a BOM, tab-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\r\n")
    writer.writerow(GENERIC_HEADER)
    writer.writerows(GENERIC_ROWS)
    path.write_bytes(buffer.getvalue().encode("utf-16"))
    return path


GENERIC_EXPECTED = [
    ("lines 3, 5", "info", "WORKING_TIME_FORMATS"),
    ("line 4", "warning", "WHITESPACE_IN_KEY"),
    ("line 4", "info", "MANAGER_BY_NAME"),
    ("line 5", "info", "CROSS_ENTITY_MANAGER"),
    ("line 6", "error", "END_BEFORE_START"),
]


def expected(entries: list[tuple[str, str, str]]) -> list[dict]:
    return [
        {"location": where, "severity": severity, "code": code} for where, severity, code in entries
    ]


def make_xlsx(path: Path, sheets: dict[str, list[list]], *, date1904: bool = False) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    if date1904:
        workbook.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


__all__ = ["date"]
