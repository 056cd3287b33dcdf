"""A return from leave, entered in the pages or imported, creates the return interview
when the engine says one is due; saving the leave again creates nothing more."""

from datetime import timedelta

from django.utils import timezone

from parcours.compliance.models import ReturnInterview
from parcours.imports.services import import_rows
from parcours.interviews.models import Interview
from parcours.organisation import services as org_services
from parcours.organisation.models import Leave


def _leave(employee, kind, first, last, back=None):
    return Leave(employee=employee, kind=kind, first_day=first, last_day=last, return_date=back)


def _recent():
    today = timezone.localdate()
    return today - timedelta(days=200), today - timedelta(days=10), today - timedelta(days=5)


def test_a_return_date_entered_by_hr_creates_the_return_interview_once(world):
    first, last, back = _recent()
    leave = org_services.leave_save(
        leave=_leave(world.org.chloe, "maternity", first, last, back), user=world.users.site_hr_a
    )
    interview = Interview.objects.get(employee=world.org.chloe)
    assert interview.campaign.kind == world.return_kind
    assert interview.campaign.status == "running"
    assert interview.campaign.named_employees
    assert list(interview.campaign.sites.all()) == [world.org.site_a]
    assert interview.interviewer == world.org.bruno
    link = ReturnInterview.objects.get(leave=leave)
    assert link.interview == interview and link.due == back + timedelta(days=30)
    # Saved again (a typo fixed in the note): nothing more.
    leave.note = "back on the line"
    org_services.leave_save(leave=leave, user=world.users.site_hr_a)
    assert Interview.objects.filter(employee=world.org.chloe).count() == 1
    # A second return the same year goes into the same return campaign.
    org_services.leave_save(
        leave=_leave(world.org.dario, "sabbatical", first, last, back), user=world.users.site_hr_a
    )
    assert Interview.objects.get(employee=world.org.dario).campaign == interview.campaign
    # Also for someone of a category the campaign had no template for yet.
    org_services.leave_save(
        leave=_leave(world.org.emre, "parental", first, last, back), user=world.users.site_hr_a
    )
    assert Interview.objects.get(employee=world.org.emre).campaign == interview.campaign


def test_no_return_interview_when_none_is_due(world):
    first, last, back = _recent()
    # Ordinary sickness owes no return interview.
    org_services.leave_save(
        leave=_leave(world.org.chloe, "sick", first, last, back), user=world.users.site_hr_a
    )
    # A long illness shorter than the 6-month minimum neither.
    org_services.leave_save(
        leave=_leave(world.org.dario, "long_illness", last - timedelta(days=60), last, back),
        user=world.users.site_hr_a,
    )
    # A leave without a return date yet: nothing to do.
    org_services.leave_save(
        leave=_leave(world.org.fatima, "maternity", first, last), user=world.users.site_hr_a
    )
    assert not Interview.objects.exists()
    assert not ReturnInterview.objects.exists()


def test_a_return_imported_from_the_hr_system_creates_it_too(world):
    first, last, back = _recent()
    rows = [
        {
            "employee_number": world.org.chloe.employee_number,
            "absence_type": "maternity",
            "start_date": first.isoformat(),
            "end_date": last.isoformat(),
            "return_date": back.isoformat(),
        }
    ]
    outcome = import_rows(leaves=rows, user=world.users.site_hr_a, dry_run=False)["leaves"]
    assert outcome.report.counts["created"] == 1, outcome.report.to_dict()
    assert Interview.objects.get(employee=world.org.chloe).campaign.kind == world.return_kind
    import_rows(leaves=rows, user=world.users.site_hr_a, dry_run=False)
    assert Interview.objects.filter(employee=world.org.chloe).count() == 1


def test_a_user_who_may_not_run_campaigns_still_saves_the_leave(world):
    first, last, back = _recent()
    leave = org_services.leave_save(
        leave=_leave(world.org.chloe, "maternity", first, last, back), user=None
    )
    assert Leave.objects.filter(pk=leave.pk).exists()
    assert not Interview.objects.exists()
