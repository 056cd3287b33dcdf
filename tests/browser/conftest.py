import os
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SIZES = {"phone": (390, 844), "tablet": (800, 1280), "desk": (1440, 900)}


@pytest.fixture
def login(live_server, page):
    """login(username, password, language) signs in through the real form."""

    page.set_default_timeout(10_000)

    def do(username, password="secret-pass-123", language="en"):
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return do


@pytest.fixture
def shoot(page):
    """shoot(name) saves a screenshot to test-artifacts/ for a person to look at."""

    def do(name):
        if os.environ.get("PARCOURS_SCREENSHOTS", "1") != "0":
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return do
