"""The languages people can choose follow the translations installed, without a migration."""

import pytest
from django.core.exceptions import ValidationError

from parcours.organisation.choices import language_choices


@pytest.mark.django_db
def test_a_language_added_by_a_translator_can_be_chosen_for_an_employee(org, settings):
    chloe = org.chloe
    chloe.preferred_language = "pl"
    with pytest.raises(ValidationError) as refused:
        chloe.full_clean()
    assert "preferred_language" in refused.value.message_dict

    settings.LANGUAGES = [*settings.LANGUAGES, ("pl", "Polski")]
    assert ("pl", "Polski") in language_choices()
    chloe.full_clean()
    chloe.save()
    chloe.refresh_from_db()
    assert chloe.preferred_language == "pl"
    assert chloe.get_preferred_language_display() == "Polski"


def test_the_shipped_languages_are_offered():
    codes = [code for code, _name in language_choices()]
    assert {"nl", "fr", "en"} <= set(codes)
