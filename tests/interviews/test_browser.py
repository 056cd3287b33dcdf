"""The interview pages in a real Chromium: HR designs and launches, a team leader holds
an interview on a tablet, the operator signs on the same screen, the board follows."""

import os
import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from parcours.interviews.models import Campaign, Interview, InterviewTemplate
from tests.interviews.conftest import build_template

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SIZES = {"phone": (390, 844), "tablet": (800, 1280), "desk": (1440, 900)}


def _sign_in(page, base_url, username, language="en"):
    page.set_default_timeout(15_000)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "secret-pass-123")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")
    return page


@pytest.fixture
def login(live_server, page):
    """login(username, language): signs in through the real form, in the test's page."""

    def do(username, language="en"):
        return _sign_in(page, live_server.url, username, language)

    return do


def _shoot(page, name):
    if os.environ.get("PARCOURS_SCREENSHOTS", "1") != "0":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _draw(page, canvas):
    box = canvas.bounding_box()
    x, y = box["x"] + 30, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(x + step * 18, y + (20 if step % 2 else -20), steps=3)
    page.mouse.up()


def test_it_takes_an_interview_from_template_to_signed_pdf(
    live_server, page, browser, login, users, org, settings, tmp_path
):
    settings.PARCOURS_BOARD_POLL_SECONDS = 1
    base = live_server.url
    staff = build_template(name="Staff review", user=users.group_hr)

    # HR builds the operators' template at the desk.
    page.set_viewport_size({"width": 1440, "height": 900})
    login("grouphr")
    page.goto(f"{base}/interviews/templates/new/")
    page.select_option("#id_kind", label="Annual review")
    page.fill("#id_labels_en", "Operators 2027")
    page.fill("#id_labels_fr", "Opérateurs 2027")
    page.get_by_label("Operator", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Operators 2027")).to_be_visible()
    page.get_by_role("button", name="Add a section").click()
    page.fill("#id_labels_en", "The year")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Add a question").click()
    page.select_option("#id_type", "scale")
    page.select_option("#id_respondent", "separately")
    page.check("#id_required")
    page.fill("#id_labels_en", "Quality of work")
    page.fill("#id_options_en", "Poor\nGood\nExcellent")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Add a question").click()
    page.select_option("#id_type", "text")
    page.select_option("#id_respondent", "manager")
    page.check("#id_required")
    page.fill("#id_labels_en", "Summary of the year")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Add a section").click()
    page.fill("#id_labels_en", "Signatures")
    page.select_option("#id_block_code", "signature")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".designer-questions")).to_contain_text("Poor / Good / Excellent")
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_text("Version 1 is published")).to_be_visible()
    _shoot(page, "interviews-template-desk")

    # HR launches a campaign over both plants, a template for operators, one for staff.
    today = timezone.localdate()
    page.goto(f"{base}/interviews/campaigns/new/")
    page.fill("#id_name", "Reviews 2027")
    page.select_option("#id_kind", label="Annual review")
    page.fill("#id_opens_on", today.isoformat())
    page.fill("#id_deadline", (today + timedelta(days=60)).isoformat())
    page.get_by_label("Plant A", exact=True).check()
    page.get_by_label("Plant B", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Reviews 2027")).to_be_visible()
    operators = InterviewTemplate.objects.get(labels__en="Operators 2027")
    page.select_option(f"#id_category_{org.chloe.category_id}", str(operators.pk))
    page.select_option(f"#id_category_{org.bruno.category_id}", str(staff.pk))
    page.select_option(f"#id_category_{org.alice.category_id}", str(staff.pk))
    page.get_by_role("button", name="Save the templates").click()
    expect(page.get_by_text("Templates saved.")).to_be_visible()
    expect(page.get_by_text("Employees in scope")).to_be_visible()
    page.get_by_role("button", name="Launch the campaign").click()
    expect(page.locator(".messages")).to_contain_text(
        "8 interviews created (Plant A: 6, Plant B: 2;"
    )
    campaign = Campaign.objects.get(name="Reviews 2027")
    chloe = Interview.objects.get(campaign=campaign, employee=org.chloe)
    assert chloe.template_version.template == operators
    assert (
        Interview.objects.get(campaign=campaign, employee=org.bruno).template_version.template
        == staff
    )

    # HR keeps the board open on the desk.
    page.goto(f"{base}/interviews/board/?campaign={campaign.pk}&group=site")
    expect(page.locator('[data-count="signed"]')).to_have_text("0")
    page.evaluate("window.notReloaded = true")

    # The team leader plans and holds the interview on a tablet.
    tablet = browser.new_context(viewport={"width": 800, "height": 1280})
    leader = tablet.new_page()
    _sign_in(leader, base, "bruno")
    leader.goto(f"{base}/interviews/{chloe.pk}/")
    leader.get_by_role("button", name="Plan", exact=True).click()
    leader.fill("#id_scheduled_at", f"{today.isoformat()}T10:30")
    leader.fill("#id_location", "Line 3 office")
    leader.get_by_role("button", name="Confirm").click()
    expect(leader.get_by_text("The interview is planned.")).to_be_visible()
    expect(leader.locator(".status").first).to_have_text("Planned")
    employee_side = leader.locator(".slot-employee")
    manager_side = leader.locator(".slot-manager")
    employee_side.get_by_text("Excellent").click()
    expect(employee_side.locator(".save-state")).to_contain_text("Saved at")
    manager_side.first.get_by_text("Good").click()
    expect(manager_side.first.locator(".save-state")).to_contain_text("Saved at")
    leader.locator("textarea").first.fill("A solid year on the presses.")
    expect(manager_side.nth(1).locator(".save-state")).to_contain_text("Saved at")
    assert _no_sideways_scroll(leader)
    _shoot(leader, "interviews-detail-tablet")
    leader.get_by_role("button", name="Mark as held").click()
    expect(leader.get_by_text("The interview is held")).to_be_visible()

    # Chloé signs on the same tablet, then Bruno confirms.
    employee_pad = leader.locator(".sign-pad").filter(has_text="the employee, signs here")
    _draw(leader, employee_pad.locator("canvas"))
    employee_pad.locator("textarea").fill("I would like to learn the new press.")
    _shoot(leader, "interviews-sign-tablet")
    employee_pad.get_by_role("button", name="Sign", exact=True).click()
    expect(leader.get_by_text("The signature is recorded.")).to_be_visible()
    leader.get_by_role("button", name="Confirm as Bruno Lefèvre without drawing").click()
    expect(leader.get_by_text("Signed by both: the report is locked.")).to_be_visible()
    expect(leader.locator(".digest code")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    signature = chloe.signatures.get(role="employee")
    assert signature.image.startswith("data:image/png;base64,")

    # The board on the desk changed without a reload.
    expect(page.locator('[data-count="signed"]')).to_have_text("1", timeout=10_000)
    assert page.evaluate("window.notReloaded") is True

    # The PDF's first page names the employee.
    pdf = leader.request.get(f"{base}/interviews/{chloe.pk}/report.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.body())
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            "-r",
            "60",
            str(path),
            str(ARTIFACTS / "interviews-report-page"),
        ],
        check=True,
    )
    assert list(ARTIFACTS.glob("interviews-report-page*.png"))
    first_page = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Chloé Dubois" in first_page
    tablet.close()


def test_it_keeps_an_answer_typed_while_the_network_is_down(live_server, page, login, world):
    interview = world.interview(world.org.chloe)
    page.set_viewport_size({"width": 800, "height": 1280})
    login("bruno")
    url = f"{live_server.url}/interviews/{interview.pk}/"
    page.goto(url)
    context = page.context
    context.set_offline(True)
    box = page.locator(".slot-manager").filter(has=page.locator("textarea")).first
    box.locator("textarea").fill("Typed without network")
    expect(box.locator(".save-state")).to_contain_text("Not saved yet")
    # The tablet goes to sleep with the page still offline; it is opened again later.
    page.close()
    context.set_offline(False)
    again = context.new_page()
    again.goto(url)
    box = again.locator(".slot-manager").filter(has=again.locator("textarea")).first
    expect(box.locator("textarea")).to_have_value("Typed without network")
    expect(box.locator(".save-state")).to_contain_text("Saved at")
    assert interview.answers.get(question__labels__en="Summary").value == "Typed without network"


def test_it_shows_a_conflict_and_lets_the_person_choose(live_server, page, browser, login, world):
    interview = world.interview(world.org.chloe)
    login("bruno")
    page.goto(f"{live_server.url}/interviews/{interview.pk}/")
    other = browser.new_context().new_page()
    _sign_in(other, live_server.url, "bruno")
    other.goto(f"{live_server.url}/interviews/{interview.pk}/")
    summary = page.locator(".slot-manager").filter(has=page.locator("textarea")).first
    summary.locator("textarea").fill("From the desk")
    expect(summary.locator(".save-state")).to_contain_text("Saved at")
    theirs = other.locator(".slot-manager").filter(has=other.locator("textarea")).first
    theirs.locator("textarea").fill("From the tablet")
    conflict = theirs.locator(".conflict")
    expect(conflict).to_contain_text("From the desk")
    expect(conflict).to_contain_text("From the tablet")
    conflict.get_by_role("button", name="Keep mine").click()
    expect(theirs.locator(".save-state")).to_contain_text("Saved at")
    assert interview.answers.get(question__labels__en="Summary").value == "From the tablet"


@pytest.mark.parametrize("size", list(SIZES))
def test_it_reads_well_on_every_screen(live_server, page, login, world, size):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    interview = world.interview(world.org.chloe)
    pages = {
        "hr": {
            "board": "/interviews/board/",
            "list": "/interviews/list/",
            "campaign": f"/interviews/campaigns/{world.campaign.pk}/",
            "template": f"/interviews/templates/{world.template.pk}/",
            "preview": f"/interviews/templates/{world.template.pk}/preview/?as=employee",
            "dossier": f"/interviews/{interview.pk}/dossier/",
        },
        "operator": {"mine": "/interviews/", "prepare": f"/interviews/{interview.pk}/"},
    }
    for who, paths in pages.items():
        page.context.clear_cookies()
        login("grouphr" if who == "hr" else "chloe")
        for name, path in paths.items():
            page.goto(f"{live_server.url}{path}")
            expect(page.locator("h1")).to_be_visible()
            assert _no_sideways_scroll(page), f"{name} scrolls sideways at {size}"
            _shoot(page, f"interviews-{name}-{size}")
