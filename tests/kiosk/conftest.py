"""Fixtures of shop-floor access: a kiosk of plant A, clients that hold its cookie, and the
interviews of the shared organisation (annual reviews launched over both plants)."""

import pytest
from django.core.cache import cache
from django.core.signing import get_cookie_signer
from django.test import Client

from parcours.kiosk import services
from parcours.kiosk.session import DEVICE_COOKIE, DEVICE_SALT
from tests.interviews.conftest import _media_in_tmp, world  # noqa: F401

PIN = "2580"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def kiosk(org, users):
    """The break-room tablet of plant A and its token."""
    device, token = services.device_register(
        site=org.site_a, name="Break room", idle_seconds=60, user=users.site_hr_a
    )
    device.token = token
    return device


def device_cookie(token: str) -> str:
    return get_cookie_signer(salt=DEVICE_COOKIE + DEVICE_SALT).sign(token)


@pytest.fixture
def tablet(kiosk):
    """make() gives a test client that is the kiosk tablet (it holds its cookie)."""

    def make(device=None):
        client = Client()
        client.cookies[DEVICE_COOKIE] = device_cookie((device or kiosk).token)
        return client

    return make


def give_pin(employee, pin=PIN, user=None):
    """The employee chose this PIN (through the real first-use service)."""
    code = services.issue_code(employee=employee, user=user, check=False)
    result = services.choose_pin(
        employee=employee,
        number=employee.employee_number,
        code=code,
        pin=pin,
        again=pin,
        channel="kiosk",
    )
    assert result.ok
    return employee


def sign_in(client, employee, pin=PIN):
    return client.post("/kiosk/", {"number": employee.employee_number, "pin": pin})
