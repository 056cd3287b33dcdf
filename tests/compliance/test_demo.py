"""The demo: run twice, it changes nothing; the French plants show employees overdue with
a penalty at stake and others up to date."""

from django.utils import timezone

from parcours.compliance import selectors
from parcours.compliance.demo import build_compliance_demo
from parcours.compliance.models import (
    EntitySettings,
    HistoricInterview,
    InterviewPolicy,
    KindMapping,
    TrainingRecord,
)
from parcours.organisation.demo import build_demo
from parcours.organisation.models import Employee, LegalEntity, Site


def _counts():
    return (
        EntitySettings.objects.count(),
        InterviewPolicy.objects.count(),
        KindMapping.objects.count(),
        HistoricInterview.objects.count(),
        TrainingRecord.objects.count(),
    )


def test_demo_is_idempotent_and_shows_a_mixed_picture(db, django_user_model):
    build_demo(employees=120)
    build_compliance_demo()
    first = _counts()
    build_compliance_demo()
    assert _counts() == first
    assert first[0] == LegalEntity.objects.count()
    assert first[1] == 1 and first[3] > 0 and first[4] > 0
    site = Site.objects.get(code="FR-VAL")
    on = timezone.localdate()
    result = selectors.overview(
        selectors.assess_employees(
            selectors.employees_on(Employee.objects.filter(site=site), on), on
        ),
        on,
    )
    assert result.overdue and result.at_risk and result.amount_eur >= 3000
    assert result.met > 0
    # The Dutch plant follows its collective-agreement policy.
    dutch = Employee.objects.filter(legal_entity__country="NL").first()
    assert selectors.assess_one(dutch, on).assessment.policy == "NL-CAO-JAARGESPREK"
