"""Shop-floor access in a real Chromium, at tablet and phone sizes: an operator without an
account signs in at a kiosk, prepares in French, signs after the interview with the
manager's check, asks for a training and is signed out when idle; the next person sees
nothing. axe-core checks every kiosk and self-service page; keyboard and 200 % zoom too."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from parcours.interviews import services as interview_services
from parcours.interviews.choices import InterviewStatus
from parcours.kiosk import services
from parcours.kiosk.models import KioskDevice
from parcours.training.models import TrainingRequest
from tests.interviews.conftest import answer_everything
from tests.kiosk.conftest import PIN, give_pin

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def login(live_server, page):
    """login(username, language): signs in through the real login form."""

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


def shoot(page, name):
    if os.environ.get("PARCOURS_SCREENSHOTS", "1") != "0":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"kiosk-{name}.png"), full_page=True)


def axe(page, checked: list):
    """No serious or critical WCAG 2.x A/AA violation on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, (page.url, bad)
    checked.append(re.sub(r"https?://[^/]+", "", page.url))


def zoomed_fits(page):
    """At 200 % zoom (the viewport halved; WCAG's reflow asks for 320 CSS pixels at the
    narrowest), nothing scrolls sideways."""
    size = page.viewport_size
    page.set_viewport_size(
        {"width": max(320, size["width"] // 2), "height": max(256, size["height"] // 2)}
    )
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.set_viewport_size(size)
    return fits


def test_operator_at_the_kiosk_tablet(live_server, page, login, world, org, users):
    base = live_server.url
    page.set_default_timeout(15_000)
    page.set_viewport_size({"width": 800, "height": 1280})
    checked: list = []
    errors: list = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    org.dario.preferred_language = "fr"
    org.dario.save()
    assert org.dario.user_id is None
    code = services.issue_code(employee=org.dario, user=users.leader)

    # Site HR registers the tablet, on the tablet; then it shows the sign-in screen.
    login("hr-a")
    page.goto(f"{base}/kiosk/tablets/")
    axe(page, checked)
    page.select_option("#id_site", label="Plant A")
    page.fill("#id_name", "Salle de pause")
    page.fill("#id_idle_seconds", "90")
    page.get_by_role("button", name="Make this tablet a kiosk").click()
    page.wait_for_url(f"{base}/kiosk/")
    assert page.locator("html").get_attribute("lang") == "fr"
    axe(page, checked)
    assert zoomed_fits(page)
    shoot(page, "tablet-sign-in-fr")

    # First use: the one-time code of his slip, then a new PIN twice; the kiosk speaks
    # French (plant A), then Dário's French: the words as in the French .po.
    page.get_by_role("link", name=re.compile("Utilisez votre code à usage unique")).click()
    axe(page, checked)
    page.fill("#id_number", org.dario.employee_number)
    page.fill("#id_code", code)
    page.fill("#id_pin", "4719")
    page.fill("#id_again", "4719")
    page.get_by_role("button", name=re.compile("Enregistrer mon code PIN")).click()
    page.wait_for_url(f"{base}/kiosk/me/")
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dário")
    axe(page, checked)
    assert zoomed_fits(page)
    shoot(page, "tablet-home-fr")
    org.dario.refresh_from_db()
    assert org.dario.user.username == f"emp-{org.dario.pk}"

    page.get_by_role("link", name=re.compile("Mon prochain entretien")).click()
    axe(page, checked)
    page.get_by_role("link", name=re.compile("Préparer mon entretien")).click()
    expect(page.locator("#prep-progress")).to_be_visible()
    axe(page, checked)
    assert zoomed_fits(page)
    shoot(page, "tablet-prepare-fr")
    # The questions in French: the template's French labels.
    expect(page.locator("h2.q-label")).to_contain_text("achievements (fr)")
    # Read aloud: shown where the browser can speak, in the page's language.
    if page.evaluate("'speechSynthesis' in window"):
        page.locator(".read-aloud").click()
    else:
        expect(page.locator(".read-aloud")).to_be_hidden()
    page.locator("textarea").fill("J'ai formé deux intérimaires.")
    expect(page.locator(".save-state")).to_have_class(re.compile("state-saved"), timeout=10_000)
    page.locator("button[name=next]").click()
    expect(page.locator("h2.q-label")).to_contain_text("rating (fr)")
    page.locator(".choice").nth(2).click()
    page.locator("button[name=next]").click()
    expect(page.locator("h2.q-label")).to_contain_text("wish (fr)")
    page.locator(".choice").first.click()
    page.locator("button[name=next]").click()
    page.locator(".choice").first.click()
    page.locator("button[name=next]").click()
    expect(page.get_by_text("J'ai formé deux intérimaires.")).to_be_visible()
    axe(page, checked)
    page.get_by_role("button", name=re.compile("Envoyer ma préparation")).click()
    page.wait_for_url(f"{base}/kiosk/me/")
    interview = world.interview(org.dario)
    assert interview.status == InterviewStatus.PREPARED
    answers = {
        a.question.labels["en"]: a.value for a in interview.answers.select_related("question")
    }
    assert answers["Achievements"] == "J'ai formé deux intérimaires." and answers["Rating"] == 3

    # The interview is held; the report waits for both signatures on this screen.
    answer_everything(interview, sides=("manager",), user=users.leader)
    interview_services.interview_hold(interview=interview, user=users.leader)
    page.reload()
    page.get_by_role("link", name=re.compile("Lire et signer le compte rendu")).click()
    axe(page, checked)
    page.fill("#id_pin", "4719")
    page.get_by_role("button", name=re.compile("Je signe")).click()
    expect(page.locator("#id_username")).to_be_visible()
    axe(page, checked)
    shoot(page, "tablet-sign-fr")
    page.fill("#id_username", "bruno")
    page.fill("#id_password", "secret-pass-123")
    page.get_by_role("button", name=re.compile("Signer en tant que responsable")).click()
    download = page.get_by_role("link", name=re.compile("Télécharger le compte rendu signé"))
    expect(download).to_be_visible()
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.SIGNED
    page.goto(f"{base}/kiosk/me/reports/")
    axe(page, checked)
    page.goto(f"{base}/kiosk/me/skills/")
    axe(page, checked)

    # A training, through the training app's tile and its ask page.
    page.goto(f"{base}/kiosk/me/")
    page.get_by_role("link", name=re.compile("Mes formations")).click()
    page.goto(f"{base}/training/ask/")
    page.fill("#id_title", "Cariste")
    page.fill("#id_reason", "Pour remplacer au magasin.")
    page.get_by_role("button", name=re.compile("Envoyer ma demande")).click()
    page.wait_for_url(re.compile("/training/"))
    assert TrainingRequest.objects.filter(employee=org.dario).exists()

    # HR shortens the idle time; nobody touches the tablet: the countdown shows, then the
    # kiosk signs him out.
    KioskDevice.objects.filter(name="Salle de pause").update(idle_seconds=6)
    page.goto(f"{base}/kiosk/me/")
    page.evaluate("localStorage.setItem('parcours:answer:test', '\"x\"')")
    expect(page.locator("#idle-warning")).to_be_visible(timeout=15_000)
    page.wait_for_url(f"{base}/kiosk/", timeout=20_000)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour ! Connectez-vous")
    content = page.content()
    assert "Dário" not in content and "Gonçalves" not in content
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('parcours:'))") == []
    page.go_back()
    assert "Gonçalves" not in page.content()
    page.goto(f"{base}/kiosk/me/")
    page.wait_for_url(f"{base}/kiosk/")
    assert checked and not errors


def test_phone_qr_code_keyboard_and_the_next_person(live_server, page, world, org, users):
    """Chloé opens her slip's QR link on her phone; then Fatima, at the kiosk, uses the
    keyboard only and sees nothing of Chloé."""
    base = live_server.url
    page.set_default_timeout(15_000)
    page.set_viewport_size({"width": 390, "height": 844})
    checked: list = []
    give_pin(org.chloe)
    _link, token = services.qr_issue(employee=org.chloe, user=users.site_hr_a)
    page.goto(f"{base}/kiosk/q/{token}/")
    axe(page, checked)
    page.fill("#id_pin", PIN)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/kiosk/me/")
    axe(page, checked)
    assert zoomed_fits(page)
    shoot(page, "phone-home-en")
    page.get_by_role("link", name=re.compile("Prepare my interview")).click()
    axe(page, checked)
    assert zoomed_fits(page)
    shoot(page, "phone-prepare-en")
    page.get_by_role("button", name=re.compile("Done")).click()
    page.wait_for_url(f"{base}/kiosk/")
    axe(page, checked)  # not a kiosk: how to reach one's page
    page.goto(f"{base}/kiosk/q/{token}x/")
    axe(page, checked)

    # The same phone-sized screen as a kiosk in Dutch, used with the keyboard only.
    device, kiosk_token = services.device_register(
        site=org.site_a, name="Hal", user=users.site_hr_a
    )
    from tests.kiosk.conftest import device_cookie

    page.context.add_cookies(
        [{"name": "parcours_kiosk", "value": device_cookie(kiosk_token), "url": base}]
    )
    org.fatima.preferred_language = "nl"
    org.fatima.save()
    give_pin(org.fatima)
    page.goto(f"{base}/kiosk/")
    assert "Chloé" not in page.content()
    page.keyboard.type(org.fatima.employee_number)  # the number field has the focus
    page.keyboard.press("Tab")
    page.keyboard.type(PIN)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/kiosk/me/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "Chloé" not in page.content()
    shoot(page, "phone-home-nl")
    # Tab reaches the Done button, Enter signs out.
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('done-button')"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/kiosk/")
    assert KioskDevice.objects.get(pk=device.pk).last_seen_at is not None


def test_management_pages_are_accessible(live_server, page, login, world, org, users):
    base = live_server.url
    page.set_default_timeout(15_000)
    page.set_viewport_size({"width": 1440, "height": 900})
    checked: list = []
    give_pin(org.chloe)
    login("hr-a", language="fr")
    for url in ["/kiosk/access/", f"/kiosk/access/{org.chloe.pk}/", "/kiosk/paper/"]:
        page.goto(base + url)
        axe(page, checked)
    shoot(page, "desk-paper-fr")
    page.goto(f"{base}/kiosk/access/{org.chloe.pk}/")
    page.get_by_role("button", name="Donner un nouveau code à usage unique").click()
    expect(page.locator("#new-code")).to_have_text(re.compile(r"^\d{8}$"))
    shoot(page, "desk-access-fr")
    device = KioskDevice.objects.create(site=org.site_a, name="Hal", token_hash="x" * 64)
    page.goto(f"{base}/kiosk/tablets/{device.pk}/")
    axe(page, checked)
    page.context.clear_cookies()
    login("hr-b", language="nl")
    page.goto(f"{base}/kiosk/access/")
    shoot(page, "desk-access-nl")
