"""Signing in at a kiosk and through a personal QR code: first use, lock-out, token scope,
revocation, idle sign-out, rate limits, and what is left on a shared device."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from parcours.kiosk import services
from parcours.kiosk.models import EmployeeAccess, QRLink, SignInEvent
from parcours.kiosk.session import SESSION_KEY
from tests.kiosk.conftest import (
    NOT_RIGHT_FR,
    PIN,
    SIGN_IN_FR,
    alerts,
    field_errors,
    give_pin,
    sign_in,
    text,
)


def signed_in_employee(client):
    from django.contrib.auth import SESSION_KEY as USER_KEY

    user_id = client.session.get(USER_KEY)
    if user_id is None:
        return None
    return get_user_model().objects.get(pk=user_id).employee


def test_first_use_makes_an_account_and_signs_in(tablet, org, users):
    """Dário has no account: with the one-time code he chooses a PIN and is signed in."""
    assert org.dario.user_id is None
    code = services.issue_code(employee=org.dario, user=users.leader)
    client = tablet()
    response = client.post(
        "/kiosk/first-use/",
        {"number": org.dario.employee_number, "code": code, "pin": "4719", "again": "4719"},
    )
    assert response.status_code == 302 and response["Location"] == "/kiosk/me/"
    org.dario.refresh_from_db()
    account = org.dario.user
    assert account.username == f"emp-{org.dario.pk}" and not account.has_usable_password()
    assert signed_in_employee(client) == org.dario
    assert client.session[SESSION_KEY]["channel"] == "kiosk"
    page = client.get("/kiosk/me/")
    assert "Dário" in page.content.decode()
    # The code is used up: it cannot serve twice (the kiosk of plant A speaks French).
    other = tablet()
    again = other.post(
        "/kiosk/first-use/",
        {"number": org.dario.employee_number, "code": code, "pin": "4719", "again": "4719"},
    )
    assert again.status_code == 400
    assert alerts(again) == [
        "Ce code à usage unique est incorrect ou a expiré. "
        "Demandez-en un nouveau aux RH ou à votre responsable."
    ]
    reasons = list(SignInEvent.objects.filter(employee=org.dario).values_list("reason", flat=True))
    assert reasons == ["wrong_code", "pin_set"]


DIGITS_FR = "Le code PIN a 4 à 6 chiffres."
TOO_EASY_FR = "Ce code PIN est trop facile à deviner : choisissez-en un autre."
NOT_SAME_FR = "Les deux codes PIN ne sont pas identiques. Tapez-les de nouveau."


@pytest.mark.parametrize(
    ("pin", "again", "message"),
    [
        ("12", "12", DIGITS_FR),
        ("1111", "1111", TOO_EASY_FR),
        ("1234", "1234", TOO_EASY_FR),
        ("4719", "4718", NOT_SAME_FR),
        ("47a9", "47a9", DIGITS_FR),
    ],
)
def test_a_bad_new_pin_is_refused_and_the_code_kept(tablet, org, pin, again, message):
    """The message shows under the new PIN, in the kiosk's language (plant A: French)."""
    code = services.issue_code(employee=org.dario, user=None, check=False)
    client = tablet()
    response = client.post(
        "/kiosk/first-use/",
        {"number": org.dario.employee_number, "code": code, "pin": pin, "again": again},
    )
    assert response.status_code == 400
    assert field_errors(response, "pin") == [message] and alerts(response) == []
    assert EmployeeAccess.objects.get(employee=org.dario).has_code


def test_five_wrong_pins_lock_until_the_manager_unlocks(tablet, org, users, client_for):
    give_pin(org.chloe)
    client = tablet()
    locked = (
        "Trop de codes PIN erronés : votre accès est bloqué. "
        "Demandez aux RH ou à votre responsable de le débloquer."
    )
    for _ in range(4):
        response = sign_in(client, org.chloe, pin="9999")
        assert response.status_code == 400 and alerts(response) == [NOT_RIGHT_FR]
    response = sign_in(client, org.chloe, pin="9999")
    assert alerts(response) == [locked]
    # Locked: even the right PIN is refused now.
    response = sign_in(client, org.chloe, pin=PIN)
    assert response.status_code == 400 and alerts(response) == [locked]
    assert signed_in_employee(client) is None
    access = EmployeeAccess.objects.get(employee=org.chloe)
    assert access.locked_at is not None
    assert SignInEvent.objects.filter(employee=org.chloe, success=False).count() == 6
    # Her team leader sees it and unlocks it; the audit trail says who.
    bruno = client_for(users.leader)
    page = bruno.get(f"/kiosk/access/{org.chloe.pk}/")
    assert "Locked on" in page.content.decode()
    assert bruno.post(f"/kiosk/access/{org.chloe.pk}/", {"action": "unlock"}).status_code == 302
    access.refresh_from_db()
    assert access.locked_at is None and access.unlocked_by == users.leader
    last = access.history.first()
    assert last.history_change_reason == "parcours.kiosk.unlocked"
    assert last.history_user == users.leader
    assert sign_in(client, org.chloe).status_code == 302


def test_the_kiosk_token_is_limited_to_its_site(tablet, org):
    """Hanne works at plant B: the kiosk of plant A does not know her."""
    give_pin(org.hanne)
    give_pin(org.fatima)
    client = tablet()
    response = sign_in(client, org.hanne)
    assert response.status_code == 400 and signed_in_employee(client) is None
    event = SignInEvent.objects.get(number=org.hanne.employee_number, success=False)
    assert event.reason == "unknown" and event.employee is None and event.device_id
    assert sign_in(client, org.fatima).status_code == 302
    assert signed_in_employee(client) == org.fatima


def test_a_revoked_kiosk_signs_nobody_in_and_ends_its_session(tablet, kiosk, org, users):
    give_pin(org.fatima)
    client = tablet()
    assert sign_in(client, org.fatima).status_code == 302
    services.device_revoke(device=kiosk, user=users.site_hr_a)
    response = client.get("/kiosk/me/")
    assert response.status_code == 302 and response["Location"] == "/kiosk/"
    assert signed_in_employee(client) is None
    page = client.get("/kiosk/")
    assert "This device is not a kiosk" in page.content.decode()
    assert (
        client.post("/kiosk/", {"number": org.fatima.employee_number, "pin": PIN}).status_code
        == 200
    )
    assert signed_in_employee(client) is None
    # A browser without the cookie is no kiosk either.
    assert "not a kiosk" in Client().get("/kiosk/").content.decode()


def test_idle_sign_out_on_the_server(tablet, kiosk, org, monkeypatch):
    kiosk.idle_seconds = 30
    kiosk.save()
    give_pin(org.fatima)
    client = tablet()
    sign_in(client, org.fatima)
    assert client.get("/kiosk/me/").status_code == 200
    assert client.session.get_expiry_age() <= 35
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 25)
    assert client.get("/kiosk/me/").status_code == 200  # a touch: the clock starts again
    monkeypatch.setattr(time, "time", lambda: now + 25 + 36)
    response = client.get("/kiosk/me/")
    assert response.status_code == 302 and response["Location"] == "/kiosk/"
    assert signed_in_employee(client) is None
    # The next person sees the sign-in screen (in the kiosk's French), nothing of Fatima.
    page = text(client.get("/kiosk/"))
    assert SIGN_IN_FR in page and "Fatima" not in page and "El Amrani" not in page


def test_done_signs_out_and_clears_the_browser(tablet, org):
    give_pin(org.fatima)
    client = tablet()
    sign_in(client, org.fatima)
    response = client.post("/kiosk/done/")
    assert response.status_code == 302 and response["Location"] == "/kiosk/"
    assert "storage" in response["Clear-Site-Data"]
    assert "no-store" in response["Cache-Control"]
    assert signed_in_employee(client) is None
    assert "Fatima" not in client.get("/kiosk/").content.decode()
    assert client.get("/kiosk/me/")["Location"] == "/kiosk/"


def test_alive_keeps_the_session_and_refuses_after_sign_out(tablet, org):
    give_pin(org.fatima)
    client = tablet()
    sign_in(client, org.fatima)
    assert client.post("/kiosk/alive/").status_code == 204
    client.post("/kiosk/done/")
    assert client.post("/kiosk/alive/").status_code == 401


def test_pages_are_never_cached_and_forms_not_autofilled(tablet, org):
    give_pin(org.fatima)
    client = tablet()
    sign_in_page = client.get("/kiosk/")
    assert "no-store" in sign_in_page["Cache-Control"]
    assert re.search(r'<form method="post" autocomplete="off"', sign_in_page.content.decode())
    sign_in(client, org.fatima)
    for url in ["/kiosk/me/", "/kiosk/me/interview/", "/kiosk/me/reports/", "/kiosk/me/skills/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_rate_limit_of_pin_attempts(tablet, org, settings):
    settings.KIOSK_RATE_LIMIT = 3
    give_pin(org.fatima)
    client = tablet()
    for n in range(3):
        assert sign_in(client, org.fatima, pin=f"100{n}").status_code == 400
    response = sign_in(client, org.fatima, pin="1003")
    assert response.status_code == 429
    assert alerts(response) == ["Trop de tentatives. Attendez quelques minutes et réessayez."]
    assert SignInEvent.objects.filter(reason="throttled").count() == 1


def test_language_before_and_after_sign_in(tablet, org):
    """Before sign-in: the site's language (plant A: French); after: the person's own."""
    org.fatima.preferred_language = "nl"
    org.fatima.save()
    give_pin(org.fatima)
    client = tablet()
    page = client.get("/kiosk/").content.decode()
    assert '<html lang="fr"' in page
    sign_in(client, org.fatima)
    assert '<html lang="nl"' in client.get("/kiosk/me/").content.decode()
    client.post("/kiosk/language/", {"language": "en", "next": "/kiosk/me/"})
    assert '<html lang="en"' in client.get("/kiosk/me/").content.decode()
    client.post("/kiosk/done/")
    assert '<html lang="fr"' in client.get("/kiosk/").content.decode()


# Personal QR codes -----------------------------------------------------------------


def test_qr_link_asks_the_pin_then_opens_the_page(org, users):
    give_pin(org.chloe)
    _link, token = services.qr_issue(employee=org.chloe, user=users.site_hr_a)
    phone = Client()
    page = phone.get(f"/kiosk/q/{token}/")
    assert page.status_code == 200 and "Hello Chloé" in page.content.decode()
    assert phone.get("/kiosk/me/")["Location"] == "/kiosk/"
    assert phone.post(f"/kiosk/q/{token}/", {"pin": "0000"}).status_code == 400
    response = phone.post(f"/kiosk/q/{token}/", {"pin": PIN})
    assert response["Location"] == "/kiosk/me/"
    assert phone.session[SESSION_KEY]["channel"] == "qr"
    event = SignInEvent.objects.filter(success=True).latest("at")
    assert event.channel == "qr" and event.qr_link_id == _link.pk


def test_qr_link_first_use_without_a_number(org):
    code = services.issue_code(employee=org.dario, user=None, check=False)
    _link, token = services.qr_issue(employee=org.dario, user=None, check=False)
    phone = Client()
    assert phone.get(f"/kiosk/q/{token}/")["Location"] == "/kiosk/first-use/"
    page = phone.get("/kiosk/first-use/").content.decode()
    assert 'name="number"' not in page
    response = phone.post("/kiosk/first-use/", {"code": code, "pin": "4719", "again": "4719"})
    assert response["Location"] == "/kiosk/me/"


def test_revoked_and_expired_qr_links(org, users, client_for):
    give_pin(org.chloe)
    link, token = services.qr_issue(employee=org.chloe, user=users.site_hr_a)
    hr = client_for(users.site_hr_a)
    hr.post(f"/kiosk/access/{org.chloe.pk}/", {"action": "revoke_qr"})
    link.refresh_from_db()
    assert link.revoked_by == users.site_hr_a
    response = Client().get(f"/kiosk/q/{token}/")
    assert response.status_code == 404 and "no longer valid" in response.content.decode()
    link2, token2 = services.qr_issue(employee=org.chloe, user=users.site_hr_a)
    QRLink.objects.filter(pk=link2.pk).update(expires_at=timezone.now())
    assert Client().get(f"/kiosk/q/{token2}/").status_code == 404
    assert Client().get("/kiosk/q/made-up-token/").status_code == 404


def test_a_new_slip_replaces_the_old_qr_link(org):
    _old, old_token = services.qr_issue(employee=org.chloe, user=None, check=False)
    _new, new_token = services.qr_issue(employee=org.chloe, user=None, check=False)
    assert Client().get(f"/kiosk/q/{old_token}/").status_code == 404
    assert Client().get(f"/kiosk/q/{new_token}/").status_code == 302  # to first use


def test_rate_limit_of_qr_links(org, settings):
    settings.KIOSK_RATE_LIMIT = 2
    phone = Client()
    for _ in range(2):
        assert phone.get("/kiosk/q/guess/").status_code == 404
    assert phone.get("/kiosk/q/guess/").status_code == 429


def test_the_middleware_covers_other_apps_pages(tablet, org, settings, monkeypatch):
    """KioskSessionMiddleware (in MIDDLEWARE, before MessageMiddleware): another app's page
    of a kiosk session is not cached, and an idle kiosk session ends there too."""
    assert "parcours.kiosk.middleware.KioskSessionMiddleware" in settings.MIDDLEWARE
    give_pin(org.fatima)
    client = tablet()
    sign_in(client, org.fatima)
    response = client.get("/interviews/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 120)
    response = client.get("/interviews/")
    assert response["Location"] == "/kiosk/"
    assert signed_in_employee(client) is None


def test_a_right_to_left_language_renders_right_to_left(tablet, org, settings):
    """Arabic added by a translator (its folder and LANGUAGES): the page turns around."""
    settings.LANGUAGES = [*settings.LANGUAGES, ("ar", "Arabic")]
    client = tablet()
    client.post("/kiosk/language/", {"language": "ar", "next": "/kiosk/"})
    page = client.get("/kiosk/").content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    client.post("/kiosk/language/", {"language": "fr", "next": "/kiosk/"})
    assert '<html lang="fr" dir="ltr"' in client.get("/kiosk/").content.decode()


def test_admin_pages(users, client_for, kiosk):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", password="x")
    client = client_for(admin)
    for url in [
        "/admin/kiosk/kioskdevice/",
        f"/admin/kiosk/kioskdevice/{kiosk.pk}/change/",
        "/admin/kiosk/employeeaccess/",
        "/admin/kiosk/qrlink/",
        "/admin/kiosk/signinevent/",
    ]:
        assert client.get(url).status_code == 200, url


def first_use_unread(client, employee):
    """The employee chooses a PIN; the 'PIN saved' message waits for their next page."""
    code = services.issue_code(employee=employee, user=None, check=False)
    response = client.post(
        "/kiosk/first-use/",
        {"number": employee.employee_number, "code": code, "pin": "4719", "again": "4719"},
    )
    assert response["Location"] == "/kiosk/me/"


def test_the_pin_saved_message_speaks_the_persons_language(tablet, org):
    """Signed in, the page and its message speak the person's language, not the kiosk's."""
    org.fatima.preferred_language = "nl"
    org.fatima.save()
    client = tablet()
    first_use_unread(client, org.fatima)
    page = text(client.get("/kiosk/me/"))
    assert '<html lang="nl"' in page
    assert "Uw pincode is opgeslagen. Onthoud hem goed." in page


def test_a_waiting_message_does_not_reach_the_next_person(tablet, org):
    client = tablet()
    first_use_unread(client, org.dario)
    client.post("/kiosk/done/")
    page = client.get("/kiosk/")
    assert SIGN_IN_FR in text(page) and 'class="messages"' not in page.content.decode()


def test_a_waiting_message_ends_with_an_idle_session_on_another_page(tablet, org, monkeypatch):
    """Idle, signed out by the middleware on another app's page: the message is gone too."""
    client = tablet()
    first_use_unread(client, org.dario)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 120)
    assert client.get("/interviews/")["Location"] == "/kiosk/"
    page = client.get("/kiosk/")
    assert SIGN_IN_FR in text(page) and 'class="messages"' not in page.content.decode()
