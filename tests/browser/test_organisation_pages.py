"""The organisation pages in a real Chromium, as HR and a team leader use them."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SIZES

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_it_lets_hr_find_an_employee_as_they_type(live_server, page, login, users, org):
    login("grouphr")
    page.goto(f"{live_server.url}/org/employees/")
    expect(page.get_by_role("link", name="Lefèvre, Bruno")).to_be_visible()
    page.fill("input[type=search]", "Gonç")
    # htmx swaps the table without reloading the page.
    expect(page.get_by_role("link", name="Lefèvre, Bruno")).to_have_count(0)
    expect(page.get_by_role("link", name="Gonçalves, Dário")).to_be_visible()
    assert "q=Gon" in page.url


def test_it_lets_hr_move_an_employee_to_another_team(live_server, page, login, users, org):
    login("hr-a")
    page.goto(f"{live_server.url}/org/employees/{org.dario.pk}/")
    page.get_by_role("button", name="Edit").click()
    page.select_option("#id_team", label="Plant A · Assembly")
    page.fill("#id_effective", "2026-09-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Changes saved.")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("Assembly")
    expect(page.locator("table.audit")).to_contain_text("Presses A → Assembly")


def test_it_shows_a_clear_message_for_an_overlapping_leave(live_server, page, login, users, org):
    login("hr-a")
    for first, last in (("2026-02-02", "2026-02-06"), ("2026-02-05", "2026-02-10")):
        page.goto(f"{live_server.url}/org/employees/{org.chloe.pk}/leaves/new/")
        page.select_option("#id_kind", "sick")
        page.fill("#id_first_day", first)
        page.fill("#id_last_day", last)
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").first).to_contain_text("overlaps another leave")
    # What was typed is still there to correct.
    expect(page.locator("#id_first_day")).to_have_value("2026-02-05")


def test_it_opens_the_manager_tree_of_a_site(live_server, page, login, users, org):
    login("grouphr")
    page.goto(f"{live_server.url}/org/sites/{org.site_a.pk}/tree/")
    tree = page.locator(".tree")
    expect(tree).to_contain_text("Alice Martin")
    expect(tree).to_contain_text("Bruno Lefèvre")
    # Teams below the first level open on demand.
    expect(page.get_by_text("Chloé Dubois")).to_be_hidden()
    page.locator("summary", has_text="Bruno Lefèvre").click()
    expect(page.get_by_text("Chloé Dubois")).to_be_visible()


def test_it_keeps_a_team_leader_to_their_team(live_server, page, login, users, org):
    login("bruno")
    page.goto(f"{live_server.url}/org/employees/")
    expect(page.locator("#results")).to_contain_text("Dubois, Chloé")
    expect(page.locator("#results")).not_to_contain_text("El Amrani")
    page.goto(f"{live_server.url}/org/employees/{org.fatima.pk}/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
@pytest.mark.parametrize("size", list(SIZES))
def test_it_reads_well_on_every_screen(live_server, page, login, users, org, shoot, language, size):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    login("grouphr", language=language)
    pages = {
        "home": "/",
        "employees": "/org/employees/",
        "employee": f"/org/employees/{org.chloe.pk}/",
        "employee-edit": f"/org/employees/{org.chloe.pk}/edit/",
        "site": f"/org/sites/{org.site_a.pk}/",
        "position": f"/org/positions/{org.position.pk}/",
        "audit": "/audit/",
    }
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        assert page.locator("html").get_attribute("lang") == language
        assert _no_sideways_scroll(page), f"{name} scrolls sideways at {size}"
        shoot(f"org-{name}-{size}-{language}")
    if size == "phone":
        menu = page.locator("details.menu summary")
        expect(menu).to_be_visible()
        menu.click()
        expect(page.locator(".menu-links a").nth(1)).to_be_visible()
    else:
        expect(page.locator(".menu-links a").first).to_have_attribute("href", re.compile("/"))
