from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours.compliance.models import EntitySettings, InterviewPolicy
from parcours.core.scope import scope_for
from parcours.interviews.models import InterviewKind
from parcours.organisation.models import EmployeeCategory, LegalEntity, Site


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AsOfForm(forms.Form):
    on = forms.DateField(label=_("As of"), required=False, widget=DateInput())

    def clean_on(self):
        value = self.cleaned_data.get("on")
        if value is not None and not (date(2000, 1, 1) <= value <= date(2100, 12, 31)):
            raise forms.ValidationError(_("Choose a date between 2000 and 2100."))
        return value


def as_of(request) -> tuple[AsOfForm, date]:
    """The "as of" date of a page (today when absent or wrong; the form says why)."""
    form = AsOfForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["on"]:
        return form, form.cleaned_data["on"]
    return form, timezone.localdate()


def next_quarter(on: date) -> tuple[date, date]:
    quarter = (on.month - 1) // 3 + 1
    year, quarter = (on.year + 1, 1) if quarter == 4 else (on.year, quarter + 1)
    start = date(year, 3 * quarter - 2, 1)
    end_month = 3 * quarter
    end = date(year, 12, 31) if end_month == 12 else date(year, end_month + 1, 1) - timedelta(1)
    return start, end


def _kind_label(kind: InterviewKind) -> str:
    return kind.label


class DueCampaignForm(forms.Form):
    kind = forms.ModelChoiceField(
        label=_("Kind of interview"), queryset=InterviewKind.objects.none(), empty_label=None
    )
    due_from = forms.DateField(label=_("Due from"), widget=DateInput())
    due_to = forms.DateField(label=_("Due until"), widget=DateInput())
    name = forms.CharField(label=_("Campaign name"), max_length=200, required=False)

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds if kinds is not None else InterviewKind.objects.all()
        # The kind's own label in the reader's language (pick_label), never its code.
        self.fields["kind"].label_from_instance = _kind_label

    def clean(self):
        data = super().clean()
        start, end = data.get("due_from"), data.get("due_to")
        if start and end and end < start:
            self.add_error("due_to", _("The end of the period is before its start."))
        if start and end and (end - start).days > 3 * 366:
            self.add_error("due_to", _("Choose a period of three years at most."))
        return data


class SettingsForm(forms.ModelForm):
    class Meta:
        model = EntitySettings
        fields = [
            "return_deadline_days",
            "long_illness_min_months",
            "due_soon_days",
            "sick_counts_as_working_time",
            "parental_counts_as_working_time",
            "agreement_years",
            "agreement_before_reform",
        ]


class PolicyForm(forms.ModelForm):
    class Meta:
        model = InterviewPolicy
        fields = [
            "code",
            "name",
            "kind",
            "first_due_months",
            "period_months",
            "start",
            "end",
            "legal_entities",
            "sites",
            "categories",
        ]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "legal_entities": forms.CheckboxSelectMultiple,
            "sites": forms.CheckboxSelectMultiple,
            "categories": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        self.fields["sites"].queryset = Site.objects.for_user(user).order_by("name")
        if scope.is_group_hr:
            self.fields["legal_entities"].queryset = LegalEntity.objects.order_by("name")
        else:
            del self.fields["legal_entities"]
            self.fields["sites"].queryset = Site.objects.filter(pk__in=scope.hr_site_ids)
        self.fields["categories"].queryset = EmployeeCategory.objects.all()
        self.fields["sites"].help_text = _("None ticked: every site.")
        self.fields["categories"].help_text = _("None ticked: every category.")


class MappingForm(forms.Form):
    engine_kind = forms.RegexField(
        label=_("Counts as"),
        regex=r"^[a-z][a-z0-9_]*$",
        max_length=50,
        error_messages={"invalid": _("Lower-case letters, digits and _ only.")},
    )
    topics = forms.CharField(label=_("Topics covered"), max_length=200, required=False)


class ImportForm(forms.Form):
    what = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[("interviews", _("Interviews held")), ("trainings", _("Trainings followed"))],
    )
    file = forms.FileField(label=_("File (CSV or XLSX)"))
