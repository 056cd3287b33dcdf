"""The import pages in a real Chromium at phone, tablet and desk width."""

import os
from pathlib import Path

import pytest

from parcours.imports.models import ImportRun
from tests.imports.conftest import fixture_path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SIZES = {"phone": (390, 844), "tablet": (800, 1280), "desk": (1440, 900)}

pytestmark = pytest.mark.browser


@pytest.fixture
def imp_browser_hr(imp_hr):
    imp_hr.set_password("secret-pass-123")
    imp_hr.save()
    return imp_hr


def _shoot(page, name):
    if os.environ.get("PARCOURS_SCREENSHOTS", "1") != "0":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"imports-{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_hr_checks_and_imports_a_file_in_the_browser(
    live_server, page, imp_sites, imp_browser_hr, settings
):
    settings.AXES_ENABLED = False
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", imp_browser_hr.username)
    page.fill("#id_password", "secret-pass-123")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/imports/new/")
    page.set_input_files("#id_file", str(fixture_path("sf_basic_import_user_data.csv")))
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Confirm the import")
    run = ImportRun.objects.get()
    for name, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        _shoot(page, f"report-{name}")
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        offenders = page.evaluate(
            """() => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 8).map(e => e.tagName + ' ' + (e.innerText || '').slice(0, 60))"""
        )
        assert not overflow, (name, offenders)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.select_option("#id_severity", "error")
    page.wait_for_function(
        "![...document.querySelectorAll('#findings td code')]"
        ".some(c => c.innerText === 'LEADING_ZEROS')"
    )
    assert "severity=error" in page.url
    assert page.locator("#findings td[data-label='Code']").count() == 11
    page.click("form[action$='/apply/'] button")
    page.wait_for_selector("text=Imported")
    run.refresh_from_db()
    assert run.status == "applied"
    _shoot(page, "applied-desk")
    page.goto(f"{live_server.url}/imports/")
    page.set_viewport_size({"width": 390, "height": 844})
    _shoot(page, "history-phone")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
