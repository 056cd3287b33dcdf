"""Fixtures of shop-floor access: a kiosk of plant A, clients that hold its cookie, and the
interviews of the shared organisation (annual reviews launched over both plants)."""

import html
import re

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


# What a person reads on a page. Plant A's kiosk speaks French before sign-in: the tests
# assert the French words as in src/parcours/locale/fr/LC_MESSAGES/django.po.
SIGN_IN_FR = "Bonjour ! Connectez-vous"
NOT_RIGHT_FR = "Numéro ou code PIN incorrect. Réessayez."


def text(response) -> str:
    """The page's words as shown (entities such as n&#x27;est turned back)."""
    return html.unescape(response.content.decode())


def alerts(response) -> list[str]:
    """The form's errors not tied to one field (the red box at the top of the form)."""
    boxes = re.findall(
        r'<div class="message error" role="alert">(.*?)</div>', response.content.decode(), re.S
    )
    return [html.unescape(p) for box in boxes for p in re.findall(r"<p>(.*?)</p>", box, re.S)]


def field_errors(response, name: str) -> list[str]:
    """The errors shown under the field `name` (its own `<div class="field">`)."""
    for block in response.content.decode().split('<div class="field">')[1:]:
        block = block.split("</div>")[0]
        if f'id="id_{name}"' in block:
            return [
                html.unescape(e)
                for e in re.findall(r'<small class="field-error" role="alert">(.*?)</small>', block)
            ]
    raise AssertionError(f"no field {name!r} on the page")
