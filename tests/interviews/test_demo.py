"""The demo: templates in three languages and a campaign with interviews in every state."""

import time

from django.db.models import Count
from django.utils import translation

from parcours.interviews.choices import InterviewStatus
from parcours.interviews.demo import build_interviews_demo
from parcours.interviews.models import Campaign, Interview, InterviewTemplate
from parcours.interviews.reports import current_report, report_verify
from parcours.organisation.demo import build_demo


def test_it_builds_a_campaign_in_mid_course_once(db):
    build_demo(employees=120)
    started = time.monotonic()
    result = build_interviews_demo()
    assert result.created
    assert time.monotonic() - started < 60
    assert InterviewTemplate.objects.count() == 6
    with translation.override("nl"):
        names = {t.label for t in InterviewTemplate.objects.all()}
    assert "Jaargesprek: operators" in names and "Loopbaangesprek: ploegleiders" in names
    running = Campaign.objects.get(status="running")
    statuses = dict(
        running.interviews.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    assert set(statuses) == set(InterviewStatus.values)
    for interview in Interview.objects.filter(status__in=["signed", "followed_up"]):
        report = current_report(interview)
        assert report is not None and report_verify(report).ok
    assert Campaign.objects.filter(status="closed").exists()
    count = Interview.objects.count()
    again = build_interviews_demo()
    assert not again.created and Interview.objects.count() == count


def test_it_lets_the_demo_operator_prepare_and_look_back(db):
    build_demo(employees=120)
    build_interviews_demo()
    mine = Interview.objects.get(employee__user__username="operator", campaign__status="running")
    assert mine.status == InterviewStatus.PLANNED
    assert Interview.objects.filter(
        employee__user__username="operator", status=InterviewStatus.SIGNED
    ).exists()
