import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcours.organisation.choices import ContractType
from parcours.organisation.models import Employee, EmployeeCategory, Site, Team


class EmployeeFilter(django_filters.FilterSet):
    """Filters of the employee list; the choices offered are those the user can see."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    site = django_filters.ModelChoiceFilter(
        queryset=Site.objects.none(), label=_("Site"), empty_label=_("All sites")
    )
    team = django_filters.ModelChoiceFilter(
        queryset=Team.objects.none(), label=_("Team"), empty_label=_("All teams")
    )
    category = django_filters.ModelChoiceFilter(
        queryset=EmployeeCategory.objects.all(), label=_("Category"), empty_label=_("All")
    )
    contract_type = django_filters.ChoiceFilter(
        choices=ContractType.choices, label=_("Contract"), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("active", _("Active")), ("left", _("Left"))],
        empty_label=_("Everyone"),
        method="filter_status",
    )

    class Meta:
        model = Employee
        fields = ["q", "site", "team", "category", "contract_type", "status"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["site"].queryset = Site.objects.for_user(user)
        self.filters["team"].queryset = Team.objects.for_user(user).select_related("site")
        self.filters["team"].field.label_from_instance = lambda t: f"{t.site} · {t.name}"

    def filter_status(self, queryset, name, value):
        return queryset.filter(active=value == "active")

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(employee_number__icontains=word)
            )
        return queryset
