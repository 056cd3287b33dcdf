"""The skills matrix of the demo group (see organisation/demo.py): a catalogue in three
languages, what each position and team needs, and levels with their history, gaps,
certificates about to expire and self-assessments waiting for the manager.

Deterministic (a fixed seed), built with bulk inserts so that 20,000 employees take
seconds; run again, it changes nothing. Dates are counted back from today so that the
alerts and the twelve-month trend always have something to show.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from parcours.organisation.models import Employee, Position, Team
from parcours.skills.choices import AssessmentSource, AssessmentStatus, SkillKind
from parcours.skills.models import (
    Assessment,
    Certification,
    CertificationType,
    CurrentLevel,
    PositionRequirement,
    Skill,
    SkillDomain,
    TeamRequirement,
)
from parcours.skills.services import add_months, levels_ensure_default

# Levels of the ILUO scale by rank.
SUPERVISED, AUTONOMOUS, TRAINER = 2, 3, 4

CERTIFICATION_TYPES = [
    (
        "forklift-licence",
        {"en": "Forklift licence", "fr": "CACES R489 (chariot)", "nl": "Heftruckcertificaat"},
        60,
        90,
    ),
    (
        "electrical-clearance",
        {"en": "Electrical clearance", "fr": "Habilitation électrique", "nl": "BA4/BA5-attest"},
        36,
        60,
    ),
    (
        "first-aid",
        {"en": "First aid at work", "fr": "Sauveteur secouriste (SST)", "nl": "EHBO-brevet"},
        24,
        60,
    ),
]

# code, parent, labels, order
DOMAINS = [
    ("production", None, {"en": "Production", "fr": "Production", "nl": "Productie"}, 0),
    ("presses", "production", {"en": "Presses", "fr": "Presses", "nl": "Persen"}, 1),
    ("assembly", "production", {"en": "Assembly", "fr": "Montage", "nl": "Assemblage"}, 2),
    ("packing", "production", {"en": "Packing", "fr": "Conditionnement", "nl": "Inpak"}, 3),
    ("logistics", None, {"en": "Logistics", "fr": "Logistique", "nl": "Logistiek"}, 1),
    ("maintenance", None, {"en": "Maintenance", "fr": "Maintenance", "nl": "Onderhoud"}, 2),
    ("quality", None, {"en": "Quality", "fr": "Qualité", "nl": "Kwaliteit"}, 3),
    ("safety", None, {"en": "Safety", "fr": "Sécurité", "nl": "Veiligheid"}, 4),
    ("soft-skills", None, {"en": "Soft skills", "fr": "Savoir-être", "nl": "Soft skills"}, 5),
]

# Skills of the whole group: code, domain, kind, labels, certification needed.
GROUP_SKILLS = [
    (
        "Q-FIRST",
        "quality",
        SkillKind.QUALITY,
        {"en": "First-part check", "fr": "Contrôle premières pièces", "nl": "Eerste-stukcontrole"},
        None,
    ),
    (
        "Q-SPC",
        "quality",
        SkillKind.QUALITY,
        {"en": "SPC charts", "fr": "Cartes SPC", "nl": "SPC-kaarten"},
        None,
    ),
    (
        "Q-GAUGE",
        "quality",
        SkillKind.QUALITY,
        {"en": "Measuring with gauges", "fr": "Mesure au calibre", "nl": "Meten met kalibers"},
        None,
    ),
    (
        "S-LOTO",
        "safety",
        SkillKind.SAFETY,
        {"en": "Lockout–tagout", "fr": "Consignation (LOTO)", "nl": "Vergrendelen (LOTO)"},
        None,
    ),
    (
        "S-FORK",
        "safety",
        SkillKind.SAFETY,
        {"en": "Forklift driving", "fr": "Conduite de chariot", "nl": "Heftruck rijden"},
        "forklift-licence",
    ),
    (
        "S-FIRSTAID",
        "safety",
        SkillKind.SAFETY,
        {"en": "First aid", "fr": "Secourisme", "nl": "Eerste hulp"},
        "first-aid",
    ),
    ("SOFT-5S", "soft-skills", SkillKind.SOFT, {"en": "5S", "fr": "5S", "nl": "5S"}, None),
    (
        "SOFT-TRAIN",
        "soft-skills",
        SkillKind.SOFT,
        {
            "en": "Train a newcomer on the station",
            "fr": "Former un nouvel arrivant au poste",
            "nl": "Nieuwkomer opleiden op de post",
        },
        None,
    ),
    (
        "SOFT-TOP5",
        "soft-skills",
        SkillKind.SOFT,
        {
            "en": "Lead the shift start meeting",
            "fr": "Animer le point 5 minutes",
            "nl": "Startoverleg leiden",
        },
        None,
    ),
]

# Skills of each plant, by the position (key of organisation/demo.py) they belong to.
SITE_SKILLS = {
    "press": [
        (
            "PRESS-400",
            "presses",
            {"en": "Press 400 t line 1", "fr": "Presse 400 t ligne 1", "nl": "Pers 400 t lijn 1"},
        ),
        ("PRESS-250", "presses", {"en": "Press 250 t", "fr": "Presse 250 t", "nl": "Pers 250 t"}),
        (
            "PRESS-SET",
            "presses",
            {"en": "Press setting", "fr": "Réglage presse", "nl": "Pers instellen"},
        ),
        (
            "DIE-CHANGE",
            "presses",
            {
                "en": "Die change (SMED)",
                "fr": "Changement d'outil (SMED)",
                "nl": "Matrijswissel (SMED)",
            },
        ),
        ("COIL", "presses", {"en": "Coil loading", "fr": "Chargement bobine", "nl": "Coil laden"}),
    ],
    "assembly": [
        (
            "ASM-1",
            "assembly",
            {
                "en": "Assembly station 1 (subassembly)",
                "fr": "Poste montage 1 (sous-ensemble)",
                "nl": "Assemblagepost 1 (subassemblage)",
            },
        ),
        (
            "ASM-2",
            "assembly",
            {
                "en": "Assembly station 2 (final)",
                "fr": "Poste montage 2 (final)",
                "nl": "Assemblagepost 2 (eind)",
            },
        ),
        (
            "ASM-TORQUE",
            "assembly",
            {
                "en": "Torque tightening",
                "fr": "Serrage au couple",
                "nl": "Aanhalen met momentsleutel",
            },
        ),
        (
            "ASM-TEST",
            "assembly",
            {"en": "End-of-line test", "fr": "Test fin de ligne", "nl": "Eindtest"},
        ),
    ],
    "packing": [
        (
            "PACK-LINE",
            "packing",
            {"en": "Packing line", "fr": "Ligne de conditionnement", "nl": "Inpaklijn"},
        ),
        (
            "PACK-LABEL",
            "packing",
            {"en": "Pallet labelling", "fr": "Étiquetage palettes", "nl": "Palletetikettering"},
        ),
        (
            "PACK-WRAP",
            "packing",
            {"en": "Stretch wrapper", "fr": "Banderoleuse", "nl": "Wikkelmachine"},
        ),
    ],
    "forklift": [
        (
            "WH-RECEIPT",
            "logistics",
            {"en": "Goods receipt", "fr": "Réception", "nl": "Goederenontvangst"},
        ),
        (
            "WH-SUPPLY",
            "logistics",
            {"en": "Line supply", "fr": "Approvisionnement des lignes", "nl": "Lijnbevoorrading"},
        ),
    ],
    "maintenance": [
        (
            "MNT-ELEC",
            "maintenance",
            {
                "en": "Electrical troubleshooting",
                "fr": "Dépannage électrique",
                "nl": "Elektrisch storingzoeken",
            },
        ),
        ("MNT-HYD", "maintenance", {"en": "Hydraulics", "fr": "Hydraulique", "nl": "Hydrauliek"}),
        (
            "MNT-PLC",
            "maintenance",
            {"en": "PLC diagnosis", "fr": "Diagnostic automate", "nl": "PLC-diagnose"},
        ),
        (
            "MNT-PREV",
            "maintenance",
            {
                "en": "Preventive maintenance of presses",
                "fr": "Maintenance préventive presses",
                "nl": "Preventief onderhoud persen",
            },
        ),
    ],
    "quality": [
        (
            "QLAB-CMM",
            "quality",
            {"en": "3D measuring machine", "fr": "Machine à mesurer 3D", "nl": "3D-meetmachine"},
        ),
        (
            "QLAB-AUDIT",
            "quality",
            {"en": "Process audit", "fr": "Audit process", "nl": "Procesaudit"},
        ),
    ],
}
CERTIFIED_SITE_SKILLS = {"MNT-ELEC": "electrical-clearance"}
SITE_SKILL_KIND = {
    "press": SkillKind.MACHINE,
    "assembly": SkillKind.WORKSTATION,
    "packing": SkillKind.WORKSTATION,
    "forklift": SkillKind.WORKSTATION,
    "maintenance": SkillKind.MACHINE,
    "quality": SkillKind.QUALITY,
}

# What each position requires: skill code (a site skill without its site prefix), level.
POSITION_NEEDS = {
    "press": [
        ("PRESS-400", AUTONOMOUS),
        ("PRESS-250", SUPERVISED),
        ("DIE-CHANGE", SUPERVISED),
        ("COIL", AUTONOMOUS),
        ("Q-FIRST", AUTONOMOUS),
        ("S-LOTO", SUPERVISED),
        ("SOFT-5S", SUPERVISED),
    ],
    "assembly": [
        ("ASM-1", AUTONOMOUS),
        ("ASM-2", AUTONOMOUS),
        ("ASM-TORQUE", AUTONOMOUS),
        ("ASM-TEST", SUPERVISED),
        ("Q-FIRST", SUPERVISED),
        ("SOFT-5S", SUPERVISED),
    ],
    "packing": [
        ("PACK-LINE", AUTONOMOUS),
        ("PACK-LABEL", AUTONOMOUS),
        ("PACK-WRAP", SUPERVISED),
        ("SOFT-5S", SUPERVISED),
    ],
    "forklift": [("S-FORK", AUTONOMOUS), ("WH-RECEIPT", AUTONOMOUS), ("WH-SUPPLY", AUTONOMOUS)],
    "maintenance": [
        ("MNT-ELEC", AUTONOMOUS),
        ("MNT-HYD", AUTONOMOUS),
        ("MNT-PLC", SUPERVISED),
        ("MNT-PREV", AUTONOMOUS),
        ("S-LOTO", TRAINER),
    ],
    "quality": [
        ("QLAB-CMM", AUTONOMOUS),
        ("QLAB-AUDIT", SUPERVISED),
        ("Q-SPC", AUTONOMOUS),
        ("Q-GAUGE", TRAINER),
    ],
    "team_leader": [
        ("SOFT-TRAIN", TRAINER),
        ("SOFT-TOP5", AUTONOMOUS),
        ("S-FIRSTAID", AUTONOMOUS),
        ("Q-FIRST", TRAINER),
        ("S-LOTO", AUTONOMOUS),
    ],
    "head": [("SOFT-TOP5", AUTONOMOUS)],
}
# What each kind of team needs: skill, level, share of the team (at least one person).
TEAM_NEEDS = {
    "press": [
        ("PRESS-400", AUTONOMOUS, 0.35),
        ("PRESS-400", TRAINER, 0.1),
        ("DIE-CHANGE", AUTONOMOUS, 0.2),
        ("COIL", AUTONOMOUS, 0.3),
        ("S-FORK", AUTONOMOUS, 0.08),
        ("S-FIRSTAID", AUTONOMOUS, 0.08),
    ],
    "assembly": [
        ("ASM-1", AUTONOMOUS, 0.35),
        ("ASM-2", AUTONOMOUS, 0.35),
        ("ASM-TORQUE", TRAINER, 0.1),
        ("S-FIRSTAID", AUTONOMOUS, 0.08),
    ],
    "packing": [
        ("PACK-LINE", AUTONOMOUS, 0.4),
        ("PACK-WRAP", AUTONOMOUS, 0.2),
        ("S-FORK", AUTONOMOUS, 0.1),
    ],
    "forklift": [("S-FORK", AUTONOMOUS, 0.6), ("WH-RECEIPT", AUTONOMOUS, 0.3)],
    "maintenance": [
        ("MNT-ELEC", AUTONOMOUS, 0.4),
        ("MNT-PLC", AUTONOMOUS, 0.25),
        ("S-LOTO", TRAINER, 0.3),
    ],
    "quality": [("QLAB-CMM", AUTONOMOUS, 0.5), ("QLAB-AUDIT", AUTONOMOUS, 0.3)],
}
PROPOSAL_NOTES = ["", "", "Ik draai deze post al alleen.", "Je tiens le poste seul depuis l'été."]
# Operators who also work on another line: a few of its skills at a lower level.
POLYVALENCE = {
    "press": "assembly",
    "assembly": "packing",
    "packing": "assembly",
    "forklift": "packing",
}


@dataclass
class SkillsDemoResult:
    created: bool
    skills: int
    assessments: int
    certifications: int


def skills_demo_exists() -> bool:
    return (
        SkillDomain.objects.filter(code="production").exists()
        and Skill.objects.filter(code="Q-FIRST").exists()
    )


def _catalogue() -> tuple[dict[str, Skill], dict[tuple[int, str], Skill]]:
    types = {
        code: CertificationType(code=code, labels=labels, validity_months=months, alert_days=alert)
        for code, labels, months, alert in CERTIFICATION_TYPES
    }
    CertificationType.objects.bulk_create(types.values())
    domains: dict[str, SkillDomain] = {}
    for code, parent, labels, order in DOMAINS:
        domains[code] = SkillDomain.objects.create(
            code=code, parent=domains.get(parent), labels=labels, ordering=order
        )
    group = {
        code: Skill(
            domain=domains[domain],
            code=code,
            kind=kind,
            labels=labels,
            certification_type=types.get(certificate),
            ordering=index,
        )
        for index, (code, domain, kind, labels, certificate) in enumerate(GROUP_SKILLS)
    }
    Skill.objects.bulk_create(group.values())
    site_skills: dict[tuple[int, str], Skill] = {}
    positions = {
        position.code: position
        for position in Position.objects.filter(site__isnull=False).select_related("site")
    }
    for position_code, position in positions.items():
        key = position_code.removeprefix(f"{position.site.code}-")
        for index, (code, domain, labels) in enumerate(SITE_SKILLS.get(key, [])):
            site_skills[(position.site_id, code)] = Skill(
                domain=domains[domain],
                code=f"{position.site.code}-{code}",
                kind=SITE_SKILL_KIND[key],
                labels=labels,
                site=position.site,
                position=position,
                certification_type=types.get(CERTIFIED_SITE_SKILLS.get(code)),
                ordering=index,
            )
    Skill.objects.bulk_create(site_skills.values())
    return group, site_skills


def _skill(group, site_skills, site_id: int, code: str) -> Skill | None:
    return group.get(code) or site_skills.get((site_id, code))


@transaction.atomic
def build_skills_demo(*, seed: int = 2026, today: date | None = None) -> SkillsDemoResult:
    """Build the skills of the demo group once, on top of `build_demo()`."""
    levels_ensure_default()
    if skills_demo_exists():
        return SkillsDemoResult(
            False, Skill.objects.count(), Assessment.objects.count(), Certification.objects.count()
        )
    rng = random.Random(seed)
    today = today or timezone.localdate()
    group, site_skills = _catalogue()

    positions = {}
    requirements = []
    for position in Position.objects.filter(site__isnull=False).select_related("site"):
        key = position.code.removeprefix(f"{position.site.code}-")
        positions[position.pk] = key
        for code, level in POSITION_NEEDS.get(key, []):
            skill = _skill(group, site_skills, position.site_id, code)
            if skill is not None:
                requirements.append(
                    PositionRequirement(position=position, skill=skill, level=level)
                )
    PositionRequirement.objects.bulk_create(requirements, batch_size=5000)
    needs: dict[int, list[tuple[Skill, int]]] = defaultdict(list)
    for requirement in requirements:
        needs[requirement.position_id].append((requirement.skill, requirement.level))

    people = list(
        Employee.objects.filter(active=True).values_list(
            "pk", "site_id", "position_id", "team_id", "hire_date", "manager_id"
        )
    )
    team_sizes: dict[int, int] = defaultdict(int)
    team_keys: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for _pk, _site, position_id, team_id, _hire, _manager in people:
        if team_id:
            team_sizes[team_id] += 1
            team_keys[team_id][positions.get(position_id, "")] += 1

    assessments: list[tuple] = []
    proposals: list[Assessment] = []
    holders: dict[tuple[int, str], list[int]] = defaultdict(list)  # (employee, cert) -> levels
    interview_day = today - timedelta(days=rng.randint(35, 70))
    for pk, site_id, position_id, _team_id, hire_date, _manager in people:
        key = positions.get(position_id)
        if key is None:
            continue
        wanted = list(needs.get(position_id, []))
        other = POLYVALENCE.get(key)
        if other and rng.random() < 0.3:
            extra = [
                (site_skills[(site_id, code)], SUPERVISED)
                for code, _domain, _labels in SITE_SKILLS[other]
                if (site_id, code) in site_skills
            ]
            wanted += rng.sample(extra, k=min(len(extra), rng.randint(1, 2)))
        seniority = (today - hire_date).days
        for skill, required in wanted:
            final = _final_level(rng, required, seniority)
            for day, level, source in _history(rng, final, hire_date, today, interview_day):
                assessments.append((pk, skill.pk, level, day, source))
            if skill.certification_type_id and final > 0:
                holders[(pk, skill.certification_type.code)].append(final)
            if final < 4 and rng.random() < 0.015:
                proposals.append(
                    Assessment(
                        employee_id=pk,
                        skill=skill,
                        level=final + 1,
                        assessed_on=today - timedelta(days=rng.randint(0, 20)),
                        source=AssessmentSource.SELF,
                        status=AssessmentStatus.PROPOSED,
                        note=rng.choice(PROPOSAL_NOTES),
                    )
                )
    insert_assessments(assessments)
    Assessment.objects.bulk_create(proposals, batch_size=2000)
    current_levels_rebuild()

    certifications = _certifications(rng, holders, today)
    Certification.objects.bulk_create(certifications, batch_size=5000)
    TeamRequirement.objects.bulk_create(
        _team_requirements(group, site_skills, team_sizes, team_keys), batch_size=5000
    )
    return SkillsDemoResult(
        True,
        Skill.objects.count(),
        len(assessments) + len(proposals),
        len(certifications),
    )


def insert_assessments(rows: list[tuple]) -> None:
    """(employee id, skill id, level, date, source) as valid assessments, straight into the
    table: a model instance per row would cost minutes at 20,000 employees. No audit entry:
    the demo is not somebody's work."""
    from django.db import connection

    opts = Assessment._meta
    names = ["employee", "skill", "level", "assessed_on", "source", "status", "note"]
    names += ["evidence", "recorded_at"]
    columns = ", ".join(connection.ops.quote_name(opts.get_field(n).column) for n in names)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(opts.db_table)} ({columns}) "
        f"VALUES ({', '.join(['%s'] * len(names))})"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    valid = str(AssessmentStatus.VALID)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 20000):
            cursor.executemany(
                sql,
                [
                    (
                        employee,
                        skill,
                        level,
                        connection.ops.adapt_datefield_value(day),
                        str(source),
                        valid,
                        "",
                        "",
                        now,
                    )
                    for employee, skill, level, day, source in rows[start : start + 20000]
                ],
            )


def current_levels_rebuild() -> None:
    """The current level of every person on every skill, from the latest valid assessment
    (one statement; SQLite and PostgreSQL both have window functions)."""
    from django.db import connection

    quote = connection.ops.quote_name
    assessments, current = Assessment._meta.db_table, CurrentLevel._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(current)}")
        cursor.execute(
            f"""
            INSERT INTO {quote(current)} (employee_id, skill_id, level, assessed_on, assessment_id)
            SELECT employee_id, skill_id, level, assessed_on, id FROM (
                SELECT employee_id, skill_id, level, assessed_on, id, ROW_NUMBER() OVER (
                    PARTITION BY employee_id, skill_id ORDER BY assessed_on DESC, id DESC
                ) AS latest
                FROM {quote(assessments)} WHERE status = %s
            ) ranked
            WHERE latest = 1
            """,
            [str(AssessmentStatus.VALID)],
        )


def _final_level(rng: random.Random, required: int, seniority_days: int) -> int:
    """Most people hold what their position needs; newcomers less often."""
    meets = 0.55 if seniority_days < 365 else 0.82
    if rng.random() < meets:
        return min(4, required + (1 if rng.random() < 0.22 else 0))
    return max(0, required - (1 if rng.random() < 0.75 else 2))


def _history(rng, final: int, hire: date, today: date, interview_day: date):
    """The steps that led to `final`, oldest first: training, observations, the last
    interview, sometimes the old matrix imported."""
    if final == 0:
        return [
            (
                max(hire, today - timedelta(days=rng.randint(30, 500))),
                0,
                AssessmentSource.OBSERVATION,
            )
        ]
    steps = list(range(max(1, final - rng.randint(0, 2)), final + 1))
    last = today - timedelta(days=rng.randint(5, 420))
    if rng.random() < 0.35 and interview_day >= hire:
        last = interview_day
    days = [last]
    for _ in steps[:-1]:
        days.append(days[-1] - timedelta(days=rng.randint(90, 270)))
    days = [max(day, hire) for day in reversed(days)]
    history = []
    for index, (day, level) in enumerate(zip(days, steps, strict=True)):
        if index == 0 and len(steps) > 1:
            source = AssessmentSource.TRAINING
        elif day == interview_day:
            source = AssessmentSource.INTERVIEW
        elif rng.random() < 0.1:
            source = AssessmentSource.IMPORT
        else:
            source = AssessmentSource.OBSERVATION
        history.append((day, level, source))
    return history


def _certifications(rng, holders, today: date) -> list[Certification]:
    types = {t.code: t for t in CertificationType.objects.all()}
    result = []
    for (employee_id, code), _levels in holders.items():
        kind = types[code]
        validity = kind.validity_months or 60
        draw = rng.random()
        if draw < 0.08:  # expired
            until = today - timedelta(days=rng.randint(1, 200))
        elif draw < 0.2:  # ends within the warning period
            until = today + timedelta(days=rng.randint(0, kind.alert_days))
        else:
            until = today + timedelta(days=rng.randint(kind.alert_days + 1, validity * 30))
        obtained = add_months(until, -validity)
        if rng.random() < 0.4:  # renewed before: the previous certificate is kept
            result.append(
                Certification(
                    employee_id=employee_id,
                    type=kind,
                    obtained_on=add_months(obtained, -validity),
                    valid_until=obtained,
                    reference=f"{code[:3].upper()}-{employee_id:06d}-A",
                )
            )
        result.append(
            Certification(
                employee_id=employee_id,
                type=kind,
                obtained_on=min(obtained, today),
                valid_until=until,
                reference=f"{code[:3].upper()}-{employee_id:06d}",
            )
        )
    return result


def _team_requirements(group, site_skills, team_sizes, team_keys) -> list[TeamRequirement]:
    result = []
    for team in Team.objects.all().values("pk", "site_id"):
        keys = team_keys.get(team["pk"])
        if not keys:
            continue
        main_key = max(keys, key=lambda key: (key != "team_leader", keys[key]))
        size = team_sizes[team["pk"]]
        for code, level, share in TEAM_NEEDS.get(main_key, []):
            skill = _skill(group, site_skills, team["site_id"], code)
            if skill is None:
                continue
            result.append(
                TeamRequirement(
                    team_id=team["pk"],
                    skill=skill,
                    level=level,
                    min_people=max(1, round(size * share)),
                )
            )
    return result
