"""Forms of the interview pages; the choices they offer come from the user's scope."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours.core.scope import scope_for
from parcours.interviews.blocks import block_choices
from parcours.interviews.choices import TYPES_WITH_OPTIONS, QuestionType
from parcours.interviews.labels import language_codes
from parcours.interviews.models import (
    Campaign,
    InterviewKind,
    InterviewTemplate,
    Question,
    Section,
)
from parcours.organisation.forms import DateInput
from parcours.organisation.models import (
    Department,
    Employee,
    EmployeeCategory,
    LegalEntity,
    Site,
    Team,
)


def _language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


class LabelsMixin:
    """Adds one text field per language for each JSON label field named in `label_fields`.

    `label_fields` maps a model field to (label, required in English, widget).
    """

    label_fields: dict = {}

    def _add_label_fields(self, instance) -> None:
        for name, (label, required, multiline) in self.label_fields.items():
            current = getattr(instance, name, None) or {}
            for code in language_codes():
                field_name = f"{name}_{code}"
                widget = forms.Textarea(attrs={"rows": 3}) if multiline else forms.TextInput()
                self.fields[field_name] = forms.CharField(
                    label=_("%(field)s (%(language)s)")
                    % {"field": label, "language": _language_name(code)},
                    required=required and code == "en",
                    initial=current.get(code, ""),
                    widget=widget,
                )

    def labels_of(self, name: str) -> dict:
        return {
            code: self.cleaned_data.get(f"{name}_{code}", "").strip()
            for code in language_codes()
            if self.cleaned_data.get(f"{name}_{code}", "").strip()
        }


class KindForm(LabelsMixin, forms.ModelForm):
    label_fields = {"labels": (_("Name"), True, False)}

    class Meta:
        model = InterviewKind
        fields = ["code", "ordering"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_label_fields(self.instance)
        if self.instance.pk:
            self.fields["code"].disabled = True


class TemplateForm(LabelsMixin, forms.ModelForm):
    label_fields = {"labels": (_("Name"), True, False)}

    class Meta:
        model = InterviewTemplate
        fields = ["kind", "categories"]
        widgets = {"categories": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_label_fields(self.instance)
        self.fields["kind"].queryset = InterviewKind.objects.all()
        self.fields["categories"].queryset = EmployeeCategory.objects.all()
        self.fields["categories"].required = False


class SectionForm(LabelsMixin, forms.ModelForm):
    label_fields = {
        "labels": (_("Title"), True, False),
        "help": (_("Introduction"), False, True),
    }

    class Meta:
        model = Section
        fields = ["block_code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_label_fields(self.instance)
        self.fields["block_code"] = forms.ChoiceField(
            label=_("Content"),
            choices=[("", _("Questions"))] + block_choices(),
            required=False,
            help_text=_("A block shows live data (signatures, the previous interview...)."),
        )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip()]


class QuestionForm(LabelsMixin, forms.ModelForm):
    label_fields = {
        "labels": (_("Question"), True, False),
        "help": (_("Help text"), False, True),
    }
    minimum = forms.DecimalField(label=_("Smallest number accepted"), required=False)
    maximum = forms.DecimalField(label=_("Largest number accepted"), required=False)

    class Meta:
        model = Question
        fields = ["type", "respondent", "required"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_label_fields(self.instance)
        key = "levels" if self.instance.type == QuestionType.SCALE else "choices"
        items = (self.instance.options or {}).get(key, [])
        for code in language_codes():
            self.fields[f"options_{code}"] = forms.CharField(
                label=_("Levels or choices (%(language)s)") % {"language": _language_name(code)},
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                initial="\n".join(item.get("labels", {}).get(code, "") for item in items)
                if any(item.get("labels", {}).get(code) for item in items)
                else "",
                help_text=_(
                    "For a rating scale or a choice: one per line, lowest level first. "
                    "Every language lists them in the same order."
                )
                if code == "en"
                else "",
            )
        self.fields["minimum"].initial = (self.instance.options or {}).get("min")
        self.fields["maximum"].initial = (self.instance.options or {}).get("max")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("type")
        options: dict = {}
        if kind in TYPES_WITH_OPTIONS:
            per_language = {
                code: _lines(cleaned.get(f"options_{code}")) for code in language_codes()
            }
            count = len(per_language["en"])
            for code, lines in per_language.items():
                if lines and len(lines) != count:
                    self.add_error(
                        f"options_{code}",
                        _("List as many lines as in English (%(count)s).") % {"count": count},
                    )
            items = []
            for index in range(count):
                labels = {
                    code: lines[index]
                    for code, lines in per_language.items()
                    if len(lines) == count
                }
                value = index + 1 if kind == QuestionType.SCALE else str(index + 1)
                items.append({"value": value, "labels": labels})
            options["levels" if kind == QuestionType.SCALE else "choices"] = items
        if kind == QuestionType.NUMBER:
            for name, key in (("minimum", "min"), ("maximum", "max")):
                if cleaned.get(name) is not None:
                    number = cleaned[name]
                    options[key] = int(number) if number == int(number) else float(number)
        cleaned["options"] = options
        return cleaned


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "name",
            "kind",
            "opens_on",
            "deadline",
            "legal_entities",
            "sites",
            "departments",
            "teams",
            "categories",
            "hired_on_or_after",
            "hired_on_or_before",
            "reminder_interval_days",
            "remind_employees",
        ]
        widgets = {
            "opens_on": DateInput(),
            "deadline": DateInput(),
            "hired_on_or_after": DateInput(),
            "hired_on_or_before": DateInput(),
            "legal_entities": forms.CheckboxSelectMultiple,
            "sites": forms.CheckboxSelectMultiple,
            "categories": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "sites": _("Leave every box empty to cover every site."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        sites = Site.objects.select_related("legal_entity").order_by("name")
        if not scope.is_group_hr:
            sites = sites.filter(pk__in=scope.hr_site_ids)
            self.fields["sites"].required = True
            self.fields["sites"].help_text = _("The campaign covers these sites only.")
        site_ids = list(sites.values_list("pk", flat=True))
        self.fields["sites"].queryset = sites
        self.fields["legal_entities"].queryset = LegalEntity.objects.filter(
            sites__in=site_ids
        ).distinct()
        self.fields["departments"].queryset = Department.objects.filter(
            site_id__in=site_ids
        ).select_related("site")
        self.fields["departments"].label_from_instance = lambda d: f"{d.site} · {d.name}"
        self.fields["teams"].queryset = Team.objects.filter(site_id__in=site_ids).select_related(
            "site"
        )
        self.fields["teams"].label_from_instance = lambda t: f"{t.site} · {t.name}"
        self.fields["categories"].queryset = EmployeeCategory.objects.all()
        self.fields["kind"].queryset = InterviewKind.objects.all()
        if not self.instance.pk:
            today = timezone.localdate()
            self.fields["opens_on"].initial = today


class CampaignTemplatesForm(forms.Form):
    """One template per category of employee; empty leaves the category out."""

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        current = {c.category_id: c.template_id for c in campaign.template_choices.all()}
        templates = InterviewTemplate.objects.filter(kind=campaign.kind_id).order_by("pk")
        self.categories = list(EmployeeCategory.objects.all())
        for category in self.categories:
            self.fields[f"category_{category.pk}"] = forms.ModelChoiceField(
                label=category.label,
                queryset=templates,
                required=False,
                empty_label=_("Not in this campaign"),
                initial=current.get(category.pk),
            )

    def mapping(self):
        return [
            (category, self.cleaned_data.get(f"category_{category.pk}"))
            for category in self.categories
        ]


def leaders(queryset):
    """People who can hold interviews: those who lead others or whose category leads."""
    return (
        queryset.filter(
            Q(category__code__in=["team_leader", "manager"]) | Q(reports__isnull=False),
            active=True,
        )
        .select_related("site")
        .distinct()
        .order_by("last_name", "first_name")
    )


def _person(employee) -> str:
    return f"{employee.last_name}, {employee.first_name} ({employee.site.name})"


class OverrideForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, label=_("Team"))
    employee_number = forms.CharField(
        label=_("or the employee number"), required=False, max_length=40
    )
    interviewer = forms.ModelChoiceField(queryset=Employee.objects.none(), label=_("Interviewer"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        teams = Team.objects.select_related("site")
        self.people = Employee.objects.filter(active=True).select_related("site")
        if not scope.is_group_hr:
            teams = teams.filter(site_id__in=scope.hr_site_ids)
            self.people = self.people.filter(site_id__in=scope.hr_site_ids)
        self.fields["team"].queryset = teams
        self.fields["team"].label_from_instance = lambda t: f"{t.site} · {t.name}"
        self.fields["interviewer"].queryset = leaders(self.people)
        self.fields["interviewer"].label_from_instance = _person

    def clean(self):
        cleaned = super().clean()
        number = (cleaned.get("employee_number") or "").strip()
        if bool(cleaned.get("team")) == bool(number):
            raise forms.ValidationError(_("Choose either a team or an employee."))
        cleaned["employee"] = None
        if number:
            found = list(self.people.filter(employee_number=number)[:2])
            if not found:
                self.add_error("employee_number", _("No employee of your sites has this number."))
            elif len(found) > 1:
                self.add_error(
                    "employee_number",
                    _("Several employees have this number; set the override per team."),
                )
            else:
                cleaned["employee"] = found[0]
        return cleaned


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class VersionedForm(forms.Form):
    """Carries the version of the interview the person saw, to catch concurrent changes."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PlanForm(VersionedForm):
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    location = forms.CharField(label=_("Place"), max_length=200, required=False)


class ReasonForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


class FollowUpForm(VersionedForm):
    note = forms.CharField(
        label=_("What was done after the interview"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReassignForm(VersionedForm):
    interviewer = forms.ModelChoiceField(queryset=Employee.objects.none(), label=_("Interviewer"))

    def __init__(self, *args, user, interview, **kwargs):
        super().__init__(*args, **kwargs)
        people = Employee.objects.for_user(user).exclude(
            pk__in=[interview.employee_id, interview.interviewer_id or 0]
        )
        self.fields["interviewer"].queryset = leaders(people)
        self.fields["interviewer"].label_from_instance = _person


class ResultNoteForm(forms.Form):
    noted_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    text = forms.CharField(label=_("Result seen"), widget=forms.Textarea(attrs={"rows": 3}))
