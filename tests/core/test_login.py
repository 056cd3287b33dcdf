import pytest
from django.urls import reverse


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def test_it_logs_in_and_out(client, users):
    response = client.post(
        reverse("login"), {"username": "grouphr", "password": "secret-pass-123"}, follow=True
    )
    assert response.status_code == 200
    assert response.context["user"].username == "grouphr"
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_it_answers_429_after_too_many_wrong_passwords(client, users, throttled):
    for _ in range(3):
        client.post(reverse("login"), {"username": "grouphr", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "grouphr", "password": "secret-pass-123"})
    assert response.status_code == 429
    assert b"Too many failed log-ins" in response.content


def test_it_speaks_the_language_of_the_browser(client, users):
    response = client.get(reverse("login"), headers={"accept-language": "fr-BE,fr;q=0.9"})
    assert "Se connecter" in response.content.decode() or "Connexion" in response.content.decode()


def test_it_switches_language_on_request(client_for, users):
    client = client_for(users.group_hr)
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    page = client.get(reverse("organisation:employee_list")).content.decode()
    assert "Medewerkers" in page
