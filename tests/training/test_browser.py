"""The issue's acceptance in a real Chromium: a team leader records a training request in
the interview; the coordinator of the plant sees it at once, approves it with the budget
in view, plans it and marks it done; the team leader confirms the new level on their
phone; the plan shows the cost; the operator reads her trainings. In French and Dutch,
on a phone and at a desk."""

import re

import pytest
from playwright.sync_api import expect

from parcours.skills.models import CurrentLevel
from parcours.training.models import TrainingRequest
from tests.browser.conftest import SIZES

pytestmark = pytest.mark.browser


def _size(page, size):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})


def _as(page, login, username, language, size):
    page.context.clear_cookies()
    _size(page, size)
    login(username, language=language)


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_request_from_the_interview_to_the_skills_and_the_plan(
    live_server, page, login, shoot, org, users, world, review
):
    interview, section = review
    url = live_server.url

    # The team leader, in French at his desk, adds a request in Chloé's interview.
    _as(page, login, "bruno", "fr", "desk")
    page.goto(f"{url}/interviews/{interview.pk}/")
    block = page.locator(f"#training-request-{section.pk}")
    block.locator("select[name=tr-training]").select_option(label="Bases de la presse")
    block.locator("textarea[name=tr-reason]").fill("Tenir la presse 400 t seule en équipe de nuit")
    block.locator("select[name=tr-priority]").select_option("high")
    shoot("training-interview-block-desk-fr")
    block.locator("button[formaction]").click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator(f"#training-request-{section.pk}")).to_contain_text("Bases de la presse")
    request = TrainingRequest.objects.get()
    assert (request.origin, request.interview_id) == ("interview", interview.pk)

    # The coordinator, in Dutch at her desk, sees it at once and decides.
    _as(page, login, "coord-a", "nl", "desk")
    menu = page.locator("details.menu > summary")
    if menu.is_visible():
        menu.click()
    page.locator(".menu-links a[href='/training/']").click()
    row = page.locator(f"tr[data-request='{request.pk}']")
    expect(row).to_contain_text("Chloé Dubois")
    expect(row).to_contain_text("Tenir la presse 400 t")
    shoot("training-queue-desk-nl")
    row.locator("a").first.click()
    expect(page.locator(".tr-budget")).to_contain_text(re.compile(r"10\D?000"))
    shoot("training-decision-desk-nl")
    _size(page, "phone")
    page.reload()
    assert _no_sideways_scroll(page)
    shoot("training-decision-phone-nl")
    page.locator("form[action$='/approve/'] button[type=submit]").click()
    page.locator("select[name=session]").select_option(str(world.session.pk))
    page.locator("form[action$='/plan/'] button[type=submit]").click()
    expect(page.locator(".tr-status")).to_have_class("tr-status tr-planned")
    page.locator("form[action$='/done/'] select[name=result]").select_option("passed")
    page.locator("form[action$='/done/'] button[type=submit]").click()
    expect(page.locator(".tr-status")).to_have_class("tr-status tr-done")
    assert not CurrentLevel.objects.filter(employee=org.chloe, skill=world.press).exists()

    # The team leader confirms the level on his phone.
    _as(page, login, "bruno", "fr", "phone")
    page.goto(f"{url}/training/team/")
    card = page.locator("article[data-proposal]")
    expect(card).to_contain_text("Chloé Dubois")
    expect(card).to_contain_text("Presse 400 t")
    assert _no_sideways_scroll(page)
    shoot("training-team-phone-fr")
    card.locator("button[value=confirm]").click()
    expect(page.locator("article[data-proposal]")).to_have_count(0)
    level = CurrentLevel.objects.get(employee=org.chloe, skill=world.press)
    assert (level.level, level.assessment.source) == (3, "training")

    # HR of the plant reads the cost in the plan, in French and in Dutch.
    for language in ("fr", "nl"):
        _as(page, login, "hr-a", language, "desk")
        page.goto(f"{url}/training/plan/")
        expect(page.locator("[data-spent]")).to_contain_text("450")
        expect(page.locator("[data-remaining]")).to_contain_text(re.compile(r"9\D?550"))
        shoot(f"training-plan-desk-{language}")
    _size(page, "phone")
    page.reload()
    assert _no_sideways_scroll(page)
    shoot("training-plan-phone-nl")

    # Chloé reads her trainings and asks for another, on her phone.
    for language in ("fr", "nl"):
        _as(page, login, "chloe", language, "phone")
        page.goto(f"{url}/training/mine/")
        expect(page.locator(f"article[data-request='{request.pk}']")).to_contain_text(
            "Bases de la presse" if language == "fr" else "Basis pers"
        )
        assert _no_sideways_scroll(page)
        shoot(f"training-mine-phone-{language}")
    page.locator("a.tr-big").click()
    page.locator("#id_title").fill("Nederlands voor beginners")
    page.locator("#id_reason").fill("Om met de collega's in Gent te praten")
    shoot("training-ask-phone-nl")
    page.locator("button.tr-big").click()
    expect(page.locator("article.tr-card").first).to_contain_text("Nederlands voor beginners")
    _size(page, "desk")
    shoot("training-mine-desk-nl")
