"""The demo group: four plants in France, Belgium and the Netherlands.

Deterministic (a fixed seed), built with bulk inserts so that 20,000 employees take
seconds, and recognisable: names as found on a real plant's payroll, with their accents.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from parcours.organisation.choices import DEFAULT_CATEGORIES, ContractType, LeaveKind, Role
from parcours.organisation.models import (
    Department,
    Employee,
    EmployeeAssignment,
    EmployeeCategory,
    Leave,
    LegalEntity,
    Position,
    RoleAssignment,
    Site,
    Team,
)

DEMO_PASSWORD = "parcours-demo"
TODAY = date(2026, 11, 1)

NAMES = {
    "fr": (
        [
            "Julien",
            "Camille",
            "Nicolas",
            "Élodie",
            "Sébastien",
            "Aurélie",
            "Jérôme",
            "Céline",
            "François",
            "Hélène",
            "Stéphane",
            "Gaëlle",
            "Thierry",
            "Noémie",
            "Loïc",
            "Maëlle",
            "Benoît",
            "Amélie",
            "Jean-Luc",
            "Sandrine",
        ],
        [
            "Lefèvre",
            "Dubois",
            "Martin",
            "Lemaire",
            "Duhamel",
            "Leroy",
            "Caron",
            "Deschamps",
            "Fournier",
            "Vasseur",
            "Lefebvre",
            "Delattre",
            "Bouchard",
            "Mercier",
            "Roussel",
            "Hennebelle",
            "Lecœur",
            "Bécue",
            "Desmarets",
            "Château",
        ],
    ),
    "be": (
        [
            "Pieter",
            "Lotte",
            "Wouter",
            "Femke",
            "Stijn",
            "Ann-Sofie",
            "Jens",
            "Ellen",
            "Bram",
            "Inès",
            "Koen",
            "Hanne",
            "Dries",
            "Liesbeth",
            "Jorre",
            "Zoë",
            "Sander",
            "Chloë",
        ],
        [
            "Vermeulen",
            "De Smet",
            "Peeters",
            "Janssens",
            "Maes",
            "Van den Broeck",
            "Claes",
            "Wouters",
            "De Backer",
            "Verhaegen",
            "Goossens",
            "Van Damme",
            "D'Hondt",
            "Coppens",
            "Vandenberghe",
            "Dewaele",
        ],
    ),
    "nl": (
        [
            "Daan",
            "Sanne",
            "Thijs",
            "Anouk",
            "Ruben",
            "Eline",
            "Joost",
            "Lieke",
            "Bas",
            "Maaike",
            "Sjoerd",
            "Floor",
            "Gijs",
            "Marloes",
            "Teun",
            "Roos",
        ],
        [
            "de Vries",
            "Jansen",
            "van Dijk",
            "Bakker",
            "Visser",
            "Smit",
            "Meijer",
            "de Boer",
            "Mulder",
            "van der Linden",
            "Hendriks",
            "van Leeuwen",
            "Dekker",
            "Brouwer",
            "van 't Hof",
            "IJzerman",
        ],
    ),
    "pl": (
        [
            "Łukasz",
            "Agnieszka",
            "Paweł",
            "Małgorzata",
            "Krzysztof",
            "Katarzyna",
            "Grzegorz",
            "Żaneta",
            "Michał",
            "Józef",
            "Bożena",
        ],
        [
            "Wiśniewski",
            "Kowalczyk",
            "Wójcik",
            "Kamińska",
            "Lewandowski",
            "Zieliński",
            "Szymańska",
            "Dąbrowski",
            "Woźniak",
            "Kaczmarek",
            "Jabłoński",
        ],
    ),
    "ro": (
        [
            "Ionuț",
            "Andreea",
            "Mihai",
            "Ioana",
            "Ștefan",
            "Cătălina",
            "Răzvan",
            "Gheorghe",
            "Mădălina",
        ],
        [
            "Popescu",
            "Ionescu",
            "Constantinescu",
            "Dumitrașcu",
            "Țurcanu",
            "Stănescu",
            "Radu",
            "Munteanu",
            "Brătianu",
        ],
    ),
    "tr": (
        [
            "Mehmet",
            "Ayşe",
            "Mustafa",
            "Fatma",
            "Hüseyin",
            "Zeynep",
            "Çağlar",
            "Gülşen",
            "Emre",
            "Şükrü",
            "Özlem",
        ],
        [
            "Yılmaz",
            "Kaya",
            "Demir",
            "Şahin",
            "Çelik",
            "Öztürk",
            "Aydın",
            "Arslan",
            "Doğan",
            "Kılıç",
            "Güneş",
        ],
    ),
    "ma": (
        [
            "Mohamed",
            "Fatima",
            "Youssef",
            "Khadija",
            "Hamza",
            "Naïma",
            "Rachid",
            "Samira",
            "Karim",
            "Zineb",
        ],
        [
            "El Amrani",
            "Benali",
            "Bouzid",
            "El Idrissi",
            "Haddouchi",
            "Aït Ouali",
            "Boukhari",
            "Chraïbi",
            "El Khattabi",
            "Ouazzani",
        ],
    ),
    "pt": (
        ["João", "Inês", "Gonçalo", "Conceição", "António", "Mónica", "Luís", "Sónia", "Sebastião"],
        [
            "Gonçalves",
            "Magalhães",
            "Simões",
            "Conceição",
            "Fernandes",
            "Araújo",
            "Gomes",
            "Pereira",
            "Brandão",
        ],
    ),
}

# Which origins a plant's workforce is drawn from, with weights.
WORKFORCE = {
    "FR": {"fr": 55, "pt": 12, "ma": 14, "pl": 8, "tr": 6, "ro": 5},
    "BE": {"be": 55, "ma": 12, "tr": 12, "pl": 10, "ro": 6, "fr": 5},
    "NL": {"nl": 58, "tr": 14, "pl": 14, "ma": 8, "ro": 4, "pt": 2},
}

# Positions per plant language: title and job description as the plant writes them.
JOB_DESCRIPTIONS = {
    "fr": {
        "press": (
            "Opérateur presse",
            "<p>Conduit les presses d'emboutissage de la ligne en sécurité, selon le plan de "
            "production.</p><ul><li>Démarre et arrête la presse, charge les bobines et contrôle "
            "les premières pièces.</li><li>Remplit la fiche de fin de poste et le relevé des "
            "rebuts.</li><li>Signale les incidents et participe aux chantiers "
            "d'amélioration.</li></ul>",
        ),
        "assembly": (
            "Opérateur de montage",
            "<p>Assemble les sous-ensembles au poste selon la feuille de travail "
            "standard.</p><ul><li>Contrôle les pièces et les couples de serrage.</li>"
            "<li>Tient le standard 5S.</li></ul>",
        ),
        "packing": (
            "Opérateur conditionnement",
            "<p>Emballe les produits finis, étiquette les palettes et prépare les expéditions.</p>",
        ),
        "forklift": (
            "Cariste",
            "<p>Approvisionne les lignes depuis le magasin. Titulaire d'un CACES valide.</p>",
        ),
        "maintenance": (
            "Technicien de maintenance",
            "<p>Maintenance préventive et curative des presses et convoyeurs.</p>"
            "<ul><li>Habilitation électrique requise.</li><li>Astreintes.</li></ul>",
        ),
        "quality": (
            "Technicien qualité",
            "<p>Mesure les pièces au laboratoire, audite la ligne et suit les réclamations.</p>",
        ),
        "team_leader": (
            "Chef d'équipe production",
            "<p>Anime une équipe de 10 à 20 opérateurs : sécurité, production, qualité et "
            "personnes.</p><ul><li>Mène les entretiens annuels de l'équipe.</li><li>Tient à "
            "jour la matrice de polyvalence.</li></ul>",
        ),
        "head": (
            "Responsable de service",
            "<p>Dirige un service de l'usine et son budget ; rend compte au directeur d'usine.</p>",
        ),
        "plant_manager": ("Directeur d'usine", "<p>Responsable de toute l'usine.</p>"),
        "office": (
            "Employé administratif",
            "<p>Planification, achats, RH ou comptabilité au bureau de l'usine.</p>",
        ),
    },
    "nl": {
        "press": (
            "Persoperator",
            "<p>Bedient de stanspersen van de lijn veilig en volgens de productieplanning.</p>"
            "<ul><li>Start en stopt de pers, laadt coils en keurt de eerste stukken.</li>"
            "<li>Vult het ploegrapport en de uitvallijst in.</li><li>Meldt incidenten en "
            "neemt deel aan verbeterworkshops.</li></ul>",
        ),
        "assembly": (
            "Assemblagemedewerker",
            "<p>Monteert subassemblages volgens de standaardwerkinstructie.</p>"
            "<ul><li>Controleert onderdelen en aanhaalmomenten.</li><li>Houdt de "
            "5S-standaard aan.</li></ul>",
        ),
        "packing": (
            "Inpakker",
            "<p>Verpakt eindproducten, etiketteert pallets en bereidt zendingen voor.</p>",
        ),
        "forklift": (
            "Heftruckchauffeur",
            "<p>Bevoorraadt de lijnen vanuit het magazijn. Heeft een geldig "
            "heftruckcertificaat.</p>",
        ),
        "maintenance": (
            "Onderhoudstechnicus",
            "<p>Preventief en correctief onderhoud van persen en transportbanden.</p>"
            "<ul><li>BA4/BA5 of VCA vereist.</li><li>Wachtdienst.</li></ul>",
        ),
        "quality": (
            "Kwaliteitstechnicus",
            "<p>Meet stukken in het lab, voert audits uit op de lijn en volgt klachten op.</p>",
        ),
        "team_leader": (
            "Ploegleider productie",
            "<p>Leidt een ploeg van 10 tot 20 operators: veiligheid, output, kwaliteit en "
            "mensen.</p><ul><li>Houdt de jaargesprekken van de ploeg.</li><li>Houdt de "
            "competentiematrix bij.</li></ul>",
        ),
        "head": (
            "Afdelingshoofd",
            "<p>Leidt een afdeling van de fabriek en haar budget; rapporteert aan de "
            "plantmanager.</p>",
        ),
        "plant_manager": ("Plantmanager", "<p>Verantwoordelijk voor de hele fabriek.</p>"),
        "office": (
            "Administratief medewerker",
            "<p>Planning, aankoop, HR of boekhouding op het kantoor van de fabriek.</p>",
        ),
    },
}

SITES = [
    # legal entity key, site name, code, address, language, share of the workforce
    ("FR", "Valenciennes", "FR-VAL", "12 rue des Forges, 59300 Valenciennes", "fr", 0.32),
    ("FR", "Lens", "FR-LEN", "3 avenue de la Fosse, 62300 Lens", "fr", 0.22),
    ("BE", "Gent", "BE-GNT", "Kanaaldok 14, 9042 Gent", "nl", 0.26),
    ("NL", "Eindhoven", "NL-EHV", "Hurksestraat 22, 5652 AJ Eindhoven", "nl", 0.20),
]
ENTITIES = {
    "FR": ("Nordforge France SAS", "FR"),
    "BE": ("Nordforge Belgium NV", "BE"),
    "NL": ("Nordforge Nederland B.V.", "NL"),
}
DEPARTMENTS = {
    "fr": ["Production", "Maintenance", "Qualité", "Logistique", "Administration"],
    "nl": ["Productie", "Onderhoud", "Kwaliteit", "Logistiek", "Administratie"],
}
# Department index -> (team names, position key of the members)
TEAMS = {
    "fr": [
        (["Presses équipe A", "Presses équipe B", "Montage", "Emballage"], "line"),
        (["Maintenance"], "maintenance"),
        (["Laboratoire qualité"], "quality"),
        (["Magasin"], "forklift"),
        (["Bureau"], "office"),
    ],
    "nl": [
        (["Persen ploeg A", "Persen ploeg B", "Assemblage", "Inpak"], "line"),
        (["Onderhoud"], "maintenance"),
        (["Kwaliteitslab"], "quality"),
        (["Magazijn"], "forklift"),
        (["Kantoor"], "office"),
    ],
}
DEPARTMENT_SHARE = [0.68, 0.08, 0.06, 0.10, 0.08]

# username, role, site code (for site roles), linked employee ("manager", "leader",
# "operator" or None), what to print
DEMO_USERS = [
    ("hr-admin", Role.GROUP_HR, None, None, "group HR administrator, every plant"),
    ("hr-valenciennes", Role.SITE_HR, "FR-VAL", None, "site HR of Valenciennes"),
    ("hr-gent", Role.SITE_HR, "BE-GNT", None, "site HR of Gent"),
    (
        "training-valenciennes",
        Role.TRAINING_COORDINATOR,
        "FR-VAL",
        None,
        "training coordinator of Valenciennes",
    ),
    ("auditor", Role.AUDITOR, None, None, "auditor, read only"),
    ("manager", None, "FR-VAL", "manager", "production manager at Valenciennes"),
    ("team-leader", None, "FR-VAL", "leader", "team leader at Valenciennes"),
    ("operator", None, "FR-VAL", "operator", "operator at Valenciennes (self-service)"),
]


@dataclass
class DemoResult:
    created: bool
    employees: int
    logins: list[tuple[str, str]]


def demo_exists() -> bool:
    return LegalEntity.objects.filter(name=ENTITIES["FR"][0]).exists()


def _pick_name(rng: random.Random, country: str) -> tuple[str, str]:
    weights = WORKFORCE[country]
    origin = rng.choices(list(weights), weights=list(weights.values()))[0]
    first_names, last_names = NAMES[origin]
    return rng.choice(first_names), rng.choice(last_names)


def _birth_and_hire(rng: random.Random) -> tuple[date, date]:
    age = rng.randint(19, 63)
    birth = date(TODAY.year - age, rng.randint(1, 12), rng.randint(1, 28))
    seniority_days = rng.randint(30, max(31, (age - 18) * 365))
    return birth, TODAY - timedelta(days=seniority_days)


def ensure_categories() -> dict[str, EmployeeCategory]:
    categories = {}
    for order, (code, labels) in enumerate(DEFAULT_CATEGORIES):
        categories[code], _ = EmployeeCategory.objects.get_or_create(
            code=code, defaults={"labels": labels, "ordering": order}
        )
    return categories


@transaction.atomic
def build_demo(*, employees: int = 600, seed: int = 2026) -> DemoResult:
    """Build the demo group once; run again, it changes nothing and reports the logins."""
    if demo_exists():
        return DemoResult(False, Employee.objects.count(), _ensure_users())
    rng = random.Random(seed)
    categories = ensure_categories()
    entities = {
        key: LegalEntity.objects.create(name=name, country=country)
        for key, (name, country) in ENTITIES.items()
    }
    counter = {"FR": 0, "BE": 0, "NL": 0}

    def number(country: str) -> str:
        counter[country] += 1
        # Payroll numbers with their leading zeros: the importer must keep them.
        return f"{counter[country]:06d}" if country != "NL" else str(10000 + counter[country])

    def new_employee(site: Site, country: str, **fields) -> Employee:
        first, last = _pick_name(rng, country)
        birth, hire = _birth_and_hire(rng)
        part_time = rng.random() < 0.12
        return Employee(
            legal_entity=site.legal_entity,
            site=site,
            employee_number=number(country),
            first_name=first,
            last_name=last,
            birth_date=birth if rng.random() > 0.05 else None,
            hire_date=hire,
            contract_type=rng.choices(
                [
                    ContractType.PERMANENT,
                    ContractType.FIXED_TERM,
                    ContractType.TEMPORARY,
                    ContractType.APPRENTICE,
                ],
                weights=[82, 9, 6, 3],
            )[0],
            working_time_value=rng.choice([50, 80, 90]) if part_time else 100,
            preferred_language=site.default_language if rng.random() > 0.1 else "en",
            **fields,
        )

    all_members: list[Employee] = []
    for entity_key, site_name, code, address, language, share in SITES:
        site = Site.objects.create(
            legal_entity=entities[entity_key],
            name=site_name,
            code=code,
            address=address,
            default_language=language,
        )
        size = max(30, round(employees * share))
        dept_language = "fr" if language == "fr" else "nl"
        positions = {
            key: Position.objects.create(
                title=title, code=f"{code}-{key}", site=site, job_description=text
            )
            for key, (title, text) in JOB_DESCRIPTIONS[dept_language].items()
        }
        plant_manager = new_employee(
            site, entity_key, category=categories["manager"], position=positions["plant_manager"]
        )
        plant_manager.save()
        for index, dept_name in enumerate(DEPARTMENTS[dept_language]):
            department = Department.objects.create(site=site, name=dept_name)
            head = new_employee(
                site,
                entity_key,
                category=categories["manager"],
                position=positions["head"],
                manager=plant_manager,
            )
            head.save()
            team_names, member_key = TEAMS[dept_language][index]
            dept_size = max(len(team_names) * 4, round(size * DEPARTMENT_SHARE[index]))
            # Large groups get more teams rather than huge ones.
            copies = max(1, round(dept_size / len(team_names) / 18))
            names = [
                name if copies == 1 else f"{name} {n + 1}"
                for name in team_names
                for n in range(copies)
            ]
            per_team = max(3, dept_size // len(names))
            for team_index, team_name in enumerate(names):
                leader = new_employee(
                    site,
                    entity_key,
                    category=categories["team_leader" if member_key == "line" else "technician"],
                    position=positions["team_leader"]
                    if member_key == "line"
                    else positions[member_key],
                    manager=head,
                )
                leader.save()
                team = Team.objects.create(
                    site=site, department=department, name=team_name, leader=leader
                )
                leader.team = team
                leader.save(update_fields=["team"])
                if member_key == "line":
                    position = positions[
                        ["press", "press", "assembly", "packing"][(team_index // copies) % 4]
                    ]
                    category = categories["operator"]
                else:
                    position = positions[member_key]
                    category = categories[
                        {
                            "maintenance": "technician",
                            "quality": "technician",
                            "forklift": "operator",
                            "office": "staff",
                        }[member_key]
                    ]
                for _ in range(per_team - 1):
                    all_members.append(
                        new_employee(
                            site,
                            entity_key,
                            category=category,
                            position=position,
                            team=team,
                            manager=leader,
                        )
                    )
    Employee.objects.bulk_create(all_members, batch_size=2000)
    _assignments_and_leaves(rng)
    return DemoResult(True, Employee.objects.count(), _ensure_users())


def _assignments_and_leaves(rng: random.Random) -> None:
    rows = Employee.objects.values_list(
        "pk", "hire_date", "position_id", "team_id", "manager_id", "category_id", "site_id"
    )
    assignments = []
    leaves = []
    long_kinds = [
        LeaveKind.MATERNITY,
        LeaveKind.PARENTAL,
        LeaveKind.LONG_ILLNESS,
        LeaveKind.SABBATICAL,
        LeaveKind.CAREGIVER,
    ]
    for pk, hire, position, team, manager, category, site in rows:
        assignments.append(
            EmployeeAssignment(
                employee_id=pk,
                valid_from=hire,
                position_id=position,
                team_id=team,
                manager_id=manager,
                category_id=category,
                site_id=site,
            )
        )
        draw = rng.random()
        if draw < 0.06:
            first = TODAY - timedelta(days=rng.randint(20, 500))
            length = rng.randint(60, 300)
            last = first + timedelta(days=length)
            ongoing = last >= TODAY and rng.random() < 0.5
            leaves.append(
                Leave(
                    employee_id=pk,
                    kind=rng.choice(long_kinds),
                    first_day=first,
                    last_day=None if ongoing else last,
                    return_date=None if last >= TODAY else last + timedelta(days=1),
                )
            )
        elif draw < 0.30:
            first = TODAY - timedelta(days=rng.randint(1, 300))
            kind = rng.choice([LeaveKind.SICK, LeaveKind.VACATION, LeaveKind.VACATION])
            last = first + timedelta(days=rng.randint(1, 14))
            leaves.append(
                Leave(
                    employee_id=pk,
                    kind=kind,
                    first_day=first,
                    last_day=last,
                    return_date=last + timedelta(days=1) if last < TODAY else None,
                )
            )
    EmployeeAssignment.objects.bulk_create(assignments, batch_size=2000)
    Leave.objects.bulk_create(leaves, batch_size=2000)


def _demo_employee(kind: str, site_code: str) -> Employee:
    base = Employee.objects.filter(site__code=site_code, user__isnull=True)
    if kind == "manager":
        # The head of production: the first department head of the site.
        return base.filter(position__code=f"{site_code}-head").order_by("pk").first()
    if kind == "leader":
        return base.filter(position__code=f"{site_code}-team_leader").order_by("pk").first()
    leader = Employee.objects.filter(user__username="team-leader").first()
    return base.filter(manager=leader, category__code="operator").order_by("pk").first()


def _ensure_users() -> list[tuple[str, str]]:
    User = get_user_model()
    logins = []
    for username, role, site_code, linked, description in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username)
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        if role is not None:
            site = Site.objects.get(code=site_code) if site_code else None
            RoleAssignment.objects.get_or_create(user=user, role=role, site=site)
        if linked and not Employee.objects.filter(user=user).exists():
            employee = _demo_employee(linked, site_code)
            employee.user = user
            if linked == "operator":
                employee.preferred_language = "fr"
            employee.save(update_fields=["user", "preferred_language"])
        if username == "hr-admin" and not user.is_staff:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        logins.append((username, description))
    return logins
