"""What the team, department and HR views count, and the Excel export."""

import io
from datetime import date

from django.urls import reverse
from openpyxl import load_workbook

from parcours.objectives import selectors, services
from parcours.objectives.choices import ObjectiveLevel
from tests.objectives.conftest import level, make_objective


def _close(objective, user, code):
    services.evaluation_record(
        objective=objective, user=user, role="manager", level=level(code), decision="close"
    )


def test_it_counts_share_achieved_and_objectives_nobody_evaluated(org, users):
    team_goal = services.objective_create(
        user=users.site_hr_a,
        level=ObjectiveLevel.TEAM,
        team=org.team_a1,
        title="OEE above 80 %",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    a = make_objective(org.chloe, users.leader, title="A", contributes_to=team_goal)
    b = make_objective(org.dario, users.leader, title="B", contributes_to=team_goal)
    make_objective(org.dario, users.leader, title="Nobody evaluated it")  # period over
    make_objective(org.fatima, users.other_leader, title="F")
    _close(a, users.leader, "A")
    _close(b, users.leader, "C")
    teams = {s.name: s for s in selectors.group_summaries(user=users.group_hr, by="team")}
    presses = teams["Presses A"]
    assert (presses.total, presses.closed, presses.achieved, presses.unevaluated) == (3, 2, 1, 1)
    assert presses.share_achieved == 50
    assert teams["Assembly"].unevaluated == 1
    departments = selectors.group_summaries(user=users.group_hr, by="department")
    assert [(d.name, d.total) for d in departments] == [("Production", 4)]
    # Emre sees only his team's figures.
    assert [s.name for s in selectors.group_summaries(user=users.other_leader)] == ["Assembly"]
    rollup = {o.title: o for o in selectors.collective_rollup(user=users.leader)}
    goal = rollup["OEE above 80 %"]
    assert (goal.contributing, goal.contributing_closed, goal.contributing_achieved) == (2, 2, 1)


def test_the_hr_list_filters_and_exports_what_it_shows(org, users, client_for):
    a = make_objective(org.chloe, users.leader, title="Scrap rate")
    make_objective(org.dario, users.leader, title="Die changes")
    _close(a, users.leader, "B")
    hr = client_for(users.site_hr_a)
    page = hr.get(reverse("objectives:list"), {"q": "die"}).content.decode()
    assert "Scrap rate" not in page and "Die changes" in page
    page = hr.get(reverse("objectives:list"), {"status": "open"}).content.decode()
    assert "Scrap rate" not in page and "Die changes" in page
    fragment = hr.get(reverse("objectives:list"), {"q": "die"}, HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode() and "Die changes" in fragment.content.decode()
    response = hr.get(reverse("objectives:export"), {"status": "achieved"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][5] == "Objective" and len(rows) == 2
    assert rows[1][3] == org.chloe.full_name and rows[1][5] == "Scrap rate"
    assert rows[1][18] == "B" and rows[1][15] == "achieved"


def test_the_employee_panel_is_a_fragment_for_htmx(org, users, client_for):
    make_objective(org.chloe, users.leader)
    client = client_for(users.leader)
    url = reverse("objectives:employee_panel", args=[org.chloe.pk])
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'id="period-2025"' in fragment and "<svg" in fragment
    assert "<html" in client.get(url).content.decode()


def test_the_tile_and_the_panel_are_registered(org, users):
    from parcours.core.panels import employee_panels
    from parcours.core.selfservice import tiles

    tile = next(t for t in tiles() if t.code == "objectives")
    assert (tile.url_name, tile.icon, tile.order) == ("objectives:mine", "◎", 30)
    assert tile.badge(org.chloe) is None
    make_objective(org.chloe, users.leader)
    make_objective(org.chloe, users.leader, title="Second")
    assert tile.badge(org.chloe) == 2
    panel = next(p for p in employee_panels(users.leader, org.chloe) if p.code == "objectives")
    assert (panel.url_name, panel.order) == ("objectives:employee_panel", 30)
