"""The issue's "done when" in a real Chromium: an objective set in Chloé's 2025 interview
is in her 2026 interview; she notes a value from her phone and gives her self-evaluation;
Bruno evaluates it at his desk and carries it over; her page shows both years side by
side with the chart. Screenshots at phone and desk sizes, in French and Dutch."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from parcours.objectives.choices import ObjectiveStatus
from parcours.objectives.models import CheckIn, Evaluation, Objective
from tests.objectives.conftest import aware, hold_and_sign, level, make_objective, plan

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SIZES = {"phone": (390, 844), "tablet": (800, 1280), "desk": (1440, 900)}


@pytest.fixture
def view(live_server, page):
    """view(language, size) for the next pages."""

    def do(language, size):
        width, height = SIZES[size]
        page.set_viewport_size({"width": width, "height": height})
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )

    return do


@pytest.fixture
def login(live_server, page, view):
    page.set_default_timeout(15_000)

    def do(username, language="en", size="desk"):
        page.context.clear_cookies()
        view(language, size)
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
            page.screenshot(path=str(ARTIFACTS / f"objectives-{name}.png"), full_page=True)

    return do


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_an_objective_of_2025_is_evaluated_in_2026_and_shown_year_by_year(
    live_server, page, login, view, shoot, years
):
    org, users = years.org, years.users
    first = plan(years.interview(2025, org.chloe), users.leader, aware(2025, 2, 10))
    objective = make_objective(
        org.chloe,
        users.leader,
        title="Réduire le taux de rebut de la ligne 3",
        set_in=first,
        period_start=first.scheduled_at.date(),
    )
    hold_and_sign(first, leader_user=users.leader, employee_user=users.operator)
    second = plan(years.interview(2026, org.chloe), users.leader, aware(2026, 2, 12))
    url = live_server.url

    # Chloé, on her phone, in Dutch: a check-in, then her self-evaluation.
    login("chloe", "nl", "phone")
    page.goto(f"{url}/objectives/mine/")
    card = page.locator(f"#objective-{objective.pk}")
    expect(card).to_contain_text("Réduire le taux de rebut de la ligne 3")
    card.locator("details.checkin-box > summary").click()
    card.locator('input[name="value"]').fill("3,4")
    card.locator('textarea[name="note"]').fill("Beter sinds de nieuwe matrijs")
    card.locator('form.checkin-form button[type="submit"]').click()
    expect(page.locator(".message")).to_be_visible()
    assert CheckIn.objects.get(objective=objective).note == "Beter sinds de nieuwe matrijs"
    assert _fits(page)
    shoot("mine-phone-nl")

    page.goto(f"{url}/interviews/{second.pk}/")
    review = page.locator(".objectives-review")
    expect(review).to_contain_text("Réduire le taux de rebut de la ligne 3")
    review.locator(f'select[name="oe-self-level-{objective.pk}"]').select_option(str(level("B").pk))
    review.locator(f'textarea[name="oe-self-comment-{objective.pk}"]').fill("Bijna 3 %")
    review.locator("button[formaction]").click()
    expect(page.locator(".message.success")).to_be_visible()
    shoot("interview-phone-nl")
    assert Evaluation.objects.get(role="self").comment == "Bijna 3 %"

    # Bruno, at his desk, in French: evaluates it next to her self-evaluation.
    login("bruno", "fr", "desk")
    page.goto(f"{url}/interviews/{second.pk}/")
    review = page.locator(".objectives-review")
    expect(review).to_contain_text("Bijna 3 %")
    review.locator(f'select[name="oe-level-{objective.pk}"]').select_option(str(level("C").pk))
    review.locator(f'input[name="oe-value-{objective.pk}"]').fill("3,2")
    review.locator(f'textarea[name="oe-comment-{objective.pk}"]').fill("Bon progrès")
    review.locator(f'select[name="oe-decision-{objective.pk}"]').select_option("carry_over")
    review.locator("button[formaction]").click()
    expect(page.locator(".message.success")).to_be_visible()
    expect(page.locator(".objectives-new")).to_contain_text(
        "Réduire le taux de rebut de la ligne 3"
    )
    shoot("interview-desk-fr")
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.CARRIED_OVER
    assert Objective.objects.get(previous=objective).set_in == second

    # Her employee page: both years side by side, with the chart.
    page.goto(f"{url}/org/employees/{org.chloe.pk}/")
    panel = page.locator("#panel-objectives")
    expect(panel.locator("svg").first).to_be_visible()
    expect(panel.locator("#period-2025")).to_be_visible()
    expect(panel.locator("#period-2026")).to_be_visible()
    expect(panel.locator(".obj-row-carried_over")).to_contain_text("C")
    shoot("employee-panel-desk-fr")
    for language, size in (("nl", "desk"), ("fr", "phone"), ("nl", "phone")):
        view(language, size)
        page.goto(f"{url}/objectives/employees/{org.chloe.pk}/")
        expect(page.locator(".objectives-chart svg")).to_be_visible()
        assert _fits(page), (language, size)
        shoot(f"employee-{size}-{language}")
    for language, size in (("fr", "desk"), ("nl", "phone")):
        view(language, size)
        page.goto(f"{url}/objectives/team/")
        expect(page.locator("#people-title")).to_be_visible()
        assert _fits(page), (language, size)
        shoot(f"team-{size}-{language}")
    view("nl", "desk")
    page.goto(f"{url}/objectives/{objective.pk}/")
    expect(page.locator(".chain li")).to_have_count(2)
    shoot("detail-desk-nl")


# A new objective typed in the interview but not added is never lost silently: the page's
# general Save stops, says so next to the fields and keeps what was typed; the block's own
# button then records it (interviews/block_forms.js, opted into by the block).
def test_the_general_save_warns_instead_of_losing_a_typed_objective(
    live_server, page, login, shoot, years
):
    org, users = years.org, years.users
    interview = plan(years.interview(2026, org.chloe), users.leader, aware(2026, 2, 12))
    url = f"{live_server.url}/interviews/{interview.pk}/"

    for language, size, title in (
        ("fr", "desk", "Former un binôme sur la presse"),
        ("nl", "phone", "Een collega opleiden op de pers"),
    ):
        login("bruno", language, size)
        page.goto(url)
        block = page.locator(".objectives-new")
        block.locator('input[name="on-title"]').fill(title)
        block.locator('input[name="on-target"]').fill("2")
        page.locator(".save-bar button:not([formaction])").click()
        warning = block.locator(".block-unsaved")
        expect(warning).to_be_visible()
        # The warning names the block's button, in the page's language.
        button = block.locator("button[formaction]").inner_text().strip()
        expect(warning).to_contain_text(button)
        assert page.url == url  # not sent: still on the page, nothing reloaded
        expect(block.locator('input[name="on-title"]')).to_have_value(title)
        expect(block.locator('input[name="on-title"]')).to_be_focused()
        assert not Objective.objects.filter(title=title).exists()
        shoot(f"block-unsaved-{size}-{language}")

        # The block's own button records it; then the general Save goes through.
        block.locator("button[formaction]").click()
        expect(page.locator(".message.success")).to_be_visible()
        assert Objective.objects.get(title=title).set_in_id == interview.pk
        expect(page.locator(".objectives-new")).to_contain_text(title)
        page.locator(".save-bar button:not([formaction])").click()
        expect(page.locator(".message.success")).to_be_visible()
        expect(page.locator(".block-unsaved")).to_have_count(0)
