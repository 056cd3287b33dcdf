"""HR of a French plant in a real Chromium: who is overdue and what is at stake, the same
page as of last year, and a campaign for everyone due next quarter; screenshots on a phone
and at a desk, in French and Dutch."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from parcours.interviews.models import Campaign, Interview

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SIZES = {"phone": (390, 844), "tablet": (800, 1280), "desk": (1440, 900)}


@pytest.fixture
def login(live_server, page):
    """login(username, language) signs in through the real form."""
    page.set_default_timeout(10_000)

    def do(username, language="en"):
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
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return do


TODAY = "2026-11-27"
LAST_YEAR = "2025-11-27"


def _size(page, size):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_hr_of_a_french_plant_sees_what_is_at_stake_and_launches_a_campaign(
    world, live_server, login, shoot
):
    page = login("hr-a", language="fr")
    _size(page, "desk")
    site = world.org.site_a
    page.goto(f"{live_server.url}/compliance/?on={TODAY}")
    page.get_by_role("link", name=site.name).first.click()
    # Amounts are written as people of the language write them: 9 000 € in French.
    expect(page.locator("#at-stake")).to_have_text(re.compile(r"^9\s000 €$"))
    overdue = page.locator("#overdue")
    expect(overdue).to_contain_text("Chloé Dubois")
    expect(overdue).to_contain_text("Dário Gonçalves")
    expect(page.locator("#at-risk")).to_contain_text("Dário Gonçalves")
    expect(page.locator("#at-risk")).not_to_contain_text("Chloé Dubois")
    shoot("compliance-site-desk-fr")

    # Last year's picture: Bruno was not hired yet, Emre's late interview not held yet.
    page.fill("#id_on", LAST_YEAR)
    page.locator("form.as-of button").click()
    page.wait_for_url(re.compile(f"on={LAST_YEAR}"))
    expect(page.locator("#id_on")).to_have_value(LAST_YEAR)
    expect(page.locator("main")).not_to_contain_text("Bruno Lefèvre")
    expect(page.locator("#summary")).to_contain_text("5")  # employees employed then
    shoot("compliance-site-last-year-desk-fr")

    # Back to today: a campaign for everyone due next quarter (the form's default).
    page.fill("#id_on", TODAY)
    page.locator("form.as-of button").click()
    page.wait_for_url(re.compile(f"on={TODAY}"))
    expect(page.locator("#id_due_from")).to_have_value("2027-01-01")
    expect(page.locator("#id_due_to")).to_have_value("2027-03-31")
    page.locator("#campaign button[type=submit]").click()
    page.wait_for_url(re.compile(r"/interviews/campaigns/\d+/"))
    campaign = Campaign.objects.get()
    assert set(
        Interview.objects.filter(campaign=campaign).values_list("employee_id", flat=True)
    ) == {world.org.bruno.pk}
    shoot("compliance-campaign-desk-fr")


def test_the_pages_fit_the_screen_in_french_and_dutch(world, live_server, login, shoot):
    page = login("hr-a", language="fr")
    for language, size in (("fr", "phone"), ("nl", "phone"), ("nl", "desk")):
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        _size(page, size)
        page.goto(f"{live_server.url}/compliance/sites/{world.org.site_a.pk}/?on={TODAY}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        thousands = r"\s" if language == "fr" else r"\."
        expect(page.locator("#at-stake")).to_have_text(re.compile(rf"^9{thousands}000 €$"))
        _no_sideways_scroll(page)
        shoot(f"compliance-site-{size}-{language}")
        page.goto(f"{live_server.url}/org/employees/{world.org.chloe.pk}/")
        expect(page.locator("#panel-obligations")).to_contain_text("FR-EP")
        _no_sideways_scroll(page)
        shoot(f"compliance-employee-{size}-{language}")
