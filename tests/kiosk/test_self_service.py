"""The self-service pages: preparation one question per screen with conflicts, signing on
the tablet (PIN, then the interviewer's login), reports, skills and other apps' tiles."""

import pytest
from django.test import Client

from parcours.core import selfservice
from parcours.interviews import services as interview_services
from parcours.interviews.choices import InterviewStatus
from parcours.interviews.models import Answer
from tests.interviews.conftest import answer_everything, question, set_status
from tests.kiosk.conftest import give_pin, sign_in


@pytest.fixture
def chloe_at_kiosk(world, tablet, org):
    give_pin(org.chloe)
    client = tablet()
    assert sign_in(client, org.chloe).status_code == 302
    return client


def test_preparation_one_question_per_screen(world, chloe_at_kiosk, org):
    interview = world.interview(org.chloe)
    client = chloe_at_kiosk
    first = client.get("/kiosk/me/prepare/")
    assert first["Location"] == f"/kiosk/me/interviews/{interview.pk}/prepare/1/"
    url = first["Location"]
    page = client.get(url).content.decode()
    # The employee's answers only: achievements, rating (own side), wish, topics (shared).
    assert "Question 1 of 4" in page and "Achievements" in page and "Summary" not in page
    assert 'autocomplete="off"' in page and "Read aloud" in page
    achievements = question(interview, "Achievements")
    name = f"q{achievements.pk}-employee"
    response = client.post(url, {name: "Fixed the press", f"v-{name}": "0", "next": "1"})
    assert response["Location"].endswith("/prepare/2/")
    rating = question(interview, "Rating")
    client.post(response["Location"], {f"q{rating.pk}-employee": "3", "next": "1"})
    # Back to the first: the answer is there.
    assert "Fixed the press" in client.get(url).content.decode()
    review = client.get(f"/kiosk/me/interviews/{interview.pk}/prepare/5/").content.decode()
    assert "Send my preparation" in review and "Fixed the press" in review
    interview.refresh_from_db()
    response = client.post(
        f"/kiosk/me/interviews/{interview.pk}/prepare/5/", {"version": interview.version}
    )
    assert response["Location"] == "/kiosk/me/"
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.PREPARED


def test_preparation_conflict_loses_nothing(world, chloe_at_kiosk, org, users):
    """Her manager saved another answer meanwhile: nothing is overwritten, both are shown,
    and she chooses."""
    interview = world.interview(org.chloe)
    topics = question(interview, "Topics")
    name = f"q{topics.pk}-shared"
    url = f"/kiosk/me/interviews/{interview.pk}/prepare/4/"
    assert "Topics" in chloe_at_kiosk.get(url).content.decode()
    interview_services.answer_save(
        interview=interview,
        question=topics,
        side="shared",
        value=["2"],
        version=0,
        user=users.leader,
    )
    response = chloe_at_kiosk.post(url, {name: ["1"], f"v-{name}": "0", "next": "1"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved a different answer meanwhile" in page
    assert Answer.objects.get(interview=interview, question=topics).value == ["2"]
    response = chloe_at_kiosk.post(url, {name: ["1"], f"v-{name}": "1", "keep": name})
    assert response.status_code == 302
    assert Answer.objects.get(interview=interview, question=topics).value == ["1"]


def test_a_wrong_answer_is_refused_with_a_message(world, chloe_at_kiosk, org):
    interview = world.interview(org.chloe)
    rating = question(interview, "Rating")
    url = f"/kiosk/me/interviews/{interview.pk}/prepare/2/"
    response = chloe_at_kiosk.post(url, {f"q{rating.pk}-employee": "99", "next": "1"})
    assert response.status_code == 400 and "Choose one of the levels" in response.content.decode()


def test_signing_on_the_tablet(world, chloe_at_kiosk, org, users):
    interview = world.interview(org.chloe)
    answer_everything(interview)
    set_status(interview, InterviewStatus.HELD)
    url = f"/kiosk/me/interviews/{interview.pk}/sign/"
    page = chloe_at_kiosk.get(url).content.decode()
    assert "Chloé Dubois signs" in page and "After the employee" in page
    # A wrong PIN signs nothing.
    response = chloe_at_kiosk.post(url, {"who": "employee", "pin": "9999"})
    assert response.status_code == 400 and not interview.signatures.exists()
    response = chloe_at_kiosk.post(url, {"who": "employee", "pin": "2580", "comment": "OK"})
    assert response.status_code == 302
    signature = interview.signatures.get()
    assert signature.role == "employee" and signature.user == org.chloe.user
    # Another manager's login does not sign for the interviewer.
    response = chloe_at_kiosk.post(
        url, {"who": "manager", "username": "emre", "password": "secret-pass-123"}
    )
    assert response.status_code == 400 and "not the interviewer" in response.content.decode()
    response = chloe_at_kiosk.post(
        url, {"who": "manager", "username": "bruno", "password": "wrong"}
    )
    assert response.status_code == 400
    response = chloe_at_kiosk.post(
        url, {"who": "manager", "username": "bruno", "password": "secret-pass-123"}
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.SIGNED
    manager_signature = interview.signatures.get(role="manager")
    assert manager_signature.user == users.leader
    # Still Chloé's session: the manager's login did not replace it.
    page = chloe_at_kiosk.get(url).content.decode()
    assert "Download the signed report" in page
    assert chloe_at_kiosk.get(f"/interviews/{interview.pk}/report.pdf").status_code == 200
    reports = chloe_at_kiosk.get("/kiosk/me/reports/").content.decode()
    assert f"/interviews/{interview.pk}/report.pdf" in reports


def test_home_lists_the_tiles_of_every_app(world, chloe_at_kiosk, org):
    page = chloe_at_kiosk.get("/kiosk/me/").content.decode()
    assert "Hello Chloé" in page
    for tile in selfservice.tiles():
        if tile.visible is None or tile.visible(org.chloe):
            assert str(tile.label) in page, tile.code
    assert "Prepare my interview" in page


def test_skills_page(world, chloe_at_kiosk, org, users):
    from parcours.skills import services as skill_services
    from tests.skills.factories import CertificationFactory, SkillFactory

    skill_services.levels_ensure_default()
    skill = SkillFactory(labels={"en": "Press 400 t", "fr": "Presse 400 t"})
    skill_services.assessment_record(employee=org.chloe, skill=skill, level=3, user=users.leader)
    CertificationFactory(employee=org.chloe, type__labels={"en": "Forklift licence"})
    page = chloe_at_kiosk.get("/kiosk/me/skills/").content.decode()
    assert "Press 400 t" in page and "Forklift licence" in page
    assert "valid until Jan. 10, 2029" in page


def test_self_service_for_someone_without_an_employee(users, client_for):
    assert client_for(users.outsider).get("/kiosk/me/").status_code == 404
    assert client_for(users.site_hr_a).get("/kiosk/me/").status_code == 404
    assert Client().get("/kiosk/me/")["Location"] == "/kiosk/"


def test_an_interview_of_someone_else_is_not_found(world, chloe_at_kiosk, org):
    other = world.interview(org.dario)
    assert chloe_at_kiosk.get(f"/kiosk/me/interviews/{other.pk}/prepare/1/").status_code == 404
    assert chloe_at_kiosk.get(f"/kiosk/me/interviews/{other.pk}/sign/").status_code == 404
