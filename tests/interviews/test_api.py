"""The interviews API: the same rules as the pages, for HR systems and apps."""

import json

import pytest
from django.core.management import call_command

from parcours.interviews.choices import InterviewStatus
from parcours.interviews.models import Answer, Campaign, InterviewTemplate
from tests.interviews.conftest import answer_everything, question, set_status
from tests.interviews.factories import drawn_signature


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_it_lists_only_the_interviews_in_scope(world, client_for):
    leader = client_for(world.users.leader).get("/api/v1/interviews/").json()
    # Bruno's own interview, and those he holds.
    assert {row["employee_name"] for row in leader["results"]} == {
        "Bruno Lefèvre",
        "Chloé Dubois",
        "Dário Gonçalves",
    }
    mine = client_for(world.users.operator).get("/api/v1/interviews/").json()
    assert [row["employee_name"] for row in mine["results"]] == ["Chloé Dubois"]
    assert mine["results"][0]["interviewer_notes"] is None
    site_b = client_for(world.users.site_hr_b).get("/api/v1/interviews/?status=to_plan").json()
    assert {row["employee_name"] for row in site_b["results"]} == {"Greet Peeters", "Hanne De Smet"}


def test_it_plans_and_refuses_an_impossible_transition_with_the_reason(world, client_for):
    interview = world.interview(world.org.chloe)
    client = client_for(world.users.leader)
    planned = _post(
        client,
        f"/api/v1/interviews/{interview.pk}/plan/",
        {"scheduled_at": "2026-02-10T09:00:00+01:00", "location": "Office", "version": 1},
    )
    assert planned.status_code == 200 and planned.json()["status"] == "planned"
    stale = _post(
        client,
        f"/api/v1/interviews/{interview.pk}/plan/",
        {"scheduled_at": "2026-02-11T09:00:00+01:00", "version": 1},
    )
    assert stale.status_code == 400
    assert "Someone else changed this interview" in stale.json()["detail"][0]
    refused = _post(client, f"/api/v1/interviews/{interview.pk}/follow-up/", {})
    assert refused.status_code == 400
    assert (
        "This interview is “Planned”: it cannot be marked as followed up."
        in (refused.json()["detail"][0])
    )


def test_it_saves_answers_and_returns_conflicts_without_saving_any(world, client_for):
    interview = world.interview(world.org.chloe)
    summary = question(interview, "Summary").pk
    safety = question(interview, "Safety").pk
    client = client_for(world.users.leader)
    url = f"/api/v1/interviews/{interview.pk}/answers/"
    saved = _post(
        client,
        url,
        [
            {"question": summary, "side": "manager", "value": "Good year", "version": 0},
            {"question": safety, "side": "manager", "value": True, "version": 0},
        ],
    )
    assert saved.status_code == 200
    assert {(a["question"], a["version"]) for a in saved.json()} == {(summary, 1), (safety, 1)}
    conflict = _post(
        client,
        url,
        [
            {"question": safety, "side": "manager", "value": False, "version": 1},
            {"question": summary, "side": "manager", "value": "Other text", "version": 0},
        ],
    )
    assert conflict.status_code == 409
    assert conflict.json() == [
        {
            "question": summary,
            "side": "manager",
            "yours": "Other text",
            "current": "Good year",
            "current_version": 1,
        }
    ]
    # Nothing of the batch was saved.
    assert Answer.objects.get(question_id=safety).value is True
    invalid = _post(
        client, url, [{"question": safety, "side": "manager", "value": "yes", "version": 1}]
    )
    assert invalid.status_code == 400 and "Answer yes or no." in json.dumps(invalid.json())


def test_it_signs_and_serves_the_pdf(world, client_for):
    interview = world.interview(world.org.chloe)
    answer_everything(interview)
    set_status(interview, InterviewStatus.HELD)
    leader = client_for(world.users.leader)
    drawn = _post(
        leader,
        f"/api/v1/interviews/{interview.pk}/sign/",
        {"role": "employee", "method": "drawn", "image": drawn_signature()},
    )
    assert drawn.status_code == 200 and drawn.json()["status"] == "held"
    done = _post(
        leader,
        f"/api/v1/interviews/{interview.pk}/sign/",
        {"role": "manager", "method": "confirmed"},
    ).json()
    assert done["status"] == "signed" and len(done["report"]["sha256"]) == 64
    signatures = leader.get(f"/api/v1/interviews/{interview.pk}/signatures/").json()
    assert [s["role"] for s in signatures] == ["employee", "manager"]
    pdf = client_for(world.users.operator).get(f"/api/v1/interviews/{interview.pk}/pdf/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_it_creates_a_template_with_its_questions_and_publishes_it(world, client_for):
    client = client_for(world.users.group_hr)
    created = _post(
        client,
        "/api/v1/interview-templates/",
        {
            "kind": "annual_review",
            "labels": {"en": "Technicians", "nl": "Technici"},
            "categories": ["operator"],
            "sections": [
                {
                    "labels": {"en": "Skills"},
                    "questions": [
                        {
                            "type": "scale",
                            "respondent": "separately",
                            "labels": {"en": "Level"},
                            "required": True,
                            "options": {
                                "levels": [
                                    {"value": 1, "labels": {"en": "Learning"}},
                                    {"value": 2, "labels": {"en": "Autonomous"}},
                                ]
                            },
                        }
                    ],
                },
                {"labels": {"en": "Signatures"}, "block_code": "signature"},
            ],
        },
    )
    assert created.status_code == 201, created.content
    template_id = created.json()["id"]
    published = _post(client, f"/api/v1/interview-templates/{template_id}/publish/", {})
    assert published.json()["status"] == "published"
    content = client.get(f"/api/v1/interview-templates/{template_id}/content/").json()
    assert content["sections"][0]["questions"][0]["label"] == "Level"
    again = _post(client, f"/api/v1/interview-templates/{template_id}/publish/", {})
    assert again.status_code == 400
    bad = _post(
        client,
        "/api/v1/interview-templates/",
        {
            "kind": "annual_review",
            "labels": {"en": "Broken"},
            "sections": [
                {
                    "labels": {"en": "S"},
                    "questions": [
                        {
                            "type": "scale",
                            "respondent": "manager",
                            "labels": {"en": "Q"},
                            "options": {},
                        }
                    ],
                }
            ],
        },
    )
    assert bad.status_code == 400 and "at least two levels" in json.dumps(bad.json())
    assert not InterviewTemplate.objects.filter(labels__en="Broken").exists()


def test_it_creates_and_launches_a_campaign(world, client_for):
    client = client_for(world.users.group_hr)
    created = _post(
        client,
        "/api/v1/campaigns/",
        {
            "name": "Reviews 2027",
            "kind": "annual_review",
            "opens_on": "2027-01-04",
            "deadline": "2027-03-31",
            "sites": [world.org.site_a.pk, world.org.site_b.pk],
            "templates": [
                {"category": "operator", "template": world.template.pk},
                {"category": "team_leader", "template": world.template.pk},
            ],
        },
    )
    assert created.status_code == 201, created.content
    campaign_id = created.json()["id"]
    launched = _post(client, f"/api/v1/campaigns/{campaign_id}/launch/", {})
    assert launched.json() == {
        "created": 7,
        "by_site": {"Plant A": 5, "Plant B": 2},
        "by_category": {"Operator": 4, "Team Leader": 3},
        "without_template": 1,
        "without_interviewer": 1,
    }
    assert Campaign.objects.get(pk=campaign_id).status == "running"
    twice = _post(client, f"/api/v1/campaigns/{campaign_id}/launch/", {})
    assert twice.status_code == 400


def test_it_keeps_the_schema_valid(db, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    schema = (tmp_path / "s.yml").read_text()
    for path in (
        "/api/v1/interviews/{id}/answers/",
        "/api/v1/interviews/{id}/sign/",
        "/api/v1/campaigns/{id}/launch/",
        "/api/v1/interview-templates/{id}/publish/",
    ):
        assert path in schema


@pytest.mark.parametrize("who", ["outsider"])
def test_it_answers_404_to_an_account_without_a_role(world, client_for, who):
    client = client_for(getattr(world.users, who))
    for url in ("/api/v1/interviews/", "/api/v1/campaigns/", "/api/v1/interview-templates/"):
        assert client.get(url).status_code == 404
