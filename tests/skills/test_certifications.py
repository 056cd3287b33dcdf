"""Certificates with an end date: the list of those to renew, and the alerts before expiry."""

from datetime import date, timedelta

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from parcours.skills.models import Certification
from parcours.skills.services import certification_alerts_send
from tests.skills.factories import CertificationFactory


def _emails(users):
    users.leader.email = "bruno@plant-a.example"
    users.site_hr_a.email = "hr@plant-a.example"
    users.site_hr_b.email = "hr@plant-b.example"
    users.coordinator_a.email = ""  # no address: nothing sent to them
    for user in (users.leader, users.site_hr_a, users.site_hr_b, users.coordinator_a):
        user.save()


def test_it_warns_the_manager_and_site_hr_once_before_a_certificate_ends(org, users, matrix_world):
    _emails(users)
    today = timezone.localdate()
    ending = CertificationFactory(
        employee=org.dario,
        type=matrix_world.forklift_licence,
        obtained_on=today - timedelta(days=1700),
        valid_until=today + timedelta(days=20),
    )
    CertificationFactory(  # far from its end: no alert
        employee=org.chloe,
        type=matrix_world.forklift_licence,
        obtained_on=today - timedelta(days=10),
        valid_until=today + timedelta(days=1800),
    )

    sent = certification_alerts_send(today=today)

    # Bruno (Dário's manager) and plant A's HR; Fatima's expired licence (manager Emre has
    # no account e-mail, team A2) goes to plant A's HR in the same e-mail.
    assert sent == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"bruno@plant-a.example", "hr@plant-a.example"}
    assert "Dário Gonçalves" in by_address["bruno@plant-a.example"].body
    assert "Fatima" not in by_address["bruno@plant-a.example"].body
    assert "Fatima El Amrani" in by_address["hr@plant-a.example"].body
    assert "Forklift licence" in by_address["hr@plant-a.example"].body
    ending.refresh_from_db()
    assert ending.alerted_on == today

    mail.outbox.clear()
    assert certification_alerts_send(today=today) == 0
    assert mail.outbox == []


def test_it_does_not_warn_about_a_renewed_certificate_or_someone_who_left(org, users, matrix_world):
    _emails(users)
    today = timezone.localdate()
    Certification.objects.all().delete()
    CertificationFactory(
        employee=org.dario,
        type=matrix_world.forklift_licence,
        obtained_on=date(2020, 1, 1),
        valid_until=today + timedelta(days=5),
    )
    CertificationFactory(
        employee=org.dario,
        type=matrix_world.forklift_licence,
        obtained_on=today - timedelta(days=3),
        valid_until=today + timedelta(days=1800),
    )
    CertificationFactory(
        employee=org.chloe,
        type=matrix_world.forklift_licence,
        obtained_on=date(2020, 1, 1),
        valid_until=today + timedelta(days=5),
    )
    org.chloe.active = False
    org.chloe.save()
    assert certification_alerts_send(today=today) == 0


def test_it_writes_the_alert_in_the_readers_language(org, users, matrix_world):
    _emails(users)
    org.bruno.preferred_language = "fr"
    org.bruno.save()
    today = timezone.localdate()
    CertificationFactory(
        employee=org.dario,
        type=matrix_world.forklift_licence,
        obtained_on=date(2021, 1, 1),
        valid_until=today + timedelta(days=10),
    )
    certification_alerts_send(today=today)
    (to_bruno,) = [m for m in mail.outbox if m.to == ["bruno@plant-a.example"]]
    assert "CACES R489" in to_bruno.body


def test_it_sends_the_alerts_from_the_command(org, users, matrix_world, capsys):
    _emails(users)
    call_command("skills_certification_alerts")
    assert "Expiry alerts sent: 1 e-mails." in capsys.readouterr().out
    assert [m.to for m in mail.outbox] == [["hr@plant-a.example"]]


def test_it_lists_the_certificates_to_renew(org, users, matrix_world, client_for):
    page = client_for(users.site_hr_a).get(reverse("skills:certifications")).content.decode()
    assert "El Amrani, Fatima" in page
    assert "Expired" in page
    page = client_for(users.site_hr_b).get(reverse("skills:certifications")).content.decode()
    assert "Fatima" not in page


def test_it_records_a_renewal_with_the_usual_validity(org, users, matrix_world, client_for):
    client = client_for(users.site_hr_a)
    response = client.post(
        reverse("skills:certification_add", args=[org.fatima.pk]),
        {
            "certification_type": matrix_world.forklift_licence.pk,
            "obtained_on": "2026-10-05",
            "reference": "R489-3-2026-0117",
        },
    )
    assert response.status_code == 302
    latest = Certification.objects.filter(employee=org.fatima).order_by("-obtained_on").first()
    assert (latest.valid_until, latest.recorded_by) == (date(2031, 10, 5), users.site_hr_a)
    page = client.get(reverse("skills:employee", args=[org.fatima.pk])).content.decode()
    assert "R489-3-2026-0117" in page
    assert "Valid" in page
