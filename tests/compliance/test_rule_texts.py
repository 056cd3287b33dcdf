"""The rule behind each date in the reader's language: every sentence the engine can write
has its translatable twin in `rule_texts`, with the same words and the same values."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest
from django.utils import translation
from hypothesis import given, settings

from parcours.compliance import assess
from parcours.compliance.engine.results import RULE_FORMS, new_obligation
from parcours.compliance.rule_texts import (
    DUTY_TEXTS,
    RULE_TEXTS,
    reason_text,
    render_reason,
    render_rule,
    rule_text,
)
from tests.compliance import test_engine_worked_cases as worked
from tests.compliance.conftest import ON
from tests.compliance.test_engine_properties import POLICIES, Case, cases

SEEN: Counter[str] = Counter()


def check(result) -> None:
    for o in (*result.obligations, *result.employer_duties):
        code, params = o.rule_code, o.rule_params
        SEEN[code] += 1
        # JSON-ready: what the API and the command line hand out.
        assert json.loads(json.dumps(params)) == params
        assert code in RULE_TEXTS or code in DUTY_TEXTS, code
        with translation.override("en"):
            assert render_rule(code, params, codes=True) == o.rule
        for language in ("en", "fr", "nl"):
            with translation.override(language):
                text = rule_text(o)
            assert text and "%(" not in text, (language, code, text)
        reason = getattr(o, "reason", None)
        if reason is not None:
            # Every note carries its language-neutral form, and reads the same in English.
            assert json.loads(json.dumps(reason.params)) == reason.params
            with translation.override("en"):
                assert render_reason(reason.code, reason.params, codes=True) == reason
            for language in ("fr", "nl"):
                with translation.override(language):
                    assert reason_text(reason)


def test_every_sentence_of_the_engine_has_its_twin_and_no_more() -> None:
    assert {code for code, _fields in RULE_FORMS.values()} == set(RULE_TEXTS)


@settings(max_examples=200, deadline=None)
@given(cases())
def test_every_sentence_of_generated_employees_renders_in_each_language(case: Case) -> None:
    employer, facts, on = case
    check(assess(employer, facts, on=on, policies=POLICIES))


def test_every_sentence_of_the_worked_cases_renders_in_each_language(monkeypatch) -> None:
    # The worked cases reach the rare sentences (transition, COVID, end of career...).
    real = worked.assess

    def checked(*args, **kwargs):
        result = real(*args, **kwargs)
        check(result)
        return result

    monkeypatch.setattr(worked, "assess", checked)
    for name in dir(worked):
        if name.startswith("test_"):
            getattr(worked, name)()


def test_dates_and_words_follow_the_language() -> None:
    params = {
        "regime": "FR-EPP-2025",
        "leave_kinds": ["long_illness"],
        "first_day": "2026-01-05",
        "last_day": "2026-08-31",
        "returned": "2026-09-01",
        "days": 30,
        "due": "2026-10-01",
    }
    with translation.override("en"):
        english = render_rule("fr_return", params)
    assert "long illness leave" in english
    assert "Oct. 1, 2026" in english
    with translation.override("fr"):
        french = render_rule("fr_return", params)
    assert "1 octobre 2026" in french
    with translation.override("nl"):
        dutch = render_rule("fr_return", params)
    assert "1 oktober 2026" in dutch


def test_belgian_employer_duties_render_in_each_language() -> None:
    from parcours.compliance import EmployeeFacts, Employer

    result = assess(
        Employer("BE", 25), EmployeeFacts(hire_date=date(2020, 1, 1)), on=date(2025, 5, 1)
    )
    assert {d.rule_code for d in result.employer_duties} == set(DUTY_TEXTS)
    check(result)
    with translation.override("fr"):
        plan = next(d for d in result.employer_duties if d.rule_code == "be_training_plan")
        assert "31 mars 2026" in rule_text(plan)


@pytest.mark.parametrize("code", sorted(RULE_TEXTS))
def test_a_missing_value_is_an_error_not_a_half_sentence(code: str) -> None:
    with pytest.raises(KeyError):
        render_rule(code, {})


# A value of the right shape for each field an engine sentence names by position.
SAMPLES = {
    "years": "3 years set by the company agreement",
    "agreed": "3 years set by the company agreement",
    "new_years": "4 years",
    "since": "hire",
    "leave_kinds": "maternity+long_illness",
    "days": 12,
    "months": 6,
    "kind": "annual_review",
    "regime": "FR-EP-2019",
    "policy": "ACME-ANNUAL",
}


@pytest.mark.parametrize("template", sorted(RULE_FORMS), ids=lambda t: RULE_FORMS[t][0])
def test_every_sentence_has_the_same_words_and_values_as_the_engine(template: str) -> None:
    """Each registered sentence, built with sample values: the rare ones too."""
    code, fields = RULE_FORMS[template]
    positions = {source: name for name, source, _convert in fields if isinstance(source, int)}
    args: list[object] = ["(a value the catalogue does not name)"] * 10
    day = date(2020, 1, 2)
    for index, name in positions.items():
        args[index] = SAMPLES.get(name, day)
        day = day.replace(year=day.year + 1)
    obligation = new_obligation(
        "periodic",
        date(2031, 5, 6),
        date(2030, 1, 1),
        "overdue",
        None,
        None,
        "FR-EP-2019",
        date(2029, 3, 4),
        template,
        tuple(args),
    )
    with translation.override("en"):
        assert render_rule(code, obligation.rule_params, codes=True) == obligation.rule


# -- in the application ------------------------------------------------------------------


def _french(client):
    client.cookies["django_language"] = "fr"
    return client


def test_the_panel_and_the_site_page_give_the_rule_with_dates_of_the_language(world, client_for):
    from django.urls import reverse

    client = _french(client_for(world.users.site_hr_a))
    panel = reverse("compliance:employee_panel", args=[world.org.chloe.pk])
    html = client.get(panel, {"on": ON.isoformat()}, HTTP_HX_REQUEST="true").content.decode()
    # Chloé's periodic interview is counted from her interview of 2 May 2023.
    assert "(2 mai 2023)" in html and "(2023-05-02)" not in html
    site = reverse("compliance:site", args=[world.org.site_a.pk])
    html = client.get(site, {"on": ON.isoformat()}).content.decode()
    assert "(2 mai 2023)" in html and "(2023-05-02)" not in html


def test_the_api_keeps_the_english_rule_and_adds_it_in_the_users_language(world):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world.users.site_hr_a)
    url = f"/api/v1/compliance/obligations/{world.org.chloe.pk}/?on={ON.isoformat()}"
    periodic = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").json()["obligations"][2]
    assert "(2023-05-02)" in periodic["rule"]
    assert "(2 mei 2023)" in periodic["rule_text"]
    assert periodic["rule_code"] == "fr_periodic_expired"
    assert periodic["rule_params"]["counted_from"] == "2023-05-02"
    assert periodic["reason_text"] is None


def test_the_command_line_is_english_unless_a_language_is_given(world):
    import csv
    import io

    from django.core.management import call_command

    def run(*args):
        out = io.StringIO()
        call_command("compliance", "--on", ON.isoformat(), *args, stdout=out)
        return out.getvalue()

    english = json.loads(run("--site", world.org.site_a.code))
    assert "rule_text" not in english[0]["obligations"][0]
    french = json.loads(run("--site", world.org.site_a.code, "--language", "fr"))
    chloe = next(e for e in french if e["name"] == "Chloé Dubois")
    assert "(2023-05-02)" in chloe["obligations"][2]["rule"]
    assert "(2 mai 2023)" in chloe["obligations"][2]["rule_text"]
    rows = list(csv.DictReader(io.StringIO(run("--format", "csv", "--language", "nl"))))
    assert any("(2 mei 2023)" in row["rule_text"] for row in rows)
    # A Belgian employee without any obligation keeps one line, with an empty rule.
    hanne = [r for r in rows if r["name"] == "Hanne De Smet"]
    assert len(hanne) == 1 and hanne[0]["rule_text"] == "" and hanne[0]["penalty_eur"] == "0"


def test_the_campaign_form_names_the_kinds_in_the_users_language(world, client_for):
    import re

    from django.urls import reverse

    client = client_for(world.users.site_hr_a)
    url = reverse("compliance:site", args=[world.org.site_a.pk])
    for language, label in (("fr", "Entretien professionnel"), ("nl", "Loopbaangesprek")):
        client.cookies["django_language"] = language
        html = client.get(url, {"on": ON.isoformat()}).content.decode()
        select = html.split('name="kind"', 1)[1].split("</select>", 1)[0]
        options = re.findall(r"<option[^>]*>([^<]*)</option>", select)
        assert label in options, options
        assert "professional" not in options and "return_after_leave" not in options


def test_the_notes_on_obligations_follow_the_language() -> None:
    from parcours.compliance import EmployeeFacts, Employer, HeldInterview, Settings

    # A summary held with an interview missed and no training: it failed, for two reasons.
    facts = EmployeeFacts(
        hire_date=date(2016, 1, 4),
        interviews=[
            HeldInterview(date(2018, 1, 4), "periodic"),
            HeldInterview(date(2021, 12, 1), "summary"),
        ],
        leaving_date=date(2023, 6, 30),
    )
    result = assess(Employer("FR", 120), facts, on=date(2023, 1, 1), settings=Settings())
    failed = next(o for o in result.obligations if o.status == "failed")
    assert failed.reason.code == "several"
    with translation.override("fr"):
        text = reason_text(failed.reason)
    assert "Entretien professionnel" in text or "Professional interview" in text
    assert "30 juin 2021" in text and "2021-06-30" not in text
    # The employee leaves before the next interview falls due.
    later = assess(Employer("FR", 120), facts, on=date(2023, 12, 1), settings=Settings())
    gone = [o for o in later.obligations if o.status == "not_required"]
    assert gone and gone[0].reason.code == "left"
    with translation.override("nl"):
        assert "30 juni 2023" in reason_text(gone[0].reason)
    check(result)
    check(later)


def test_a_note_keeps_its_neutral_form_when_copied_or_cached() -> None:
    import copy
    import pickle

    from parcours.compliance.engine.results import left_on

    note = left_on(date(2024, 1, 2))
    for again in (copy.deepcopy(note), pickle.loads(pickle.dumps(note))):
        assert again == "the employee left on 2024-01-02"
        assert (again.code, again.params) == ("left", {"day": "2024-01-02"})
