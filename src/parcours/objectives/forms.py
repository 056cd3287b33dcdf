"""Forms of the objectives pages; every choice comes from the user's scope."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours.core.labels import language_codes
from parcours.objectives.choices import ObjectiveLevel, ObjectiveStatus, Outcome
from parcours.objectives.models import EvaluationScale, Objective, ScaleLevel
from parcours.organisation.models import Department, Employee, Site, Team

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER_INPUT = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
LANGUAGE_NAMES = dict(settings.LANGUAGES)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.last_name}, {obj.first_name} ({obj.employee_number})"


class ObjectiveForm(forms.Form):
    """What an objective says; on creation also whose it is."""

    level = forms.ChoiceField(label=_("Level"), choices=ObjectiveLevel.choices)
    owner = PersonChoiceField(label=_("Employee"), queryset=Employee.objects.none(), required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    title = forms.CharField(label=_("Objective"), max_length=300)
    indicator = forms.CharField(
        label=_("Indicator"),
        max_length=200,
        required=False,
        help_text=_("What measures it, for example the scrap rate of line 3."),
    )
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    baseline = forms.CharField(
        label=_("Baseline"), max_length=30, required=False, widget=NUMBER_INPUT
    )
    target = forms.CharField(label=_("Target"), max_length=30, required=False, widget=NUMBER_INPUT)
    conditions = forms.CharField(
        label=_("Conditions for success"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    period_start = forms.DateField(label=_("From"), widget=DATE_INPUT)
    period_end = forms.DateField(label=_("Deadline"), widget=DATE_INPUT)
    weight = forms.IntegerField(label=_("Weight (%)"), min_value=1, max_value=100, required=False)
    contributes_to = forms.ModelChoiceField(
        label=_("Contributes to"), queryset=Objective.objects.none(), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, objective: Objective | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.objective = objective
        collective = Objective.objects.for_user(user).collective().open()
        if objective is not None:
            for name in ("level", "owner", "team", "department"):
                del self.fields[name]
            self.fields["contributes_to"].queryset = collective.filter(
                site_id=objective.site_id
            ).exclude(pk=objective.pk)
        else:
            self.fields["owner"].queryset = (
                Employee.objects.for_user(user).active().order_by("last_name", "first_name")
            )
            self.fields["team"].queryset = Team.objects.for_user(user).select_related("site")
            self.fields["department"].queryset = Department.objects.for_user(user).select_related(
                "site"
            )
            self.fields["contributes_to"].queryset = collective
            today = timezone.localdate()
            self.fields["period_start"].initial = today
            self.fields["period_end"].initial = today.replace(month=12, day=31)

    def clean(self):
        data = super().clean()
        if self.objective is None:
            level = data.get("level")
            holder = {"individual": "owner", "team": "team", "department": "department"}.get(level)
            if holder and not data.get(holder):
                self.add_error(holder, _("Choose whose objective it is."))
        return data


class CheckInForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    value = forms.CharField(
        label=_("Measured value"), max_length=30, required=False, widget=NUMBER_INPUT
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()


class DropForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the objective dropped?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("All"))] + ObjectiveLevel.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + ObjectiveStatus.choices, required=False
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    unevaluated = forms.BooleanField(label=_("Nobody evaluated"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.for_user(user)
        self.fields["team"].queryset = Team.objects.for_user(user).select_related("site")

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data.get("q", "").strip(),
            "site": data["site"].pk if data.get("site") else None,
            "team": data["team"].pk if data.get("team") else None,
            "level": data.get("level"),
            "status": data.get("status"),
            "year": data.get("year"),
            "unevaluated": data.get("unevaluated"),
        }


class ScaleLevelForm(forms.ModelForm):
    class Meta:
        model = ScaleLevel
        fields = ["code", "rank", "outcome"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = Outcome.choices
        for code in language_codes():
            self.fields[f"label_{code}"] = forms.CharField(
                label=_("Label") + f" ({LANGUAGE_NAMES.get(code, code)})",
                max_length=100,
                required=code == "en",
                initial=(self.instance.labels or {}).get(code, ""),
            )

    def labels(self) -> dict:
        return {code: self.cleaned_data.get(f"label_{code}", "") for code in language_codes()}


class ScaleForm(forms.ModelForm):
    """A scale: its code, its name per language and whether new objectives use it."""

    class Meta:
        model = EvaluationScale
        fields = ["code", "is_default"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in language_codes():
            self.fields[f"label_{code}"] = forms.CharField(
                label=_("Name") + f" ({LANGUAGE_NAMES.get(code, code)})",
                max_length=100,
                required=code == "en",
                initial=(self.instance.labels or {}).get(code, ""),
            )

    def labels(self) -> dict:
        return {code: self.cleaned_data.get(f"label_{code}", "") for code in language_codes()}
