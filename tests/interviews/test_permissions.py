"""Who may open each interview page and API endpoint.

Rules: outside the user's scope, a 404; visible but not theirs to do, a 403; an account
without any role, a 404 everywhere. Chloé's interview (plant A, team A1, held by Bruno)
is the record under test; coordinators hold a site but read no interviews.
"""

import json

import pytest
from django.urls import reverse

from parcours.interviews import services
from parcours.interviews.choices import InterviewStatus
from parcours.interviews.models import Notification
from tests.interviews.conftest import answer_everything, question, set_status
from tests.interviews.factories import CampaignFactory

ROLES = [
    "group_hr",
    "site_hr_a",
    "site_hr_b",
    "coordinator_a",
    "auditor",
    "manager",
    "leader",
    "other_leader",
    "operator",
    "outsider",
]


def _expect(codes: str) -> dict[str, int]:
    return dict(zip(ROLES, (int(code) for code in codes.split()), strict=True))


def _interview_url(name):
    return lambda w: reverse(f"interviews:{name}", args=[w.interview.pk])


# name: (status to put the interview in, method, url, data, expected codes in ROLES order)
PAGES = {
    "detail": (
        None,
        "get",
        _interview_url("detail"),
        None,
        "200 200 404 404 200 200 200 404 200 404",
    ),
    "dossier": (
        None,
        "get",
        _interview_url("dossier"),
        None,
        "200 200 404 404 200 200 200 404 200 404",
    ),
    "sign": (
        "held",
        "get",
        _interview_url("sign"),
        None,
        "200 200 404 404 200 200 200 404 200 404",
    ),
    "plan": (None, "get", _interview_url("plan"), None, "200 200 404 404 403 200 200 404 403 404"),
    "cancel": (
        None,
        "get",
        _interview_url("cancel"),
        None,
        "200 200 404 404 403 200 200 404 403 404",
    ),
    "reassign": (
        None,
        "get",
        _interview_url("reassign"),
        None,
        "200 200 404 404 403 200 200 404 403 404",
    ),
    "follow_up": (
        "signed",
        "get",
        _interview_url("follow_up"),
        None,
        "200 200 404 404 403 200 200 404 403 404",
    ),
    "reopen": (
        "signed",
        "get",
        _interview_url("reopen"),
        None,
        "200 200 404 404 403 403 403 404 403 404",
    ),
    "report_pdf": (
        "report",
        "get",
        _interview_url("report_pdf"),
        None,
        "200 200 404 404 200 200 200 404 200 404",
    ),
    "held": (
        "planned",
        "post",
        _interview_url("held"),
        {},
        "302 302 404 404 403 403 302 404 403 404",
    ),
    "prepared": (
        None,
        "post",
        _interview_url("prepared"),
        {},
        "302 302 404 404 403 403 302 404 302 404",
    ),
    "answer_manager_part": (
        None,
        "post",
        _interview_url("answers"),
        "summary",
        "403 403 404 404 403 403 302 404 403 404",
    ),
    "mine": (
        None,
        "get",
        lambda w: reverse("interviews:mine"),
        None,
        "302 302 302 302 302 200 200 200 200 404",
    ),
    "board": (
        None,
        "get",
        lambda w: reverse("interviews:board"),
        None,
        "200 200 200 403 200 200 200 200 403 404",
    ),
    "list": (
        None,
        "get",
        lambda w: reverse("interviews:list"),
        None,
        "200 200 200 403 200 200 200 200 403 404",
    ),
    "template_list": (
        None,
        "get",
        lambda w: reverse("interviews:template_list"),
        None,
        "200 200 200 403 200 403 403 403 403 404",
    ),
    "template_detail": (
        None,
        "get",
        lambda w: reverse("interviews:template_detail", args=[w.template.pk]),
        None,
        "200 200 200 403 200 403 403 403 403 404",
    ),
    "template_preview": (
        None,
        "get",
        lambda w: reverse("interviews:template_preview", args=[w.template.pk]),
        None,
        "200 200 200 403 200 403 403 403 403 404",
    ),
    "template_create": (
        None,
        "get",
        lambda w: reverse("interviews:template_create"),
        None,
        "200 403 403 403 403 403 403 403 403 404",
    ),
    "template_publish": (
        None,
        "post",
        lambda w: reverse("interviews:template_publish", args=[w.template.pk]),
        {},
        "302 403 403 403 403 403 403 403 403 404",
    ),
    "section_create": (
        None,
        "get",
        lambda w: reverse("interviews:section_create", args=[w.template.pk]),
        None,
        "200 403 403 403 403 403 403 403 403 404",
    ),
    "kind_list": (
        None,
        "get",
        lambda w: reverse("interviews:kind_list"),
        None,
        "200 200 200 403 200 403 403 403 403 404",
    ),
    "kind_create": (
        None,
        "get",
        lambda w: reverse("interviews:kind_create"),
        None,
        "200 403 403 403 403 403 403 403 403 404",
    ),
    "campaign_list": (
        None,
        "get",
        lambda w: reverse("interviews:campaign_list"),
        None,
        "200 200 200 403 200 403 403 403 403 404",
    ),
    "campaign_detail": (
        None,
        "get",
        lambda w: reverse("interviews:campaign_detail", args=[w.campaign.pk]),
        None,
        "200 200 200 403 200 403 403 403 403 404",
    ),
    "campaign_of_plant_a": (
        None,
        "get",
        lambda w: reverse("interviews:campaign_detail", args=[w.plant_a.pk]),
        None,
        "200 200 404 403 200 403 403 403 403 404",
    ),
    "campaign_edit_of_plant_a": (
        None,
        "get",
        lambda w: reverse("interviews:campaign_edit", args=[w.plant_a.pk]),
        None,
        "200 200 404 403 403 403 403 403 403 404",
    ),
    "campaign_create": (
        None,
        "get",
        lambda w: reverse("interviews:campaign_create"),
        None,
        "200 200 200 403 403 403 403 403 403 404",
    ),
    "campaign_close": (
        None,
        "post",
        lambda w: reverse("interviews:campaign_close", args=[w.campaign.pk]),
        {},
        "302 403 403 403 403 403 403 403 403 404",
    ),
    "campaign_launch_plant_a": (
        None,
        "post",
        lambda w: reverse("interviews:campaign_launch", args=[w.plant_a.pk]),
        {},
        "302 302 404 403 403 403 403 403 403 404",
    ),
}

# Group HR only: the template designer, and running a campaign that covers every site.
GROUP_HR_GET = "200 403 403 403 403 403 403 403 403 404"
GROUP_HR_POST = "302 403 403 403 403 403 403 403 403 404"
PAGES |= {
    "campaign_late_hires": (
        None,
        "post",
        lambda w: reverse("interviews:campaign_late_hires", args=[w.campaign.pk]),
        {},
        GROUP_HR_POST,
    ),
    "override_add": (
        None,
        "post",
        lambda w: reverse("interviews:override_add", args=[w.campaign.pk]),
        {},
        GROUP_HR_POST,
    ),
    "override_delete": (
        None,
        "post",
        lambda w: reverse("interviews:override_delete", args=[w.campaign.pk, w.override.pk]),
        {},
        GROUP_HR_POST,
    ),
    "kind_edit": (
        None,
        "get",
        lambda w: reverse("interviews:kind_edit", args=[w.template.kind_id]),
        None,
        GROUP_HR_GET,
    ),
    "template_edit": (
        None,
        "get",
        lambda w: reverse("interviews:template_edit", args=[w.template.pk]),
        None,
        GROUP_HR_GET,
    ),
    "template_draft": (
        None,
        "post",
        lambda w: reverse("interviews:template_draft", args=[w.template.pk]),
        {},
        GROUP_HR_POST,
    ),
    "template_duplicate": (
        None,
        "post",
        lambda w: reverse("interviews:template_duplicate", args=[w.template.pk]),
        {},
        GROUP_HR_POST,
    ),
    "section_edit": (
        None,
        "get",
        lambda w: reverse("interviews:section_edit", args=[w.draft_section.pk]),
        None,
        GROUP_HR_GET,
    ),
    "section_move": (
        None,
        "post",
        lambda w: reverse("interviews:section_move", args=[w.draft_section.pk]),
        {"direction": "1"},
        GROUP_HR_POST,
    ),
    "section_delete": (
        None,
        "post",
        lambda w: reverse("interviews:section_delete", args=[w.spare_section.pk]),
        {},
        GROUP_HR_POST,
    ),
    "question_create": (
        None,
        "get",
        lambda w: reverse("interviews:question_create", args=[w.draft_section.pk]),
        None,
        GROUP_HR_GET,
    ),
    "question_edit": (
        None,
        "get",
        lambda w: reverse("interviews:question_edit", args=[w.draft_question.pk]),
        None,
        GROUP_HR_GET,
    ),
    "question_move": (
        None,
        "post",
        lambda w: reverse("interviews:question_move", args=[w.draft_question.pk]),
        {"direction": "-1"},
        GROUP_HR_POST,
    ),
    "question_delete": (
        None,
        "post",
        lambda w: reverse("interviews:question_delete", args=[w.spare_question.pk]),
        {},
        GROUP_HR_POST,
    ),
    "notification_read": (
        None,
        "post",
        lambda w: reverse("interviews:notification_read", args=[w.notification.pk]),
        {},
        "404 404 404 404 404 404 404 404 302 404",
    ),
    "sign_post": (
        "held",
        "post",
        _interview_url("sign"),
        {"role": "employee", "method": "confirmed"},
        "403 403 404 404 403 403 403 404 302 404",
    ),
}

API = {
    "interviews": (
        None,
        "get",
        lambda w: "/api/v1/interviews/",
        None,
        "200 200 200 200 200 200 200 200 200 404",
    ),
    "interview": (
        None,
        "get",
        lambda w: f"/api/v1/interviews/{w.interview.pk}/",
        None,
        "200 200 404 404 200 200 200 404 200 404",
    ),
    "answers": (
        None,
        "get",
        lambda w: f"/api/v1/interviews/{w.interview.pk}/answers/",
        None,
        "200 200 404 404 200 200 200 404 200 404",
    ),
    "answers_post": (
        None,
        "post",
        lambda w: f"/api/v1/interviews/{w.interview.pk}/answers/",
        "summary",
        "403 403 404 404 403 403 200 404 403 404",
    ),
    "signatures": (
        "held",
        "get",
        lambda w: f"/api/v1/interviews/{w.interview.pk}/signatures/",
        None,
        "200 200 404 404 200 200 200 404 200 404",
    ),
    "plan": (
        None,
        "post",
        lambda w: f"/api/v1/interviews/{w.interview.pk}/plan/",
        {"scheduled_at": "2026-02-10T09:00:00+01:00"},
        "200 200 404 404 403 200 200 404 403 404",
    ),
    "hold": (
        "planned",
        "post",
        lambda w: f"/api/v1/interviews/{w.interview.pk}/hold/",
        {},
        "200 200 404 404 403 403 200 404 403 404",
    ),
    "reopen": (
        "signed",
        "post",
        lambda w: f"/api/v1/interviews/{w.interview.pk}/reopen/",
        {"reason": "Typo"},
        "200 200 404 404 403 403 403 404 403 404",
    ),
    "pdf": (
        "report",
        "get",
        lambda w: f"/api/v1/interviews/{w.interview.pk}/pdf/",
        None,
        "200 200 404 404 200 200 200 404 200 404",
    ),
    "templates": (
        None,
        "get",
        lambda w: "/api/v1/interview-templates/",
        None,
        "200 200 200 403 200 403 403 403 403 404",
    ),
    "template_publish": (
        None,
        "post",
        lambda w: f"/api/v1/interview-templates/{w.template.pk}/publish/",
        {},
        "200 403 403 403 403 403 403 403 403 404",
    ),
    "kinds": (
        None,
        "get",
        lambda w: "/api/v1/interview-kinds/",
        None,
        "200 200 200 200 200 200 200 200 200 404",
    ),
    "campaigns": (
        None,
        "get",
        lambda w: "/api/v1/campaigns/",
        None,
        "200 200 200 403 200 403 403 403 403 404",
    ),
    "campaign_of_plant_a": (
        None,
        "get",
        lambda w: f"/api/v1/campaigns/{w.plant_a.pk}/",
        None,
        "200 200 404 403 200 403 403 403 403 404",
    ),
    "campaign_launch_plant_a": (
        None,
        "post",
        lambda w: f"/api/v1/campaigns/{w.plant_a.pk}/launch/",
        {},
        "200 200 404 403 403 403 403 403 403 404",
    ),
}


API |= {
    "campaign_create": (
        None,
        "post",
        lambda w: "/api/v1/campaigns/",
        "new_campaign",
        "201 201 400 403 403 403 403 403 403 404",
    ),
    "campaign_update_plant_a": (
        None,
        "patch",
        lambda w: f"/api/v1/campaigns/{w.plant_a.pk}/",
        {"name": "Plant A, renamed"},
        "200 200 404 403 403 403 403 403 403 404",
    ),
    "campaign_late_hires": (
        None,
        "post",
        lambda w: f"/api/v1/campaigns/{w.campaign.pk}/add-late-hires/",
        {},
        "200 403 403 403 403 403 403 403 403 404",
    ),
    "campaign_close": (
        None,
        "post",
        lambda w: f"/api/v1/campaigns/{w.campaign.pk}/close/",
        {},
        "200 403 403 403 403 403 403 403 403 404",
    ),
    "template": (
        None,
        "get",
        lambda w: f"/api/v1/interview-templates/{w.template.pk}/",
        None,
        "200 200 200 403 200 403 403 403 403 404",
    ),
    "template_content": (
        None,
        "get",
        lambda w: f"/api/v1/interview-templates/{w.template.pk}/content/",
        None,
        "200 200 200 403 200 403 403 403 403 404",
    ),
    "template_create": (
        None,
        "post",
        lambda w: "/api/v1/interview-templates/",
        {"kind": "annual_review", "labels": {"en": "New"}},
        "201 403 403 403 403 403 403 403 403 404",
    ),
    "template_duplicate": (
        None,
        "post",
        lambda w: f"/api/v1/interview-templates/{w.template.pk}/duplicate/",
        {},
        "201 403 403 403 403 403 403 403 403 404",
    ),
    "submit_preparation": (
        None,
        "post",
        lambda w: f"/api/v1/interviews/{w.interview.pk}/submit-preparation/",
        {},
        "200 200 404 404 403 403 200 404 200 404",
    ),
    "follow_up": (
        "signed",
        "post",
        lambda w: f"/api/v1/interviews/{w.interview.pk}/follow-up/",
        {"note": "Done"},
        "200 200 404 404 403 200 200 404 403 404",
    ),
    "cancel": (
        None,
        "post",
        lambda w: f"/api/v1/interviews/{w.interview.pk}/cancel/",
        {"reason": "Left"},
        "200 200 404 404 403 200 200 404 403 404",
    ),
    "reassign": (
        None,
        "post",
        lambda w: f"/api/v1/interviews/{w.interview.pk}/reassign/",
        "to_dario",
        "200 200 404 404 403 200 200 404 403 404",
    ),
    "sign": (
        "held",
        "post",
        lambda w: f"/api/v1/interviews/{w.interview.pk}/sign/",
        {"role": "employee", "method": "confirmed"},
        "403 403 404 404 403 403 403 404 200 404",
    ),
}


@pytest.fixture
def setting(world):
    """The world, Chloé's interview, and a draft campaign limited to plant A."""
    world.interview_obj = world.interview(world.org.chloe)
    plant_a = CampaignFactory(kind=world.template.kind, name="Plant A only")
    plant_a.sites.set([world.org.site_a])
    services.campaign_set_template(
        campaign=plant_a,
        category=world.org.chloe.category,
        template=world.template,
        user=world.users.group_hr,
    )
    world.plant_a = plant_a
    world.override = services.campaign_add_override(
        campaign=world.campaign,
        team=world.org.team_a2,
        interviewer=world.org.alice,
        user=world.users.group_hr,
    )
    draft = services.version_draft(template=world.template, user=world.users.group_hr)
    world.draft_section = draft.sections.get(labels__en="The year")
    world.draft_question = world.draft_section.questions.get(labels__en="Summary")
    world.spare_section = draft.sections.get(labels__en="Last year")
    world.spare_question = world.draft_section.questions.get(labels__en="Absences")
    world.notification = Notification.objects.create(
        recipient=world.org.chloe,
        kind="prepare",
        campaign=world.campaign,
        subject="Prepare your interview",
        text="Please prepare it.",
    )
    return world


def _prepare(world, state):
    interview = world.interview_obj
    answer_everything(interview)
    if state == "report":
        set_status(interview, InterviewStatus.HELD)
        for who, role in (("leader", "manager"), ("operator", "employee")):
            services.interview_sign(
                interview=interview,
                user=getattr(world.users, who),
                role=role,
                method="confirmed",
            )
    elif state:
        set_status(interview, state)
    world.interview = interview
    return interview


def _call(client, method, url, data, world, api):
    if data == "new_campaign":
        data = {
            "name": "New campaign",
            "kind": "annual_review",
            "opens_on": "2027-01-04",
            "deadline": "2027-03-31",
            "sites": [world.org.site_a.pk],
        }
    if data == "to_dario":
        data = {"interviewer": world.org.dario.pk}
    if method == "patch":
        return client.patch(url, json.dumps(data), content_type="application/json")
    if data == "summary":
        name = f"q{question(world.interview, 'Summary').pk}-manager"
        if api:
            payload = [
                {
                    "question": int(name[1:].split("-")[0]),
                    "side": "manager",
                    "value": "Fine",
                    "version": 1,
                }
            ]
            return client.post(url, json.dumps(payload), content_type="application/json")
        data = {f"s-{name}": "1", name: "Fine", f"v-{name}": "1", f"i-{name}": "null"}
    if method == "get":
        return client.get(url)
    if api:
        return client.post(url, json.dumps(data), content_type="application/json")
    return client.post(url, data)


def _run(setting, client_for, table, name, api):
    state, method, url, data, codes = table[name]
    _prepare(setting, state)
    expected = _expect(codes)
    got = {}
    for role in ROLES:
        # Each role acts on the same starting point.
        _prepare(setting, state if state != "report" else None)
        if state == "report":
            set_status(setting.interview, InterviewStatus.SIGNED)
        client = client_for(getattr(setting.users, role))
        got[role] = _call(client, method, url(setting), data, setting, api).status_code
        if method == "post":
            _reset(setting, state)
    assert got == expected


def _reset(world, state):
    from parcours.interviews.models import Campaign, Interview

    interview = world.interview
    Interview.objects.filter(pk=interview.pk).update(
        status=state if state in InterviewStatus.values else InterviewStatus.TO_PLAN,
        interviewer=world.org.bruno,
        version=1,
    )
    if state == "held":
        interview.signatures.all().delete()
    else:
        interview.signatures.update(voided_at=None)
    interview.answers.filter(question__labels__en="Summary").update(value="Went well", version=1)
    world.plant_a.interviews.all().delete()
    Campaign.objects.filter(pk=world.plant_a.pk).update(status="draft")
    Campaign.objects.filter(pk=world.campaign.pk).update(status="running")
    world.template.versions.update(status="published")


@pytest.mark.parametrize("name", list(PAGES))
def test_it_lets_each_role_open_each_page_or_not(setting, client_for, name):
    _run(setting, client_for, PAGES, name, api=False)


@pytest.mark.parametrize("name", list(API))
def test_it_lets_each_role_call_each_endpoint_or_not(setting, client_for, name):
    _run(setting, client_for, API, name, api=True)


def test_it_never_shows_the_employee_the_private_notes(world, client_for):
    interview = world.interview(world.org.chloe)
    services.interview_notes_save(
        interview=interview, user=world.users.leader, notes="Private remark", version=1
    )
    client = client_for(world.users.operator)
    for url in (
        reverse("interviews:detail", args=[interview.pk]),
        reverse("interviews:dossier", args=[interview.pk]),
        f"/api/v1/interviews/{interview.pk}/",
    ):
        assert "Private remark" not in client.get(url).content.decode()
    hr = client_for(world.users.group_hr).get(f"/api/v1/interviews/{interview.pk}/").json()
    assert hr["interviewer_notes"] == "Private remark"


def test_it_hides_the_managers_answers_from_the_employee_until_held(world, client_for):
    interview = world.interview(world.org.chloe)
    answer_everything(interview, sides=("manager",))
    services.answer_save(
        interview=interview,
        question=question(interview, "Summary"),
        side="manager",
        value="Needs coaching",
        version=1,
        user=world.users.leader,
    )
    client = client_for(world.users.operator)
    page = client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert "Needs coaching" not in page
    answers = client.get(f"/api/v1/interviews/{interview.pk}/answers/").json()
    assert {a["side"] for a in answers} <= {"employee", "shared"}
    set_status(interview, InterviewStatus.HELD)
    page = client.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert "Needs coaching" in page  # the report to sign


def test_it_sends_anonymous_visitors_to_the_login_page(world, client):
    response = client.get(reverse("interviews:board"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get("/api/v1/interviews/").status_code in (401, 403)
