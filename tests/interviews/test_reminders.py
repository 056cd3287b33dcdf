"""Reminders: on the campaign's schedule, to interviewers and employees, once a day."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from parcours.interviews import reminders, services
from parcours.interviews.choices import InterviewStatus
from parcours.interviews.models import Campaign, Notification
from tests.interviews.conftest import set_status


@pytest.fixture
def running(world):
    """The world's campaign opened a week ago, reminders weekly, deadline in a month."""
    today = timezone.localdate()
    Campaign.objects.filter(pk=world.campaign.pk).update(
        opens_on=today - timedelta(days=7),
        deadline=today + timedelta(days=30),
        reminder_interval_days=7,
    )
    world.org.chloe.email = "chloe@example.com"
    world.org.chloe.save()
    world.org.bruno.email = "bruno@example.com"
    world.org.bruno.save()
    world.campaign.refresh_from_db()
    return world


def test_it_reminds_interviewers_and_employees_on_the_reminder_day(running, capsys):
    call_command("send_reminders")
    assert "Reminders queued for" in capsys.readouterr().out
    bruno = Notification.objects.exclude(kind="prepare").get(recipient=running.org.bruno)
    assert bruno.kind == "to_plan" and bruno.emailed
    assert "2 interviews are still to plan" in bruno.text
    assert "Chloé Dubois" in bruno.text and "Dário Gonçalves" in bruno.text
    prepare = Notification.objects.filter(kind="prepare")
    assert prepare.count() == 8  # everybody has a preparation to do
    greet = Notification.objects.get(recipient=running.org.greet, kind="to_plan")
    assert not greet.emailed  # no e-mail address: shown in the app only
    assert sorted(m.to[0] for m in mail.outbox) == [
        "bruno@example.com",
        "bruno@example.com",
        "chloe@example.com",
    ]
    chloe_mail = next(m for m in mail.outbox if m.to == ["chloe@example.com"])
    assert f"/interviews/{running.interview(running.org.chloe).pk}/" in chloe_mail.body


def test_it_sends_the_reminders_of_a_day_only_once(running):
    call_command("send_reminders")
    count = Notification.objects.count()
    call_command("send_reminders")
    assert Notification.objects.count() == count


def test_it_waits_for_the_next_reminder_day(running):
    Campaign.objects.filter(pk=running.campaign.pk).update(
        opens_on=timezone.localdate() - timedelta(days=3)
    )
    assert reminders.campaigns_due() == []
    call_command("send_reminders")
    assert not Notification.objects.exists()


def test_it_tells_interviewers_what_is_late_after_the_deadline(running):
    Campaign.objects.filter(pk=running.campaign.pk).update(
        opens_on=timezone.localdate() - timedelta(days=70),
        deadline=timezone.localdate() - timedelta(days=1),
    )
    set_status(running.interview(running.org.dario), InterviewStatus.SIGNED)
    call_command("send_reminders")
    bruno = Notification.objects.exclude(kind="prepare").get(recipient=running.org.bruno)
    assert bruno.kind == "late"
    assert "1 of your interviews is past the deadline" in bruno.text
    assert bruno.interview == running.interview(running.org.chloe)


def test_it_leaves_prepared_interviews_and_closed_campaigns_alone(running):
    set_status(running.interview(running.org.chloe), InterviewStatus.PREPARED)
    services.interview_plan(
        interview=running.interview(running.org.dario),
        user=running.users.leader,
        scheduled_at=timezone.now() + timedelta(days=2),
    )
    summary = reminders.send_campaign_reminders(campaign=running.campaign)
    assert summary.employees == 7
    assert not Notification.objects.filter(recipient=running.org.chloe).exists()
    dario = Notification.objects.get(recipient=running.org.dario)
    assert "is planned on" in dario.text
    Campaign.objects.filter(pk=running.campaign.pk).update(last_reminders_on=None)
    services.campaign_close(campaign=running.campaign, user=running.users.group_hr)
    assert reminders.campaigns_due() == []


def test_it_shows_notifications_in_the_app_and_marks_them_read(running, client_for):
    call_command("send_reminders")
    client = client_for(running.users.operator)
    page = client.get(reverse("interviews:mine")).content.decode()
    assert "Prepare your interview" in page
    note = Notification.objects.get(recipient=running.org.chloe)
    response = client.post(reverse("interviews:notification_read", args=[note.pk]))
    assert response["Location"] == reverse("interviews:detail", args=[note.interview_id])
    note.refresh_from_db()
    assert note.read_at is not None
    # Somebody else's notification does not exist for her.
    other = Notification.objects.filter(recipient=running.org.bruno).first()
    assert client.post(reverse("interviews:notification_read", args=[other.pk])).status_code == 404


def test_it_runs_as_a_task_taking_a_primary_key(running):
    from parcours.interviews.tasks import send_campaign_reminders, send_due_reminders

    result = send_campaign_reminders.enqueue(running.campaign.pk)
    assert result.return_value["interviewers"] == 4
    assert send_due_reminders.enqueue().return_value == []  # already sent today
