from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from parcours.organisation.demo import DEMO_PASSWORD, DEMO_USERS
from parcours.organisation.models import Employee, LegalEntity, Site


def test_it_builds_a_believable_group_once_that_every_demo_user_can_use(db, capsys):
    # One build (the demo takes a while): what a person trying Parcours relies on.
    call_command("demo", "--employees", "120")
    first = capsys.readouterr().out
    count = Employee.objects.count()
    call_command("demo", "--employees", "120")
    second = capsys.readouterr().out

    assert Employee.objects.count() == count
    assert "already present" in second
    for username, *_ in DEMO_USERS:
        assert username in first and username in second
    assert DEMO_PASSWORD in first
    assert set(LegalEntity.objects.values_list("country", flat=True)) == {"FR", "BE", "NL"}
    assert Site.objects.filter(legal_entity__country="FR").count() == 2
    assert Site.objects.get(code="BE-GNT").default_language == "nl"
    names = " ".join(Employee.objects.values_list("last_name", flat=True))
    # The workforce of a real plant: accents and letters of many languages.
    assert any(letter in names for letter in "éèçëï")
    assert any(letter in names for letter in "łśżąńźć" + "ışğçöü" + "ăâîșț")
    assert Employee.objects.filter(employee_number__startswith="0").exists()

    # Every printed login works, and the kiosk's way in is printed on every run.
    request = RequestFactory().post("/login/")
    for username, *_ in DEMO_USERS:
        assert authenticate(request, username=username, password=DEMO_PASSWORD) is not None
    assert "/kiosk/tablets/" in first and "/kiosk/tablets/" in second
    # The operator and the team leader are people of the same team.
    operator = Employee.objects.get(user__username="operator")
    leader = Employee.objects.get(user__username="team-leader")
    assert operator.manager == leader
    assert operator.preferred_language == "fr"
