"""The home page gives an employee their own things first: interview, objectives, trainings."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_operator_finds_their_self_service_tiles_on_the_home_page(users, client_for):
    page = client_for(users.operator).get(reverse("home")).content.decode()
    for name in ("objectives:mine", "training:mine", "kiosk:next_interview", "kiosk:skills"):
        assert f'href="{reverse(name)}"' in page, name


def test_someone_who_is_not_an_employee_gets_no_tiles(users, client_for):
    page = client_for(users.group_hr).get(reverse("home")).content.decode()
    assert 'class="tile-list"' not in page
