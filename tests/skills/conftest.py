"""Fixtures of the skills matrix on top of the shared organisation (tests/conftest.py).

Plant A's press operators (Chloé and Dário, team A1 led by Bruno) hold the position
"Press operator", which requires the press at U, die change at L and the quality check at
U. Team A1 needs two people at U on the press and one trainer (O) on die change.
Chloé: press U, die change O, quality U. Dário: press L, die change L.
Forklift driving needs a forklift licence; Fatima (team A2) drives, her licence expired.
"""

from dataclasses import dataclass
from datetime import date

import pytest

from parcours.skills import services
from tests.skills.factories import (
    CertificationTypeFactory,
    DomainFactory,
    SkillFactory,
)


@pytest.fixture(autouse=True)
def _skills_setup(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests that flush the database (live_server) remove the migration's scale.
    services.levels_ensure_default()


@dataclass
class Catalogue:
    production: object
    presses: object
    safety: object
    forklift_licence: object
    press: object
    die_change: object
    quality: object
    forklift: object
    five_s: object
    plant_b_skill: object


@pytest.fixture
def catalogue(org):
    production = DomainFactory(
        code="production", labels={"en": "Production", "fr": "Production", "nl": "Productie"}
    )
    presses = DomainFactory(
        code="presses",
        parent=production,
        labels={"en": "Presses", "fr": "Presses", "nl": "Persen"},
    )
    safety = DomainFactory(
        code="safety", ordering=5, labels={"en": "Safety", "fr": "Sécurité", "nl": "Veiligheid"}
    )
    licence = CertificationTypeFactory(
        code="forklift-licence",
        labels={"en": "Forklift licence", "fr": "CACES R489", "nl": "Heftruckcertificaat"},
        validity_months=60,
        alert_days=90,
    )
    press = SkillFactory(
        domain=presses,
        code="P400",
        labels={"en": "Press 400 t", "fr": "Presse 400 t", "nl": "Pers 400 t"},
        position=org.position,
    )
    die_change = SkillFactory(
        domain=presses,
        code="DIE",
        labels={"en": "Die change", "fr": "Changement d'outil", "nl": "Matrijswissel"},
    )
    quality = SkillFactory(
        domain=production,
        code="QC",
        kind="quality",
        labels={
            "en": "First-part check",
            "fr": "Contrôle premières pièces",
            "nl": "Eerste-stukcontrole",
        },
    )
    forklift = SkillFactory(
        domain=safety,
        code="FORK",
        kind="safety",
        certification_type=licence,
        labels={"en": "Forklift driving", "fr": "Conduite de chariot", "nl": "Heftruck rijden"},
    )
    five_s = SkillFactory(
        domain=safety, code="5S", kind="soft", labels={"en": "5S", "fr": "5S", "nl": "5S"}
    )
    plant_b_skill = SkillFactory(
        domain=production, code="B-LINE", site=org.site_b, labels={"en": "Line B"}
    )
    return Catalogue(
        production,
        presses,
        safety,
        licence,
        press,
        die_change,
        quality,
        forklift,
        five_s,
        plant_b_skill,
    )


@pytest.fixture
def matrix_world(org, users, catalogue):
    """Requirements and levels as described in the module docstring."""
    hr = users.group_hr
    c = catalogue
    for skill, level in ((c.press, 3), (c.die_change, 2), (c.quality, 3)):
        services.position_requirement_set(position=org.position, skill=skill, level=level, user=hr)
    services.team_requirement_set(team=org.team_a1, skill=c.press, level=3, min_people=2, user=hr)
    services.team_requirement_set(
        team=org.team_a1, skill=c.die_change, level=4, min_people=1, user=hr
    )
    on = date(2026, 3, 2)
    for employee, skill, level in (
        (org.chloe, c.press, 3),
        (org.chloe, c.die_change, 4),
        (org.chloe, c.quality, 3),
        (org.dario, c.press, 2),
        (org.dario, c.die_change, 2),
        (org.fatima, c.forklift, 3),
    ):
        services.assessment_record(
            employee=employee, skill=skill, level=level, user=hr, assessed_on=on
        )
    services.certification_record(
        employee=org.fatima,
        certification_type=c.forklift_licence,
        obtained_on=date(2020, 5, 4),
        user=hr,
    )
    return catalogue


def xlsx_upload(rows, name="matrix.xlsx", sheet_title="Matrix"):
    """An uploaded .xlsx file whose first sheet holds `rows` (lists of cell values)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
