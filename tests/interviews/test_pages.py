"""The interview pages as people use them: answering, saving, conflicts, signing, the
dossier, the board, templates and campaigns."""

import json
import re

from django.urls import reverse
from django.utils import timezone

from parcours.interviews import services
from parcours.interviews.choices import InterviewStatus
from parcours.interviews.models import Answer, Campaign, Interview, InterviewTemplate
from tests.interviews.conftest import answer_everything, question, set_status
from tests.interviews.factories import drawn_signature


def _url(name, interview, *args):
    return reverse(f"interviews:{name}", args=[interview.pk, *args])


def _slot(interview, label, side):
    return f"q{question(interview, label).pk}-{side}"


def _autosave(client, interview, name, value, version=0, initial=None, **extra):
    """What htmx posts for one answer box."""
    data = {
        f"s-{name}": "1",
        name: value,
        f"v-{name}": str(version),
        f"i-{name}": json.dumps(initial),
        **extra,
    }
    return client.post(_url("answers", interview), data, HTTP_HX_REQUEST="true")


def test_it_shows_the_employee_only_their_preparation(world, client_for):
    interview = world.interview(world.org.chloe)
    answer_everything(interview, sides=("manager",))
    services.interview_notes_save(
        interview=interview, user=world.users.leader, notes="Secret: promotion", version=1
    )
    page = client_for(world.users.operator).get(_url("detail", interview)).content.decode()
    assert f'name="{_slot(interview, "Achievements", "employee")}"' in page
    assert "Summary" not in page  # a question for the manager only
    assert f'name="{_slot(interview, "Rating", "manager")}"' not in page
    assert "Secret: promotion" not in page and "Private notes" not in page
    assert "Submit my preparation" in page


def test_it_shows_the_interviewer_every_part_and_their_notes(world, client_for):
    interview = world.interview(world.org.chloe)
    services.interview_notes_save(
        interview=interview, user=world.users.leader, notes="Ask about nights", version=1
    )
    page = client_for(world.users.leader).get(_url("detail", interview)).content.decode()
    for label, side in [("Summary", "manager"), ("Rating", "employee"), ("Rating", "manager")]:
        assert f'name="{_slot(interview, label, side)}"' in page
    assert "Ask about nights" in page


def test_it_saves_an_answer_as_it_is_typed(world, client_for):
    interview = world.interview(world.org.chloe)
    name = _slot(interview, "Achievements", "employee")
    response = _autosave(client_for(world.users.operator), interview, name, "Trained Dário")
    assert response.status_code == 200
    assert response["X-Answer-State"] == "saved"
    content = response.content.decode()
    assert f'id="v-{name}" name="v-{name}" value="1" hx-swap-oob="true"' in content
    assert "Saved at" in content
    assert Answer.objects.get(interview=interview).value == "Trained Dário"


def test_it_does_not_duplicate_a_resubmitted_answer(world, client_for):
    interview = world.interview(world.org.chloe)
    client = client_for(world.users.operator)
    name = _slot(interview, "Achievements", "employee")
    for _ in range(3):  # the tablet lost the responses and sent it again
        response = _autosave(client, interview, name, "Same text", version=0)
        assert response["X-Answer-State"] == "saved"
    answer = Answer.objects.get(interview=interview)
    assert (answer.value, answer.version) == ("Same text", 1)


def test_it_shows_both_versions_when_two_screens_edit_the_same_answer(world, client_for):
    interview = world.interview(world.org.chloe)
    name = _slot(interview, "Summary", "manager")
    desk, tablet = client_for(world.users.leader), client_for(world.users.leader)
    desk.get(_url("detail", interview))
    tablet.get(_url("detail", interview))
    assert _autosave(desk, interview, name, "Typed at the desk")["X-Answer-State"] == "saved"
    stale = _autosave(tablet, interview, name, "Typed on the tablet", version=0)
    assert stale["X-Answer-State"] == "conflict"
    html = stale.content.decode()
    assert "Typed at the desk" in html and "Typed on the tablet" in html
    assert "Keep mine" in html and "Take theirs" in html
    assert f'id="v-{name}" name="v-{name}" value="1"' in html
    assert Answer.objects.get(interview=interview).value == "Typed at the desk"
    # The tablet keeps its own: sent again over the version it has now seen.
    kept = _autosave(
        tablet, interview, name, "Typed on the tablet", version=1, keep=name, initial=None
    )
    assert kept["X-Answer-State"] == "saved"
    answer = Answer.objects.get(interview=interview)
    assert (answer.value, answer.version) == ("Typed on the tablet", 2)


def test_it_puts_their_version_back_when_the_person_takes_it(world, client_for):
    interview = world.interview(world.org.chloe)
    name = _slot(interview, "Summary", "manager")
    client = client_for(world.users.leader)
    _autosave(client, interview, name, "Theirs")
    response = client.post(_url("answers", interview), {"take": name}, HTTP_HX_REQUEST="true")
    assert response["HX-Retarget"] == f"#slot-{name}"
    assert ">Theirs</textarea>" in response.content.decode()


def test_it_saves_the_whole_form_without_javascript(world, client_for):
    interview = world.interview(world.org.chloe)
    achievements = _slot(interview, "Achievements", "employee")
    wish = _slot(interview, "Wish", "employee")
    topics = _slot(interview, "Topics", "shared")
    data = {
        f"s-{achievements}": "1",
        achievements: "Less scrap",
        f"v-{achievements}": "0",
        f"i-{achievements}": "null",
        f"s-{wish}": "1",
        wish: "2",
        f"v-{wish}": "0",
        f"i-{wish}": "null",
        f"s-{topics}": "1",
        topics: ["1", "3"],
        f"v-{topics}": "0",
        f"i-{topics}": "null",
    }
    response = client_for(world.users.operator).post(_url("answers", interview), data)
    assert response.status_code == 302
    saved = {a.question.labels["en"]: a.value for a in interview.answers.select_related("question")}
    assert saved == {"Achievements": "Less scrap", "Wish": "2", "Topics": ["1", "3"]}


def test_it_keeps_what_was_typed_when_a_form_answer_conflicts(world, client_for):
    interview = world.interview(world.org.chloe)
    name = _slot(interview, "Summary", "manager")
    _autosave(client_for(world.users.leader), interview, name, "Saved first")
    response = client_for(world.users.leader).post(
        _url("answers", interview),
        {f"s-{name}": "1", name: "Mine, later", f"v-{name}": "0", f"i-{name}": "null"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Mine, later</textarea>" in page and "Saved first" in page
    assert f'name="v-{name}" value="1"' in page


def test_it_refuses_an_invalid_answer_with_a_message(world, client_for):
    interview = world.interview(world.org.chloe)
    name = _slot(interview, "Absences", "manager")
    response = _autosave(client_for(world.users.leader), interview, name, "lots")
    assert response["X-Answer-State"] == "error"
    assert "Type a number" in response.content.decode()
    assert not interview.answers.exists()


def test_it_plans_then_holds_the_interview_from_its_page(world, client_for):
    interview = world.interview(world.org.chloe)
    client = client_for(world.users.leader)
    response = client.post(
        _url("plan", interview),
        {"scheduled_at": "2026-02-10T09:30", "location": "Line 3 office", "version": "1"},
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.PLANNED and interview.location == "Line 3 office"
    answer_everything(interview, sides=("employee", "shared", "manager"))
    summary = _slot(interview, "Summary", "manager")
    response = client.post(
        _url("held", interview),
        {
            "version": str(interview.version),
            f"s-{summary}": "1",
            summary: "Typed just before holding",
            f"v-{summary}": "1",
            f"i-{summary}": json.dumps("Went well"),
        },
    )
    assert response.status_code == 302 and response["Location"] == _url("sign", interview)
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.HELD
    assert interview.answers.get(question__labels__en="Summary").value == (
        "Typed just before holding"
    )


def test_it_explains_a_refused_transition_on_the_page(world, client_for):
    interview = world.interview(world.org.chloe)
    set_status(interview, InterviewStatus.PLANNED)
    client = client_for(world.users.leader)
    response = client.post(_url("held", interview), {}, follow=True)
    assert "Answer these questions first: Rating; Summary" in response.content.decode()


def test_it_signs_on_the_tablet_and_locks_the_report(world, client_for):
    interview = world.interview(world.org.chloe)
    answer_everything(interview)
    set_status(interview, InterviewStatus.HELD)
    client = client_for(world.users.leader)
    page = client.get(_url("sign", interview)).content.decode()
    assert "Chloé Dubois, the employee, signs here" in page
    assert "Bruno Lefèvre, the interviewer, signs here" in page
    response = client.post(
        _url("sign", interview),
        {
            "role": "employee",
            "method": "drawn",
            "image": drawn_signature(),
            "comment": "More training please",
        },
    )
    assert response.status_code == 302
    blank = client.post(_url("sign", interview), {"role": "manager", "method": "drawn"})
    assert blank.status_code == 400
    assert "Draw the signature in the box first." in blank.content.decode()
    response = client.post(_url("sign", interview), {"role": "manager", "method": "confirmed"})
    assert response["Location"] == _url("detail", interview)
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.SIGNED
    detail = client.get(_url("detail", interview)).content.decode()
    report = interview.reports.get()
    assert report.sha256 in detail
    assert "More training please" in detail
    pdf = client.get(_url("report_pdf", interview))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_it_lets_the_employee_confirm_their_signature_in_their_session(world, client_for):
    interview = world.interview(world.org.chloe)
    answer_everything(interview)
    set_status(interview, InterviewStatus.HELD)
    client = client_for(world.users.operator)
    page = client.get(_url("sign", interview)).content.decode()
    assert "Confirm as Chloé Dubois" in page
    assert "the interviewer, signs here" not in page
    assert "Went well" in page  # the report to sign, the manager's answers included
    client.post(
        _url("sign", interview),
        {"role": "employee", "method": "confirmed", "disagrees": "1", "comment": "Rating"},
    )
    signature = interview.signatures.get()
    assert signature.disagrees and signature.user == world.users.operator


def test_it_gathers_the_dossier_on_one_page(world, client_for):
    interview = world.interview(world.org.chloe)
    services.result_note_add(
        employee=world.org.chloe, user=world.users.leader, text="Zero scrap in March"
    )
    leader_page = client_for(world.users.leader).get(_url("dossier", interview)).content.decode()
    assert "Runs the press." in leader_page  # the job description
    assert "Zero scrap in March" in leader_page
    assert "No earlier signed interview." in leader_page
    employee_page = client_for(world.users.operator).get(_url("dossier", interview))
    assert "Runs the press." in employee_page.content.decode()
    assert "Zero scrap in March" not in employee_page.content.decode()


def test_it_notes_a_result_from_the_dossier(world, client_for):
    interview = world.interview(world.org.chloe)
    response = client_for(world.users.manager).post(
        _url("dossier", interview), {"noted_on": "2026-01-10", "text": "Led the 5S workshop"}
    )
    assert response.status_code == 302
    assert world.org.chloe.result_notes.get().text == "Led the 5S workshop"


def test_it_shows_the_board_and_refreshes_its_fragment(world, client_for):
    set_status(world.interview(world.org.chloe), InterviewStatus.PLANNED)
    client = client_for(world.users.group_hr)
    page = client.get(reverse("interviews:board")).content.decode()
    assert 'hx-trigger="every 15s"' in page
    assert "Plant A" in page and "Plant B" in page
    fragment = client.get(reverse("interviews:board") + "?group=site", HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert html.lstrip().startswith('<div id="board"')
    assert re.search(r'data-count="planned">1<', html)


def test_it_shows_a_manager_their_next_interviews_first(world, client_for):
    services.interview_plan(
        interview=world.interview(world.org.dario),
        user=world.users.leader,
        scheduled_at=timezone.now(),
    )
    page = client_for(world.users.leader).get(reverse("interviews:board")).content.decode()
    upcoming = page[page.index("My next interviews") :]
    assert upcoming.index("Dário Gonçalves") < upcoming.index("Chloé Dubois")


def test_it_drills_down_from_the_board_to_the_list(world, client_for):
    set_status(world.interview(world.org.hanne), InterviewStatus.PLANNED)
    client = client_for(world.users.group_hr)
    listing = client.get(
        reverse("interviews:list") + f"?status=planned&site={world.org.site_b.pk}"
    ).content.decode()
    assert "De Smet, Hanne" in listing and "Dubois, Chloé" not in listing
    late = client.get(reverse("interviews:list") + "?late=true").content.decode()
    assert "8 interviews" in late  # the campaign's deadline has passed


def test_it_builds_a_template_through_the_pages(world, client_for):
    client = client_for(world.users.group_hr)
    response = client.post(
        reverse("interviews:template_create"),
        {
            "kind": world.template.kind_id,
            "labels_en": "Staff review",
            "labels_fr": "Entretien employés",
            "categories": [world.org.alice.category_id],
        },
    )
    template = InterviewTemplate.objects.get(labels__en="Staff review")
    assert response["Location"] == reverse("interviews:template_detail", args=[template.pk])
    client.post(
        reverse("interviews:section_create", args=[template.pk]),
        {"labels_en": "Objectives", "block_code": ""},
    )
    section = template.versions.get().sections.get()
    response = client.post(
        reverse("interviews:question_create", args=[section.pk]),
        {
            "type": "scale",
            "respondent": "separately",
            "required": "on",
            "labels_en": "How did it go?",
            "options_en": "Below\nMet\nAbove",
            "options_fr": "En dessous\nAtteint\nAu-dessus",
        },
    )
    assert response.status_code == 302
    q = section.questions.get()
    assert q.options["levels"][2] == {"value": 3, "labels": {"en": "Above", "fr": "Au-dessus"}}
    client.post(
        reverse("interviews:section_create", args=[template.pk]),
        {"labels_en": "Signatures", "block_code": "signature"},
    )
    client.post(reverse("interviews:template_publish", args=[template.pk]))
    detail = client.get(reverse("interviews:template_detail", args=[template.pk])).content
    assert "Version 1: Published" in detail.decode()
    for role, expected in (("employee", "How did it go?"), ("manager", "Above")):
        preview = client.get(
            reverse("interviews:template_preview", args=[template.pk]) + f"?as={role}"
        ).content.decode()
        assert expected in preview and "disabled" in preview


def test_it_refuses_mismatched_option_lines(world, client_for):
    client = client_for(world.users.group_hr)
    draft = services.version_draft(template=world.template, user=world.users.group_hr)
    section = draft.sections.get(labels__en="The year")
    response = client.post(
        reverse("interviews:question_create", args=[section.pk]),
        {
            "type": "single_choice",
            "respondent": "employee",
            "labels_en": "Shift?",
            "options_en": "Day\nNight",
            "options_fr": "Jour",
        },
    )
    assert "List as many lines as in English (2)." in response.content.decode()


def test_it_creates_and_launches_a_campaign_through_the_pages(world, client_for):
    client = client_for(world.users.site_hr_a)
    response = client.post(
        reverse("interviews:campaign_create"),
        {
            "name": "Plant A 2027",
            "kind": world.template.kind_id,
            "opens_on": "2027-01-04",
            "deadline": "2027-03-31",
            "sites": [world.org.site_a.pk],
            "reminder_interval_days": "7",
        },
    )
    campaign = Campaign.objects.get(name="Plant A 2027")
    assert response["Location"] == reverse("interviews:campaign_detail", args=[campaign.pk])
    client.post(
        reverse("interviews:campaign_detail", args=[campaign.pk]),
        {f"category_{world.org.chloe.category_id}": world.template.pk},
    )
    page = client.get(reverse("interviews:campaign_detail", args=[campaign.pk])).content
    assert "Employees in scope" in page.decode()
    response = client.post(reverse("interviews:campaign_launch", args=[campaign.pk]), follow=True)
    assert "3 interviews created (Plant A: 3; Operator: 3)." in response.content.decode()
    assert Interview.objects.filter(campaign=campaign).count() == 3


def test_it_cancels_with_a_reason_and_reopens_as_hr(world, client_for):
    interview = world.interview(world.org.chloe)
    client = client_for(world.users.leader)
    missing = client.post(_url("cancel", interview), {"reason": "", "version": "1"})
    assert "This field is required." in missing.content.decode()
    client.post(_url("cancel", interview), {"reason": "Left the company", "version": "1"})
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.CANCELLED
    signed = set_status(world.interview(world.org.dario), InterviewStatus.SIGNED)
    response = client_for(world.users.group_hr).post(
        _url("reopen", signed), {"reason": "Wrong person signed"}
    )
    assert response.status_code == 302
    signed.refresh_from_db()
    assert signed.status == InterviewStatus.HELD


def test_it_lists_my_interviews_and_notifications(world, client_for):
    page = client_for(world.users.operator).get(reverse("interviews:mine")).content.decode()
    assert world.campaign.name in page and "To plan" in page
    leader = client_for(world.users.leader).get(reverse("interviews:mine")).content.decode()
    assert "Interviews I hold next" in leader and "Chloé Dubois" in leader


def test_it_saves_private_notes_as_they_are_typed_and_shows_a_conflict(world, client_for):
    interview = world.interview(world.org.chloe)
    client = client_for(world.users.leader)
    url = _url("answers", interview)

    def post(text, version):
        data = {"s-notes": "1", "notes": text, "v-notes": str(version), "i-notes": '""'}
        return client.post(url, data, HTTP_HX_REQUEST="true")

    assert post("Ask about nights", 1)["X-Answer-State"] == "saved"
    interview.refresh_from_db()
    assert (interview.interviewer_notes, interview.notes_version) == ("Ask about nights", 2)
    stale = post("Typed elsewhere", 1)
    assert stale["X-Answer-State"] == "conflict"
    assert "Ask about nights" in stale.content.decode()
    taken = client.post(url, {"take": "notes"}, HTTP_HX_REQUEST="true")
    assert taken["HX-Retarget"] == "#slot-notes"
    assert ">Ask about nights</textarea>" in taken.content.decode()
