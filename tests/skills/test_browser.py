"""The skills pages in a real Chromium: a team leader on a tablet next to the line, HR at a
desk, an operator on their phone; in English, French and Dutch."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from parcours.skills.models import Assessment, CurrentLevel

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SIZES = {"phone": (390, 844), "tablet": (800, 1280), "desk": (1440, 900)}


@pytest.fixture
def login(live_server, page):
    """login(username, language, size) signs in through the real form."""
    page.set_default_timeout(10_000)

    def do(username, language="en", size="desk"):
        width, height = SIZES[size]
        page.set_viewport_size({"width": width, "height": height})
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "secret-pass-123")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return do


@pytest.fixture
def shoot(page):
    def do(name):
        if os.environ.get("PARCOURS_SCREENSHOTS", "1") != "0":
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"skills-{name}.png"), full_page=True)

    return do


def _cell(page, employee, skill):
    """The matrix cell of a person on a skill, found through the header like a reader."""
    index = page.evaluate(
        """(skill) => [...document.querySelectorAll('table.matrix thead tr.skills th')]
            .findIndex(th => th.dataset.s === String(skill))""",
        skill.pk,
    )
    assert index > 0
    return page.locator(f'table.matrix tbody tr[data-e="{employee.pk}"] > *').nth(index)


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_it_lets_a_team_leader_record_a_level_on_a_tablet(
    live_server, page, login, shoot, org, users, matrix_world
):
    login("bruno", size="tablet")
    page.locator("details.menu > summary").click()
    page.get_by_role("link", name="Skills matrix").click()
    page.get_by_role("link", name="Matrix", exact=True).click()
    expect(page.get_by_role("heading", name="Plant A · Presses A")).to_be_visible()

    press = page.locator('.coverage-lines li[data-skill="P400"]')
    expect(press).to_contain_text("1 of 2 needed")
    expect(press).to_contain_text("Below the minimum")
    expect(page.locator(".coverage")).to_contain_text("2 skills at risk")
    shoot("matrix-tablet-before")

    cell = _cell(page, org.dario, matrix_world.press)
    expect(cell).to_have_text("◑")
    cell.get_by_role("button").click()
    dialog = page.locator("#assess-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Dário Gonçalves")
    expect(dialog).to_contain_text("Press 400 t")
    dialog.get_by_label("U · Autonomous").check()
    dialog.get_by_label("Note").fill("Ran the 400 t alone all week, first parts right.")
    shoot("matrix-tablet-dialog")
    dialog.get_by_role("button", name="Record this level").click()

    expect(dialog).to_be_hidden()
    expect(_cell(page, org.dario, matrix_world.press)).to_have_text("◕")
    expect(press).to_contain_text("2 of 2 needed")
    expect(press).to_contain_text("One absence away")
    expect(page.locator(".coverage")).to_contain_text("2 skills at risk")
    assert _no_sideways_scroll(page)
    shoot("matrix-tablet-after")

    recorded = Assessment.objects.get(employee=org.dario, skill=matrix_world.press, level=3)
    assert (recorded.assessor, recorded.source) == (users.leader, "observation")
    assert CurrentLevel.objects.get(employee=org.dario, skill=matrix_world.press).level == 3


def test_it_shows_an_error_in_the_dialog_and_keeps_what_was_typed(
    live_server, page, login, org, users, matrix_world
):
    login("bruno", size="tablet")
    page.goto(f"{live_server.url}/skills/matrix/?team={org.team_a1.pk}")
    _cell(page, org.chloe, matrix_world.quality).get_by_role("button").click()
    dialog = page.locator("#assess-dialog")
    dialog.get_by_label("Note").fill("Checked on the line")
    dialog.get_by_label("Date").fill("2099-01-01")
    dialog.get_by_role("button", name="Record this level").click()
    expect(dialog.get_by_role("alert").first).to_contain_text("future")
    expect(dialog.get_by_label("Note")).to_have_value("Checked on the line")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()


def test_it_lets_an_operator_assess_themself_on_a_phone(
    live_server, page, login, shoot, org, users, matrix_world
):
    login("chloe", size="phone", language="fr")
    page.goto(f"{live_server.url}/skills/")
    expect(page.locator("h1")).to_be_visible()
    # Her own page, with the labels of the catalogue in French.
    expect(page.locator("table.skill-lines")).to_contain_text("Presse 400 t")
    expect(page.locator("table.skill-lines")).to_contain_text("Autonome")
    assert _no_sideways_scroll(page)
    shoot("employee-phone-fr")
    page.goto(f"{live_server.url}/skills/employees/{org.chloe.pk}/self-assessment/")
    page.select_option("#id_skill", label="5S · 5S")
    page.locator("label.tile", has_text="Peut former").click()
    page.locator("form.assess-form button[type=submit]").click()
    expect(page.locator("table.skill-lines")).to_contain_text("5S")
    proposal = Assessment.objects.get(employee=org.chloe, skill=matrix_world.five_s)
    assert (proposal.status, proposal.level) == ("proposed", 4)
    assert not CurrentLevel.objects.filter(employee=org.chloe, skill=matrix_world.five_s).exists()


def test_it_keeps_the_header_and_names_in_view_on_a_large_matrix(
    live_server, page, login, shoot, org, users, matrix_world
):
    login("grouphr", size="desk")
    page.goto(f"{live_server.url}/skills/matrix/?site={org.site_a.pk}&show=all")
    wrap = page.locator(".matrix-wrap")
    expect(wrap).to_be_visible()
    corner = page.locator("table.matrix .corner")
    first_name = page.locator("table.matrix tbody th").first
    before = (corner.bounding_box(), first_name.bounding_box())
    wrap.evaluate("node => { node.scrollLeft = 400; node.scrollTop = 300; }")
    after = (corner.bounding_box(), first_name.bounding_box())
    assert after[0]["x"] == pytest.approx(before[0]["x"], abs=1)
    assert after[0]["y"] == pytest.approx(before[0]["y"], abs=1)
    assert after[1]["x"] == pytest.approx(before[1]["x"], abs=1)
    shoot("matrix-desk-site")


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
@pytest.mark.parametrize("size", list(SIZES))
def test_it_reads_well_on_every_screen(
    live_server, page, login, shoot, org, users, matrix_world, language, size
):
    login("hr-a", language=language, size=size)
    words = {
        "en": ("Press 400 t", "Autonomous"),
        "fr": ("Presse 400 t", "Autonome"),
        "nl": ("Pers 400 t", "Zelfstandig"),
    }[language]
    pages = {
        "matrix": f"/skills/matrix/?team={org.team_a1.pk}",
        "coverage": f"/skills/teams/{org.team_a1.pk}/coverage/",
        "employee": f"/skills/employees/{org.dario.pk}/",
        "catalogue": "/skills/catalogue/",
    }
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("main")).to_contain_text(words[0])
        if name in ("matrix", "catalogue", "employee"):
            expect(page.locator("main")).to_contain_text(words[1])
        assert _no_sideways_scroll(page), (name, size)
        shoot(f"{name}-{size}-{language}")
