"""Launching a campaign for 20,000 employees, next to a plain bulk insert of as many rows.

The launch reads the scope, picks each employee's template version and interviewer, and
inserts the interviews with their first historical records; the plain insert only writes
ready-made interview rows. Run: `make bench` or
`.venv/bin/python bench/bench_campaign_launch.py`.
"""

import time
from datetime import date

from _django import setup

EMPLOYEES = 20000


def main() -> None:
    setup("campaign_launch")
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)

    from parcours.interviews import services
    from parcours.interviews.choices import QuestionType, Respondent
    from parcours.interviews.models import Campaign, Interview, InterviewKind, Question, Section
    from parcours.organisation.demo import build_demo
    from parcours.organisation.models import Employee, EmployeeCategory

    started = time.perf_counter()
    result = build_demo(employees=EMPLOYEES)
    print(
        f"{result.employees} employees (demo built in {time.perf_counter() - started:.1f} s, "
        f"{connection.vendor})"
    )

    kind = InterviewKind.objects.get(code="annual_review")
    template = services.template_create(kind=kind, labels={"en": "Annual review"}, user=None)
    version = template.versions.get()
    section = Section.objects.create(version=version, labels={"en": "The year"})
    Question.objects.create(
        section=section,
        type=QuestionType.TEXT,
        respondent=Respondent.SEPARATELY,
        labels={"en": "How was the year?"},
    )
    services.template_publish(version=version, user=None)
    campaign = Campaign.objects.create(
        name="Annual reviews", kind=kind, opens_on=date(2026, 11, 1), deadline=date(2027, 1, 31)
    )
    hr = get_user_model().objects.get(username="hr-admin")
    for category in EmployeeCategory.objects.all():
        services.campaign_set_template(
            campaign=campaign, category=category, template=template, user=hr
        )

    started = time.perf_counter()
    launched = services.campaign_launch(campaign=campaign, user=hr)
    launch_seconds = time.perf_counter() - started
    count = launched.created
    print(f"  campaign launch       {count:6d} interviews   {launch_seconds:6.2f} s")
    for site, n in launched.by_site:
        print(f"      {site:<20} {n:6d}")

    # The same number of ready-made rows, inserted plainly into a second campaign.
    rows = list(Employee.objects.filter(active=True).values_list("pk", "manager_id")[:count])
    plain = Campaign.objects.create(
        name="Plain insert", kind=kind, opens_on=campaign.opens_on, deadline=campaign.deadline
    )
    interviews = [
        Interview(
            campaign_id=plain.pk,
            employee_id=pk,
            interviewer_id=manager_id,
            template_version_id=version.pk,
        )
        for pk, manager_id in rows
    ]
    started = time.perf_counter()
    with transaction.atomic():
        Interview.objects.bulk_create(interviews, batch_size=2000)
    plain_seconds = time.perf_counter() - started
    print(f"  plain bulk insert     {len(interviews):6d} rows         {plain_seconds:6.2f} s")
    print(f"  launch / plain insert: {launch_seconds / plain_seconds:.1f}x")


if __name__ == "__main__":
    main()
