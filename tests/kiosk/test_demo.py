"""The demo: a kiosk of Valenciennes, an operator with a known PIN and one with a known
one-time code; run again, it changes nothing."""

from django.test import Client

from parcours.interviews.demo import build_interviews_demo
from parcours.kiosk.demo import DEMO_CODE, DEMO_PIN, build_kiosk_demo
from parcours.kiosk.models import EmployeeAccess, KioskDevice
from parcours.organisation.demo import build_demo
from parcours.organisation.models import Employee


def test_demo_once_and_usable(db, client_for, django_user_model):
    build_demo(employees=120)
    build_interviews_demo()
    result = build_kiosk_demo()
    assert result.created and len(result.logins) == 2
    device = KioskDevice.objects.get()
    assert device.site.code == "FR-VAL"
    counts = (KioskDevice.objects.count(), EmployeeAccess.objects.count())
    assert not build_kiosk_demo().created
    assert (KioskDevice.objects.count(), EmployeeAccess.objects.count()) == counts
    # HR of Valenciennes makes this browser the kiosk; the two operators sign in.
    hr = client_for(django_user_model.objects.get(username="hr-valenciennes"))
    assert hr.post(f"/kiosk/tablets/{device.pk}/pair/")["Location"] == "/kiosk/"
    operator = Employee.objects.get(user__username="operator")
    response = hr.post("/kiosk/", {"number": operator.employee_number, "pin": DEMO_PIN})
    assert response["Location"] == "/kiosk/me/"
    hr.post("/kiosk/done/")
    newcomer = Employee.objects.get(
        pk=EmployeeAccess.objects.exclude(employee=operator).get().employee_id
    )
    response = hr.post(
        "/kiosk/first-use/",
        {"number": newcomer.employee_number, "code": DEMO_CODE, "pin": "4719", "again": "4719"},
    )
    assert response["Location"] == "/kiosk/me/"
    # The newcomer (French, from Valenciennes) has a preparation waiting.
    assert 'href="/kiosk/me/prepare/"' in hr.get("/kiosk/me/").content.decode()
    assert Client().get("/kiosk/").status_code == 200
