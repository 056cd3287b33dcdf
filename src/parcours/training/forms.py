"""Forms of the training pages; every choice comes from the user's scope."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours.core.labels import language_codes
from parcours.core.scope import scope_for
from parcours.objectives.models import Objective
from parcours.organisation.models import Employee, Site
from parcours.skills.forms import level_choices
from parcours.skills.models import CertificationType, Skill
from parcours.training.blocks import catalogue_for_employee, objectives_for_employee
from parcours.training.choices import Attendance, Priority, RequestStatus, Result
from parcours.training.models import Training, TrainingSession

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LANGUAGE_NAMES = dict(settings.LANGUAGES)


class TrainingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class SkillChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} · {obj.label}"


class ObjectiveChoiceField(forms.ModelChoiceField):
    """An objective by its title, with its deadline; with the person's name when the
    list mixes several people."""

    with_owner = False

    def label_from_instance(self, obj):
        label = f"{obj.title} ({obj.period_end:%d/%m/%Y})"
        if self.with_owner and obj.owner_id:
            label = f"{obj.owner.full_name} · {label}"
        return label


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AskForm(forms.Form):
    """What an employee fills in on their phone: a training and why."""

    training = TrainingChoiceField(
        queryset=Training.objects.none(),
        label=_("Training"),
        required=False,
        empty_label=_("— not in the list —"),
    )
    title = forms.CharField(
        label=_("Or say which training, in your words"), max_length=200, required=False
    )
    reason = forms.CharField(
        label=_("Why do you need it?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    wished_period = forms.CharField(
        label=_("When would suit you?"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. before summer")}),
    )

    objective = ObjectiveChoiceField(
        queryset=Objective.objects.none(),
        label=_("Is it for one of your objectives?"),
        required=False,
        empty_label=_("— no, or I don't know —"),
    )

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["training"].queryset = catalogue_for_employee(employee).order_by("code")
        self.fields["objective"].queryset = objectives_for_employee(employee)
        if not self.fields["objective"].queryset.exists():
            del self.fields["objective"]

    def clean(self):
        data = super().clean()
        if not data.get("training") and not (data.get("title") or "").strip():
            raise forms.ValidationError(
                _("Choose a training of the list or say which one in words.")
            )
        return data


class RequestForm(AskForm):
    """A manager or HR asks a training for someone."""

    employee = forms.ModelChoiceField(queryset=Employee.objects.none(), label=_("Employee"))
    skill = SkillChoiceField(
        queryset=Skill.objects.none(), label=_("Skill gap it closes"), required=False
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial="normal")
    field_order = ["employee", "training", "title", "reason", "skill", "objective", "priority"]

    def __init__(self, *args, user, employee: Employee | None = None, **kwargs):
        forms.Form.__init__(self, *args, **kwargs)
        scope = scope_for(user)
        people = Employee.objects.for_user(user).active()
        if scope.employee_id is not None and not scope.site_ids and not scope.whole_group:
            people = people.exclude(pk=scope.employee_id)
        self.fields["employee"].queryset = people.order_by("last_name", "first_name")
        site_q = Q(site__isnull=True)
        if employee is not None:
            self.fields["employee"].initial = employee.pk
            site_q |= Q(site_id=employee.site_id)
        else:
            site_q |= Q(site__in=Site.objects.for_user(user))
        self.fields["training"].queryset = (
            Training.objects.filter(active=True).filter(site_q).order_by("code")
        )
        self.fields["skill"].queryset = Skill.objects.filter(active=True).filter(site_q)
        objective = self.fields["objective"]
        objective.label = _("Objective it serves")
        objective.empty_label = "—"
        if employee is not None:
            objective.queryset = objectives_for_employee(employee)
        else:
            # Any open individual objective of the people the user may see; clean()
            # keeps only one of the chosen employee's.
            objective.with_owner = True
            objective.queryset = (
                Objective.objects.for_user(user)
                .individual()
                .open()
                .filter(owner__in=self.fields["employee"].queryset)
                .select_related("owner")
                .order_by("owner__last_name", "owner__first_name", "period_end", "pk")
            )

    def clean(self):
        data = super().clean()
        employee = data.get("employee")
        for name in ("training", "skill"):
            value = data.get(name)
            if employee and value and value.site_id not in (None, employee.site_id):
                self.add_error(name, _("This belongs to another site than the employee's."))
        objective = data.get("objective")
        if employee and objective and objective.owner_id != employee.pk:
            self.add_error("objective", _("This objective is not one of this employee's."))
        return data


class ApproveForm(VersionForm):
    cost = forms.DecimalField(
        label=_("Cost (EUR)"),
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        help_text=_("The catalogue's cost per person; give an estimate for other trainings."),
    )


class ReasonForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=300
    )


class PlanForm(VersionForm):
    session = forms.ModelChoiceField(queryset=TrainingSession.objects.none(), label=_("Session"))

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = TrainingSession.objects.filter(site_id=request.site_id).select_related(
            "training"
        )
        if request.training_id:
            sessions = sessions.filter(training_id=request.training_id)
        self.fields["session"].queryset = sessions.filter(
            ends_on__gte=timezone.localdate() - timezone.timedelta(days=365)
        ).order_by("starts_on")
        self.fields["session"].label_from_instance = lambda s: (
            f"{s.training.label} · {s.starts_on:%d/%m/%Y}" + (f" · {s.place}" if s.place else "")
        )


class DoneForm(VersionForm):
    done_on = forms.DateField(label=_("Done on"), widget=DATE_INPUT, required=False)
    attendance = forms.ChoiceField(
        label=_("Attendance"), choices=Attendance.choices, initial=Attendance.ATTENDED
    )
    result = forms.ChoiceField(label=_("Result"), choices=Result.choices, initial=Result.PASSED)
    certificate = forms.FileField(
        label=_("Certificate (optional)"), required=False, help_text=_("Up to 10 MB.")
    )

    def clean_certificate(self):
        certificate = self.cleaned_data.get("certificate")
        if certificate and certificate.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return certificate


class SessionDoneForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Who attended"), widget=forms.CheckboxSelectMultiple, required=False
    )
    done_on = forms.DateField(label=_("Done on"), widget=DATE_INPUT, required=False)
    result = forms.ChoiceField(label=_("Result"), choices=Result.choices, initial=Result.PASSED)

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        planned = session.participants.filter(status=RequestStatus.PLANNED).select_related(
            "employee"
        )
        self.fields["attended"].choices = [(str(r.pk), r.employee.full_name) for r in planned]
        self.fields["attended"].initial = [str(r.pk) for r in planned]


class TrainingForm(forms.ModelForm):
    skills_developed = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.none(),
        label=_("Skills it develops"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    level = forms.TypedChoiceField(
        label=_("Level reached on these skills"), coerce=int, choices=(), required=False
    )

    class Meta:
        model = Training
        fields = [
            "code",
            "kind",
            "description",
            "duration_hours",
            "cost_per_person",
            "provider",
            "certification_type",
            "mandatory",
            "site",
            "active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for code in language_codes():
            self.fields[f"label_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": LANGUAGE_NAMES.get(code, code)},
                max_length=200,
                required=False,
                initial=(self.instance.labels or {}).get(code, ""),
            )
        self.order_fields(["code"] + [f"label_{c}" for c in language_codes()])
        scope = scope_for(user)
        sites = Site.objects.for_user(user)
        if not scope.is_group_hr:
            sites = sites.filter(pk__in=scope.hr_site_ids | scope.coordinator_site_ids)
            self.fields["site"].required = True
        self.fields["site"].queryset = sites
        self.fields["certification_type"].queryset = CertificationType.objects.order_by("code")
        self.fields["skills_developed"].queryset = Skill.objects.for_user(user).filter(active=True)
        self.fields["skills_developed"].label_from_instance = lambda s: f"{s.code} · {s.label}"
        self.fields["level"].choices = [("", "—")] + level_choices()[1:]
        if self.instance.pk:
            targets = list(self.instance.skill_targets.all())
            self.fields["skills_developed"].initial = [t.skill_id for t in targets]
            if targets:
                self.fields["level"].initial = targets[0].level

    def clean(self):
        data = super().clean()
        if not any(data.get(f"label_{code}") for code in language_codes()):
            self.add_error(
                f"label_{language_codes()[0]}", _("Give a title in at least one language.")
            )
        if data.get("skills_developed") and not data.get("level"):
            self.add_error("level", _("Choose the level these skills reach."))
        return data

    def labels(self) -> dict:
        return {code: self.cleaned_data.get(f"label_{code}", "") for code in language_codes()}


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["training", "site", "starts_on", "ends_on", "place", "capacity", "trainer"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        sites = Site.objects.for_user(user)
        if not scope.is_group_hr:
            sites = sites.filter(pk__in=scope.hr_site_ids | scope.coordinator_site_ids)
        self.fields["site"].queryset = sites
        self.fields["training"].queryset = Training.objects.for_user(user).filter(active=True)
        self.fields["training"].label_from_instance = lambda t: t.label

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day is before the first day."))
        return data


class BudgetForm(forms.Form):
    site = forms.ModelChoiceField(queryset=Site.objects.none(), label=_("Site"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(
        label=_("Budget (EUR)"), min_value=0, max_digits=11, decimal_places=2
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        sites = Site.objects.for_user(user)
        if not scope.is_group_hr:
            sites = sites.filter(pk__in=scope.hr_site_ids)
        self.fields["site"].queryset = sites
        self.fields["year"].initial = timezone.localdate().year
