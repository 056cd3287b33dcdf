"""Pages and API of those who manage shop-floor access: tablets (HR), people's access
(HR and managers), paper rounds; permissions, audit trail and query counts."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from parcours.kiosk import services
from parcours.kiosk.models import EmployeeAccess, KioskDevice
from tests.factories import EmployeeFactory
from tests.kiosk.conftest import SIGN_IN_FR, device_cookie, give_pin, text


@pytest.fixture
def kiosk_b(org, users):
    device, token = services.device_register(site=org.site_b, name="Kantine", user=users.site_hr_b)
    device.token = token
    return device


# Tablets ----------------------------------------------------------------------------------


def test_registering_a_tablet_sets_its_cookie_and_signs_hr_out(org, users, client_for):
    hr = client_for(users.site_hr_a)
    page = hr.get("/kiosk/tablets/")
    assert page.status_code == 200 and "Make this tablet a kiosk" in page.content.decode()
    response = hr.post(
        "/kiosk/tablets/", {"site": org.site_a.pk, "name": "Canteen", "idle_seconds": 45}
    )
    assert response["Location"] == "/kiosk/"
    device = KioskDevice.objects.get(name="Canteen")
    assert device.idle_seconds == 45 and device.created_by == users.site_hr_a
    assert device.history.first().history_change_reason == "parcours.kiosk.device_registered"
    assert "parcours_kiosk" in response.cookies and response.cookies["parcours_kiosk"]["httponly"]
    # HR is signed out on this browser, which shows the sign-in screen of the kiosk.
    # Plant A's kiosk speaks French.
    page = text(hr.get("/kiosk/"))
    assert SIGN_IN_FR in page and "Plant A" in page


def test_site_hr_registers_only_for_their_sites(org, users, client_for):
    hr = client_for(users.site_hr_a)
    response = hr.post("/kiosk/tablets/", {"site": org.site_b.pk, "name": "X", "idle_seconds": 60})
    assert response.status_code == 200 and not KioskDevice.objects.filter(name="X").exists()


def test_pairing_a_replaced_tablet(kiosk, org, users, client_for):
    old = Client()
    old.cookies["parcours_kiosk"] = device_cookie(kiosk.token)
    assert SIGN_IN_FR in text(old.get("/kiosk/"))
    hr = client_for(users.site_hr_a)
    response = hr.post(f"/kiosk/tablets/{kiosk.pk}/pair/")
    assert response["Location"] == "/kiosk/"
    assert SIGN_IN_FR in text(hr.get("/kiosk/"))
    assert "not a kiosk" in old.get("/kiosk/").content.decode()


@pytest.mark.parametrize(
    ("who", "list_status", "detail_status"),
    [
        ("site_hr_a", 200, 200),
        ("group_hr", 200, 200),
        ("site_hr_b", 200, 404),
        ("leader", 403, 404),
        ("operator", 403, 404),
        ("outsider", 404, 404),
    ],
)
def test_tablet_pages_permissions(kiosk, users, client_for, who, list_status, detail_status):
    client = client_for(getattr(users, who))
    assert client.get("/kiosk/tablets/").status_code == list_status
    assert client.get(f"/kiosk/tablets/{kiosk.pk}/").status_code == detail_status
    revoke = client.post(f"/kiosk/tablets/{kiosk.pk}/revoke/")
    assert revoke.status_code == (302 if detail_status == 200 else detail_status)


def test_auditor_reads_tablets_but_does_not_revoke(kiosk, users, client_for):
    client = client_for(users.auditor)
    assert client.get("/kiosk/tablets/").status_code == 403
    assert client.post(f"/kiosk/tablets/{kiosk.pk}/revoke/").status_code == 403


def test_tablet_pages_anonymous(kiosk):
    assert Client().get("/kiosk/tablets/")["Location"].startswith("/login/")
    assert Client().post(f"/kiosk/tablets/{kiosk.pk}/revoke/")["Location"].startswith("/login/")


# People's access ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "list_status", "chloe_status"),
    [
        ("site_hr_a", 200, 200),
        ("group_hr", 200, 200),
        ("manager", 200, 200),  # Alice, above Bruno
        ("leader", 200, 200),  # Bruno, her team leader
        ("other_leader", 200, 404),  # Emre: another team
        ("site_hr_b", 200, 404),
        ("operator", 403, 403),  # Chloé sees herself but manages nobody
        ("coordinator_a", 403, 403),
        ("outsider", 404, 404),
    ],
)
def test_access_pages_permissions(org, users, client_for, who, list_status, chloe_status):
    client = client_for(getattr(users, who))
    assert client.get("/kiosk/access/").status_code == list_status
    assert client.get(f"/kiosk/access/{org.chloe.pk}/").status_code == chloe_status
    unlock = client.post(f"/kiosk/access/{org.chloe.pk}/", {"action": "code"})
    assert unlock.status_code == (200 if chloe_status == 200 else chloe_status)


def test_access_anonymous(org):
    assert Client().get("/kiosk/access/")["Location"].startswith("/login/")


def test_a_new_one_time_code_is_shown_once_and_works(org, users, client_for, tablet):
    hr = client_for(users.site_hr_a)
    page = hr.post(f"/kiosk/access/{org.dario.pk}/", {"action": "code"}).content.decode()
    import re

    code = re.search(r'<p class="code" id="new-code">(\d{8})</p>', page).group(1)
    access = EmployeeAccess.objects.get(employee=org.dario)
    assert access.code_issued_by == users.site_hr_a
    assert code not in access.code_hash
    assert code not in hr.get(f"/kiosk/access/{org.dario.pk}/").content.decode()
    response = tablet().post(
        "/kiosk/first-use/",
        {"number": org.dario.employee_number, "code": code, "pin": "4719", "again": "4719"},
    )
    assert response["Location"] == "/kiosk/me/"


def test_badge_number_signs_in_too(org, users, client_for, tablet):
    give_pin(org.fatima)
    client_for(users.site_hr_a).post(
        f"/kiosk/access/{org.fatima.pk}/", {"action": "badge", "badge_number": "B-7781"}
    )
    response = tablet().post("/kiosk/", {"number": "B-7781", "pin": "2580"})
    assert response["Location"] == "/kiosk/me/"


def test_access_list_fixed_queries(org, users, client_for):
    hr = client_for(users.site_hr_a)
    give_pin(org.chloe)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert hr.get("/kiosk/access/").status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for n in range(12):
        employee = EmployeeFactory(site=org.site_a, team=org.team_a1, manager=org.bruno)
        if n % 2:
            give_pin(employee)
    assert count() == small


def test_self_service_home_fixed_queries(world, org, tablet):
    give_pin(org.chloe)
    client = tablet()
    client.post("/kiosk/", {"number": org.chloe.employee_number, "pin": "2580"})

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/kiosk/me/").status_code == 200
        return len(ctx.captured_queries)

    small = count()
    from parcours.interviews import services as interview_services
    from tests.interviews.factories import CampaignFactory

    for _ in range(3):
        campaign = CampaignFactory(kind=world.template.kind)
        interview_services.campaign_set_template(
            campaign=campaign,
            category=org.chloe.category,
            template=world.template,
            user=world.users.group_hr,
        )
        interview_services.campaign_launch(campaign=campaign, user=world.users.group_hr)
    assert count() == small


# API ----------------------------------------------------------------------------------------


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_api_devices(org, users, kiosk, kiosk_b):
    response = api(users.site_hr_a).get("/api/v1/kiosk/devices/")
    assert [d["name"] for d in response.json()["results"]] == ["Break room"]
    created = api(users.site_hr_a).post(
        "/api/v1/kiosk/devices/",
        {"site": org.site_a.pk, "name": "Gate", "idle_seconds": 90},
        format="json",
    )
    assert created.status_code == 201 and len(created.json()["token"]) > 30
    device = KioskDevice.objects.get(name="Gate")
    assert services.device_for_token(created.json()["token"]) == device
    assert (
        api(users.site_hr_a)
        .post("/api/v1/kiosk/devices/", {"site": org.site_b.pk, "name": "No"}, format="json")
        .status_code
        == 403
    )
    assert api(users.site_hr_a).get(f"/api/v1/kiosk/devices/{kiosk_b.pk}/").status_code == 404
    patched = api(users.site_hr_a).patch(
        f"/api/v1/kiosk/devices/{kiosk.pk}/", {"idle_seconds": 2000}, format="json"
    )
    assert patched.status_code == 400
    revoked = api(users.site_hr_a).post(f"/api/v1/kiosk/devices/{kiosk.pk}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["is_active"] is False
    assert api(users.leader).get("/api/v1/kiosk/devices/").status_code == 403
    assert api(users.outsider).get("/api/v1/kiosk/devices/").status_code == 404
    assert api().get("/api/v1/kiosk/devices/").status_code in (401, 403)
    assert api(users.auditor).get("/api/v1/kiosk/devices/").status_code == 200
    assert api(users.auditor).post(f"/api/v1/kiosk/devices/{kiosk_b.pk}/revoke/").status_code == 403


def test_api_access_and_unlock(org, users):
    give_pin(org.chloe)
    EmployeeAccess.objects.filter(employee=org.chloe).update(
        failed_attempts=5, locked_at="2026-01-01T10:00Z"
    )
    listed = api(users.leader).get("/api/v1/kiosk/access/").json()["results"]
    assert {row["full_name"] for row in listed} == {"Chloé Dubois", "Dário Gonçalves"}
    row = next(r for r in listed if r["id"] == org.chloe.pk)
    assert row["has_pin"] and row["locked_at"]
    assert (
        api(users.other_leader).post(f"/api/v1/kiosk/access/{org.chloe.pk}/unlock/").status_code
        == 404
    )
    assert (
        api(users.operator).post(f"/api/v1/kiosk/access/{org.chloe.pk}/unlock/").status_code == 403
    )
    assert api(users.outsider).get("/api/v1/kiosk/access/").status_code == 404
    assert api().get("/api/v1/kiosk/access/").status_code in (401, 403)
    response = api(users.leader).post(f"/api/v1/kiosk/access/{org.chloe.pk}/unlock/")
    assert response.status_code == 200 and response.json()["locked_at"] is None
    again = api(users.leader).post(f"/api/v1/kiosk/access/{org.chloe.pk}/unlock/")
    assert again.status_code == 400


def test_api_access_fixed_queries(org, users):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert api(users.site_hr_a).get("/api/v1/kiosk/access/").status_code == 200
        return len(ctx.captured_queries)

    count()  # the user's scope is then kept on the user object, as within one request
    small = count()
    for _ in range(6):
        give_pin(EmployeeFactory(site=org.site_a))
    assert count() == small


def test_tablets_and_reports_pages_fixed_queries(world, org, users, client_for, tablet):
    hr = client_for(users.site_hr_a)
    give_pin(org.chloe)
    operator = tablet()
    operator.post("/kiosk/", {"number": org.chloe.employee_number, "pin": "2580"})

    def count(client, url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = (count(hr, "/kiosk/tablets/"), count(operator, "/kiosk/me/reports/"))
    for n in range(4):
        services.device_register(site=org.site_a, name=f"Tablet {n}", user=users.site_hr_a)
    from parcours.interviews.models import InterviewReport

    interview = world.interview(org.chloe)
    for n in range(3):
        InterviewReport.objects.create(interview=interview, file=f"r{n}.pdf", sha256="0" * 64)
    from parcours.interviews.choices import InterviewStatus
    from tests.interviews.conftest import set_status

    set_status(interview, InterviewStatus.SIGNED)
    large = (count(hr, "/kiosk/tablets/"), count(operator, "/kiosk/me/reports/"))
    assert large == small
    assert "r2.pdf" not in operator.get("/kiosk/me/reports/").content.decode()
    assert operator.get("/kiosk/me/reports/").content.decode().count("report.pdf") == 3


def test_a_manager_finds_the_access_pages_from_their_page(org, users, client_for, tablet):
    page = client_for(users.leader).get("/kiosk/me/").content.decode()
    assert "/kiosk/access/" in page
    assert "/kiosk/access/" not in client_for(users.operator).get("/kiosk/me/").content.decode()
    # Not at a kiosk: a shared tablet shows only the person's own things.
    give_pin(org.bruno)
    kiosk_client = tablet()
    kiosk_client.post("/kiosk/", {"number": org.bruno.employee_number, "pin": "2580"})
    assert "/kiosk/access/" not in kiosk_client.get("/kiosk/me/").content.decode()
    assert kiosk_client.get("/kiosk/access/").status_code == 403
    assert (
        kiosk_client.post(f"/kiosk/access/{org.chloe.pk}/", {"action": "code"}).status_code == 403
    )
    assert kiosk_client.get("/kiosk/paper/").status_code == 403


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("site_hr_a", 200),
        ("leader", 200),
        ("other_leader", 404),
        ("site_hr_b", 404),
        ("operator", 403),
        ("outsider", 404),
    ],
)
def test_employee_page_panel(org, users, client_for, who, status):
    give_pin(org.chloe)
    client = client_for(getattr(users, who))
    response = client.get(f"/kiosk/employees/{org.chloe.pk}/", headers={"HX-Request": "true"})
    assert response.status_code == status
    if status == 200:
        assert "PIN chosen on" in response.content.decode()
        assert "<html" not in response.content.decode()
        assert "<html" in client.get(f"/kiosk/employees/{org.chloe.pk}/").content.decode()


def test_employee_page_panel_anonymous(org):
    assert Client().get(f"/kiosk/employees/{org.chloe.pk}/")["Location"].startswith("/login/")
