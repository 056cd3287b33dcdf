"""Dutch and French are complete: every text of the interface has its translation."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "src" / "parcours" / "locale"


def _entries(po: Path):
    """(msgid, [msgstr...], flags) of every entry but the header."""
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        current, fields = None, {}
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            yield fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")], flags


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_it_has_every_text_translated(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    entries = list(_entries(po))
    assert len(entries) > 100
    missing = [msgid for msgid, strings, _ in entries if not all(strings)]
    fuzzy = [msgid for msgid, _, flags in entries if "fuzzy" in flags]
    assert missing == [], missing
    assert fuzzy == [], fuzzy


@pytest.mark.parametrize(
    "language, words",
    [
        ("fr", ["Salariés", "Équipe", "Responsable hiérarchique", "Se déconnecter"]),
        ("nl", ["Medewerkers", "Team", "Leidinggevende", "Afmelden"]),
    ],
)
def test_it_shows_the_employee_list_in_the_chosen_language(client_for, users, language, words):
    client = client_for(users.group_hr)
    client.cookies["django_language"] = language
    with translation.override(language):
        page = client.get(reverse("organisation:employee_list")).content.decode()
    for word in words:
        assert word in page
    for english in ("Line manager", "Log out", "New employee", "Everyone"):
        assert english not in page
