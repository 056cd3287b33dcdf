import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours.interviews.choices import OPEN_STATUSES, InterviewStatus
from parcours.interviews.models import Campaign
from parcours.organisation.models import Department, LegalEntity, Site


class InterviewFilter(django_filters.FilterSet):
    """Filters of the interview list; the board's figures link here."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.none(), label=_("Campaign"), empty_label=_("All campaigns")
    )
    status = django_filters.ChoiceFilter(
        choices=InterviewStatus.choices, label=_("Status"), empty_label=_("All")
    )
    late = django_filters.BooleanFilter(method="filter_late", label=_("Late only"))
    legal_entity = django_filters.ModelChoiceFilter(
        field_name="employee__legal_entity",
        queryset=LegalEntity.objects.none(),
        label=_("Legal entity"),
        empty_label=_("All"),
    )
    site = django_filters.ModelChoiceFilter(
        field_name="employee__site",
        queryset=Site.objects.none(),
        label=_("Site"),
        empty_label=_("All sites"),
    )
    department = django_filters.ModelChoiceFilter(
        field_name="employee__team__department",
        queryset=Department.objects.none(),
        label=_("Department"),
        empty_label=_("All"),
    )
    interviewer = django_filters.NumberFilter(method="filter_interviewer")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        sites = Site.objects.for_user(user)
        self.filters["campaign"].queryset = Campaign.objects.for_user(user)
        self.filters["site"].queryset = sites
        self.filters["legal_entity"].queryset = LegalEntity.objects.filter(
            sites__in=sites
        ).distinct()
        self.filters["department"].queryset = Department.objects.filter(
            site__in=sites
        ).select_related("site")
        self.filters["department"].field.label_from_instance = lambda d: f"{d.site} · {d.name}"
        self.filters["interviewer"].field.widget = django_filters.widgets.forms.HiddenInput()
        self.filters["late"].field.widget = django_filters.widgets.BooleanWidget()

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(employee__first_name__icontains=word)
                | Q(employee__last_name__icontains=word)
                | Q(employee__employee_number__icontains=word)
            )
        return queryset

    def filter_interviewer(self, queryset, name, value):
        # 0 stands for "no interviewer yet", a row of the board like any other.
        if value == 0:
            return queryset.filter(interviewer__isnull=True)
        return queryset.filter(interviewer_id=value)

    def filter_late(self, queryset, name, value):
        if value:
            return queryset.filter(
                status__in=OPEN_STATUSES, campaign__deadline__lt=timezone.localdate()
            )
        return queryset
