"""The "training requests" block: added in the interview by the manager (or the employee
preparing), a request at once in the coordinator's queue, listed in the report."""

from django.urls import reverse

from parcours.interviews.blocks import BlockContext, block_choices, get_block
from parcours.training.models import TrainingRequest


def _url(interview, section):
    return reverse("training:interview_block", args=[interview.pk, section.pk])


def test_it_is_offered_to_template_authors():
    assert ("training_request", "Training requests") in block_choices()


def test_the_manager_adds_a_request_the_coordinator_sees_at_once(
    org, users, world, review, client_for
):
    interview, section = review
    leader = client_for(users.leader)
    page = leader.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert 'name="tr-training"' in page and "Press basics" in page
    assert "Persen" not in page  # plant B's course is not offered to Chloé
    response = leader.post(
        _url(interview, section),
        {
            "tr-training": str(world.press_basics.pk),
            "tr-reason": "Run the 400 t press alone",
            "tr-priority": "high",
            "tr-period": "before summer",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#training-request-{section.pk}")
    request = TrainingRequest.objects.get()
    assert (request.origin, request.interview, request.requested_by) == (
        "interview",
        interview,
        users.leader,
    )
    assert (request.priority, request.wished_period) == ("high", "before summer")
    queue = client_for(users.coordinator_a).get(reverse("training:queue")).content.decode()
    assert "Run the 400 t press alone" in queue and "Chloé Dubois" in queue
    page = leader.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert "Waiting for a decision" in page


def test_the_employee_adds_one_while_preparing_in_their_words(
    org, users, world, review, client_for
):
    interview, section = review
    response = client_for(users.operator).post(
        _url(interview, section), {"tr-title": "Excel for beginners", "tr-reason": "Reports"}
    )
    assert response.status_code == 302
    request = TrainingRequest.objects.get()
    assert request.training is None and request.title == "Excel for beginners"
    assert request.requested_by == users.operator


def test_bad_input_gets_a_message_and_records_nothing(org, users, world, review, client_for):
    interview, section = review
    leader = client_for(users.leader)
    for data in (
        {"tr-reason": "No training chosen"},
        {"tr-training": str(world.press_basics.pk)},
        {"tr-training": str(world.plant_b_course.pk), "tr-reason": "Other site"},
        {"tr-training": "abc", "tr-reason": "x"},
    ):
        response = leader.post(_url(interview, section), data, follow=True)
        assert response.status_code == 200
        assert response.context["messages"] and not TrainingRequest.objects.exists()
    # Readers and people outside the interview cannot add.
    assert client_for(users.coordinator_a).post(_url(interview, section), {}).status_code == 404
    assert client_for(users.other_leader).post(_url(interview, section), {}).status_code == 404
    assert client_for(users.manager).post(_url(interview, section), {}).status_code == 403


def test_the_report_lists_the_requests_with_their_state(org, users, world, review):
    interview, section = review
    block = get_block("training_request")
    ctx = BlockContext(
        section=section, interview=interview, viewer="interviewer", editable=True, user=users.leader
    )
    block.save(
        ctx,
        block.clean(ctx, {"tr-training": [str(world.forklift_course.pk)], "tr-reason": ["CACES"]}),
    )
    report = block.report(interview, section)
    assert report["training_requests"][0]["catalogue_code"] == "forklift"
    assert report["training_requests"][0]["status"] == "requested"
    html = block.render_pdf(BlockContext(section=section, interview=interview))
    assert "Forklift licence course" in html and "Waiting for a decision" in html
