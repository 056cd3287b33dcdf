"""Forms of the skills pages; every choice comes from the user's scope."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours.core.scope import scope_for
from parcours.organisation.models import Position, Site, Team
from parcours.skills.choices import RECORDED_SOURCES, SkillKind
from parcours.skills.labels import language_codes
from parcours.skills.models import (
    CertificationType,
    Level,
    Skill,
    SkillDomain,
)
from parcours.skills.selectors import SHOW_CHOICES, domain_nodes

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def level_choices(levels=None) -> list[tuple[int, str]]:
    levels = levels if levels is not None else Level.objects.order_by("rank")
    return [(level.rank, level.display) for level in levels]


def skill_label(skill: Skill) -> str:
    return f"{skill.code} · {skill.label}"


class SkillChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return skill_label(obj)


class LabelsFormMixin:
    """One text field per language, kept in the model's `labels` JSON."""

    labels_title = _("Name")

    def add_label_fields(self, instance) -> None:
        for code in language_codes():
            self.fields[f"label_{code}"] = forms.CharField(
                label=f"{self.labels_title} ({LANGUAGE_NAMES.get(code, code)})",
                max_length=200,
                required=False,
                initial=(instance.labels or {}).get(code, "") if instance is not None else "",
            )

    def labels_from(self, cleaned_data) -> dict:
        return {code: cleaned_data.get(f"label_{code}", "") for code in language_codes()}

    def clean_labels_required(self, cleaned_data) -> None:
        if not any(cleaned_data.get(f"label_{code}") for code in language_codes()):
            self.add_error("label_en", _("Give a name in at least one language."))


# Assessments ----------------------------------------------------------------------------


def skills_for_employee(user, employee):
    return (
        Skill.objects.for_user(user)
        .filter(active=True)
        .filter(Q(site__isnull=True) | Q(site_id=employee.site_id))
        .order_by("code")
    )


class AssessmentForm(forms.Form):
    skill = SkillChoiceField(queryset=Skill.objects.none(), label=_("Skill"))
    level = forms.TypedChoiceField(
        label=_("Level"), coerce=int, choices=(), widget=forms.RadioSelect
    )
    source = forms.ChoiceField(label=_("Seen during"), choices=RECORDED_SOURCES)
    assessed_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(
        label=_("Evidence (photo, document)"),
        required=False,
        help_text=_("Optional; up to 10 MB."),
    )

    def __init__(self, *args, user, employee, skill: Skill | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = skills_for_employee(user, employee)
        self.fields["level"].choices = level_choices()
        self.fields["assessed_on"].initial = timezone.localdate()
        if skill is not None:
            self.fields["skill"].initial = skill.pk
            self.fields["skill"].widget = forms.HiddenInput()

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence and evidence.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return evidence


class SelfAssessmentForm(forms.Form):
    skill = SkillChoiceField(queryset=Skill.objects.none(), label=_("Skill"))
    level = forms.TypedChoiceField(
        label=_("My level"), coerce=int, choices=(), widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("What I can do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, employee, skill: Skill | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = skills_for_employee(user, employee)
        self.fields["level"].choices = level_choices()
        if skill is not None:
            self.fields["skill"].initial = skill.pk
            self.fields["skill"].widget = forms.HiddenInput()


class ReviewForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Level seen by the manager"), coerce=int, choices=(), widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = level_choices()
        self.fields["level"].initial = proposal.level


class CertificationForm(forms.Form):
    certification_type = forms.ModelChoiceField(
        queryset=CertificationType.objects.all(), label=_("Certification")
    )
    obtained_on = forms.DateField(label=_("Obtained on"), widget=DATE_INPUT)
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty to use the usual validity of this certification."),
    )
    reference = forms.CharField(label=_("Certificate number"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


# The matrix -----------------------------------------------------------------------------


class MatrixFilterForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, label=_("Team"))
    site = forms.ModelChoiceField(queryset=Site.objects.none(), required=False, label=_("Site"))
    position = forms.ModelChoiceField(
        queryset=Position.objects.none(), required=False, label=_("Position")
    )
    domain = forms.TypedChoiceField(label=_("Domain"), coerce=int, required=False, choices=())
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Every kind")), *SkillKind.choices]
    )
    show = forms.ChoiceField(
        label=_("Skills shown"),
        required=False,
        choices=list(
            zip(
                SHOW_CHOICES,
                [_("Required or held"), _("Required only"), _("Whole catalogue")],
                strict=True,
            )
        ),
    )
    q = forms.CharField(label=_("Person"), required=False, max_length=100)
    gaps = forms.BooleanField(label=_("Only people with gaps"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.for_user(user).select_related("site")
        self.fields["team"].label_from_instance = lambda team: f"{team.site.name} · {team.name}"
        scope = scope_for(user)
        self.fields["site"].queryset = (
            Site.objects.for_user(user)
            if scope.whole_group or scope.site_ids
            else Site.objects.none()
        )
        self.fields["position"].queryset = Position.objects.for_user(user).select_related("site")
        nodes = sorted(domain_nodes().values(), key=lambda node: node.sort_key)
        self.fields["domain"].choices = [("", _("Every domain"))] + [
            (node.domain.pk, "— " * node.depth + node.domain.label) for node in nodes
        ]

    def narrow_to_site(self, site_id: int | None) -> None:
        """After validation: offer the teams and positions of the site being looked at, not
        every team of a group of 20,000 people. The choice itself was checked against the
        whole scope."""
        if site_id is None:
            return
        self.fields["team"].queryset = self.fields["team"].queryset.filter(site_id=site_id)
        self.fields["position"].queryset = self.fields["position"].queryset.filter(
            Q(site__isnull=True) | Q(site_id=site_id)
        )


# Catalogue ------------------------------------------------------------------------------


class DomainForm(LabelsFormMixin, forms.ModelForm):
    class Meta:
        model = SkillDomain
        fields = ["code", "parent", "ordering"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_label_fields(self.instance if self.instance.pk else None)
        if self.instance.pk:
            self.fields["parent"].queryset = SkillDomain.objects.exclude(pk=self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        self.clean_labels_required(cleaned)
        self.instance.labels = self.labels_from(cleaned)
        return cleaned


class SkillForm(LabelsFormMixin, forms.ModelForm):
    class Meta:
        model = Skill
        fields = [
            "domain",
            "code",
            "kind",
            "site",
            "position",
            "certification_type",
            "description",
            "ordering",
            "active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_label_fields(self.instance if self.instance.pk else None)
        scope = scope_for(user)
        sites = (
            Site.objects.all()
            if scope.is_group_hr
            else Site.objects.filter(pk__in=scope.hr_site_ids)
        )
        self.fields["site"].queryset = sites
        self.fields["site"].required = not scope.is_group_hr
        self.fields["position"].queryset = (
            Position.objects.for_user(user).select_related("site").order_by("title")
        )
        self.fields["position"].label_from_instance = lambda position: (
            f"{position.title} ({position.site.name})" if position.site_id else position.title
        )
        nodes = sorted(domain_nodes().values(), key=lambda node: node.sort_key)
        self.fields["domain"].choices = [("", "---------")] + [
            (node.domain.pk, "— " * node.depth + node.domain.label) for node in nodes
        ]

    def clean(self):
        cleaned = super().clean()
        self.clean_labels_required(cleaned)
        self.instance.labels = self.labels_from(cleaned)
        return cleaned


class CertificationTypeForm(LabelsFormMixin, forms.ModelForm):
    class Meta:
        model = CertificationType
        fields = ["code", "validity_months", "alert_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_label_fields(self.instance if self.instance.pk else None)

    def clean(self):
        cleaned = super().clean()
        self.clean_labels_required(cleaned)
        self.instance.labels = self.labels_from(cleaned)
        return cleaned


class LevelForm(LabelsFormMixin, forms.ModelForm):
    class Meta:
        model = Level
        fields = ["rank", "code", "symbol", "colour"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_label_fields(self.instance if self.instance.pk else None)

    def clean(self):
        cleaned = super().clean()
        self.clean_labels_required(cleaned)
        self.instance.labels = self.labels_from(cleaned)
        return cleaned


# Requirements ---------------------------------------------------------------------------


class PositionRequirementForm(forms.Form):
    skill = SkillChoiceField(queryset=Skill.objects.none(), label=_("Skill"))
    level = forms.TypedChoiceField(label=_("Required level"), coerce=int, choices=())

    def __init__(self, *args, user, position, **kwargs):
        super().__init__(*args, **kwargs)
        skills = Skill.objects.for_user(user).filter(active=True)
        if position.site_id is None:
            skills = skills.filter(site__isnull=True)
        else:
            skills = skills.filter(Q(site__isnull=True) | Q(site_id=position.site_id))
        self.fields["skill"].queryset = skills.order_by("code")
        self.fields["level"].choices = [choice for choice in level_choices() if choice[0] > 0]


class TeamRequirementForm(forms.Form):
    skill = SkillChoiceField(queryset=Skill.objects.none(), label=_("Skill"))
    level = forms.TypedChoiceField(label=_("At least at level"), coerce=int, choices=())
    min_people = forms.IntegerField(label=_("Minimum people"), min_value=1, max_value=500)

    def __init__(self, *args, user, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = (
            Skill.objects.for_user(user)
            .filter(active=True)
            .filter(Q(site__isnull=True) | Q(site_id=team.site_id))
            .order_by("code")
        )
        self.fields["level"].choices = [choice for choice in level_choices() if choice[0] > 0]


# Import ---------------------------------------------------------------------------------


class MatrixImportForm(forms.Form):
    file = forms.FileField(
        label=_("Skills matrix (XLSX)"),
        help_text=_(
            "People in rows by employee number, skills in columns by code or name, levels as "
            "letters (I, L, U, O), numbers (0 to 4) or circles."
        ),
    )
    assessed_on = forms.DateField(
        label=_("Date of these levels"), widget=DATE_INPUT, initial=timezone.localdate
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xlsm")):
            raise forms.ValidationError(_("Save the sheet as an Excel workbook (.xlsx)."))
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day
