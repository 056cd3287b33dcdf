from parcours.organisation.models import Employee


def names(user):
    return set(Employee.objects.for_user(user).values_list("first_name", flat=True))


def test_it_shows_group_hr_and_the_auditor_everyone(org, users):
    everyone = set(Employee.objects.values_list("first_name", flat=True))
    assert names(users.group_hr) == everyone
    assert names(users.auditor) == everyone


def test_it_shows_site_hr_and_the_coordinator_their_site_only(org, users):
    plant_a = {"Alice", "Bruno", "Chloé", "Dário", "Emre", "Fatima"}
    assert names(users.site_hr_a) == plant_a
    assert names(users.coordinator_a) == plant_a
    assert names(users.site_hr_b) == {"Greet", "Hanne"}


def test_it_shows_a_manager_every_report_below_them(org, users):
    assert names(users.manager) == {"Alice", "Bruno", "Chloé", "Dário", "Emre", "Fatima"}
    assert names(users.leader) == {"Bruno", "Chloé", "Dário"}


def test_it_shows_an_operator_only_themself(org, users):
    assert names(users.operator) == {"Chloé"}


def test_it_shows_an_account_without_role_nothing(org, users):
    assert names(users.outsider) == set()


def test_it_follows_a_change_of_line_manager_at_once(org, users):
    org.dario.manager = org.emre
    org.dario.save()
    assert "Dário" not in names(users.leader)
    assert "Dário" in names(users.other_leader)
    # Two levels down: Alice still sees him through Emre.
    assert "Dário" in names(users.manager)


def test_it_survives_a_reporting_loop_in_the_data(org, users):
    # Imported data can hold a loop; the scope query must still end.
    Employee.objects.filter(pk=org.alice.pk).update(manager=org.chloe)
    assert names(users.leader) == {"Bruno", "Chloé", "Dário", "Alice", "Emre", "Fatima"}
