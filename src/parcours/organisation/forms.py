from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcours.core.richtext import clean_rich_text
from parcours.core.scope import scope_for
from parcours.organisation.models import (
    Department,
    Employee,
    EmployeeCategory,
    Leave,
    Position,
    Site,
    Team,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def editable_sites(user):
    scope = scope_for(user)
    sites = Site.objects.select_related("legal_entity")
    return sites if scope.is_group_hr else sites.filter(pk__in=scope.hr_site_ids)


class EmployeeForm(forms.ModelForm):
    effective = forms.DateField(
        label=_("Changes take effect on"),
        required=False,
        widget=DateInput(),
        help_text=_("For a new position, team, manager or category. Empty: today."),
    )

    class Meta:
        model = Employee
        fields = [
            "employee_number",
            "first_name",
            "last_name",
            "birth_date",
            "hire_date",
            "leaving_date",
            "active",
            "site",
            "category",
            "position",
            "team",
            "manager",
            "contract_type",
            "working_time_unit",
            "working_time_value",
            "preferred_language",
            "email",
            "phone",
        ]
        widgets = {
            "birth_date": DateInput(),
            "hire_date": DateInput(),
            "leaving_date": DateInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        sites = editable_sites(user)
        site_ids = list(sites.values_list("pk", flat=True))
        self.fields["site"].queryset = sites
        self.fields["team"].queryset = Team.objects.filter(site_id__in=site_ids).select_related(
            "site"
        )
        self.fields["team"].label_from_instance = lambda team: f"{team.site} · {team.name}"
        self.fields["position"].queryset = Position.objects.filter(
            Q(site__isnull=True) | Q(site_id__in=site_ids)
        )
        self.fields["category"].queryset = EmployeeCategory.objects.all()
        # A manager is chosen among people who lead others already or whose category
        # is a leading one: a list of every employee would be thousands long.
        leading = Q(category__code__in=["team_leader", "manager"]) | Q(reports__isnull=False)
        if self.instance.manager_id:
            leading |= Q(pk=self.instance.manager_id)
        self.fields["manager"].queryset = (
            Employee.objects.for_user(user)
            .filter(leading, active=True)
            .exclude(pk=self.instance.pk)
            .select_related("site")
            .distinct()
            .order_by("site__name", "last_name", "first_name")
        )
        self.fields["manager"].label_from_instance = lambda e: (
            f"{e.full_name} ({e.site.name}, {e.employee_number})"
        )
        if not self.instance.pk:
            del self.fields["effective"]

    def clean(self):
        cleaned = super().clean()
        site = cleaned.get("site")
        if site is not None:
            cleaned["legal_entity"] = site.legal_entity
            self.instance.legal_entity = site.legal_entity
        return cleaned

    def validate_unique(self):
        # The employee number is unique within the legal entity, which comes from the
        # site: employee_create/employee_update check it and name the field.
        return


class LeaveForm(forms.ModelForm):
    class Meta:
        model = Leave
        fields = ["kind", "first_day", "last_day", "return_date", "note"]
        widgets = {
            "first_day": DateInput(),
            "last_day": DateInput(),
            "return_date": DateInput(),
        }


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = ["legal_entity", "name", "code", "address", "default_language"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["site", "department", "name", "leader"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        sites = editable_sites(user)
        site_ids = list(sites.values_list("pk", flat=True))
        self.fields["site"].queryset = sites
        self.fields["department"].queryset = Department.objects.filter(
            site_id__in=site_ids
        ).select_related("site")
        self.fields["department"].label_from_instance = lambda d: f"{d.site} · {d.name}"
        leaders = Q(category__code__in=["team_leader", "manager"])
        if self.instance.leader_id:
            leaders |= Q(pk=self.instance.leader_id)
        self.fields["leader"].queryset = (
            Employee.objects.filter(leaders, site_id__in=site_ids, active=True)
            .select_related("site")
            .order_by("last_name")
        )


class PositionForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = ["title", "code", "site", "job_description"]
        widgets = {"job_description": forms.Textarea(attrs={"rows": 10, "data-rich-text": ""})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        self.fields["site"].queryset = editable_sites(user)
        self.fields["site"].empty_label = _("Whole group")
        if not scope.is_group_hr:
            # Only group HR may keep a position group-wide.
            self.fields["site"].required = True
            self.fields["site"].empty_label = None

    def clean_job_description(self):
        return clean_rich_text(self.cleaned_data.get("job_description", ""))
