"""Without the page's script, a training request typed in the interview block and sent
with the page's general Save is added all the same, or the reason is said: never lost
silently. The autosave of one answer (htmx) never adds it."""

from django.urls import reverse

from parcours.training.models import TrainingRequest


def test_the_general_save_adds_a_typed_request_or_says_why_not(
    org, users, world, review, client_for
):
    interview, section = review
    leader = client_for(users.leader)
    answers = reverse("interviews:answers", args=[interview.pk])
    typed = {"version": interview.version, "tr-title": "Excel", "tr-priority": "normal"}

    # Incomplete (no reason): nothing recorded, and the page says so.
    response = leader.post(answers, typed, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert any("not added" in m and "Say why" in m for m in shown), shown
    assert not TrainingRequest.objects.exists()

    # An autosave request of the page never adds a half-typed request.
    leader.post(answers, {**typed, "tr-reason": "Reports"}, HTTP_HX_REQUEST="true")
    assert not TrainingRequest.objects.exists()

    response = leader.post(answers, {**typed, "tr-reason": "Reports"}, follow=True)
    request = TrainingRequest.objects.get()
    assert (request.title, request.interview, request.origin) == ("Excel", interview, "interview")
    assert any("is added" in str(m) for m in response.context["messages"])
    # Empty block fields (the defaults) add nothing.
    leader.post(answers, {"version": interview.version, "tr-priority": "normal"})
    assert TrainingRequest.objects.count() == 1
