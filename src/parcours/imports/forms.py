from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parcours.core.scope import scope_for
from parcours.imports.choices import ImportKind, Severity
from parcours.imports.codes import SEVERITIES
from parcours.imports.profiles import EMPLOYEE_FIELDS, LEAVE_FIELDS
from parcours.imports.services import profile_choices
from parcours.imports.values import DATE_FORMATS
from parcours.organisation.models import Site

ALLOWED_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
MAX_UPLOAD = 100 * 1024 * 1024


def editable_sites(user):
    scope = scope_for(user)
    sites = Site.objects.select_related("legal_entity").order_by("name")
    return sites if scope.is_group_hr else sites.filter(pk__in=scope.hr_site_ids)


class _SiteField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (any delimiter and encoding) or XLSX export.")
    )
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    profile = forms.ChoiceField(
        label=_("Profile"),
        required=False,
        help_text=_("Leave empty: Parcours recognises the layout from the header."),
    )
    target_site = _SiteField(
        queryset=Site.objects.none(),
        label=_("Target site"),
        required=False,
        help_text=_("For rows whose company or location matches no site in Parcours."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = [("", _("Detect from the header"))] + profile_choices()
        self.fields["target_site"].queryset = editable_sites(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise ValidationError(_("Upload a CSV or XLSX file."))
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("The file is larger than 100 MB."))
        return upload


class RecheckForm(forms.Form):
    profile = forms.ChoiceField(label=_("Profile"))
    target_site = _SiteField(queryset=Site.objects.none(), label=_("Target site"), required=False)

    def __init__(self, *args, user, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = profile_choices(kind)
        self.fields["target_site"].queryset = editable_sites(user)


class ConfirmForm(forms.Form):
    mark_missing_as_left = forms.BooleanField(
        label=_("Mark the employees missing from this full export as left (today)"),
        required=False,
    )


class FindingFilterForm(forms.Form):
    severity = forms.ChoiceField(
        label=_("Severity"),
        required=False,
        choices=[("", _("All"))] + list(Severity.choices),
    )
    code = forms.ChoiceField(label=_("Code"), required=False)

    def __init__(self, *args, codes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", _("All"))] + [(c, c) for c in codes]


class ExportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=ImportKind.choices)
    format = forms.ChoiceField(label=_("Format"), choices=[("xlsx", "XLSX"), ("csv", "CSV")])


# ------------------------------------------------------------------ mapping profiles


def _lines_to_columns(text: str, fields: list[str], label: str) -> dict[str, list[str]]:
    columns: dict[str, list[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        field, sep, captions = line.partition(":")
        field = field.strip()
        if not sep or field not in fields:
            raise ValidationError(
                _(
                    "%(label)s, line %(n)s: write 'field: Column name | Other name' with a known "
                    "field (%(fields)s)."
                )
                % {"label": label, "n": number, "fields": ", ".join(fields)}
            )
        columns[field] = [c.strip() for c in captions.split("|") if c.strip()]
    return columns


def _columns_to_lines(columns: dict[str, list[str]] | None) -> str:
    return "\n".join(
        f"{field}: {' | '.join(captions)}" for field, captions in (columns or {}).items()
    )


def _lines_to_pairs(text: str, label: str) -> dict[str, str]:
    pairs = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        code, sep, target = line.rpartition("=")
        if not sep or not code.strip():
            raise ValidationError(
                _("%(label)s, line %(n)s: write 'value = target'.") % {"label": label, "n": number}
            )
        pairs[code.strip()] = target.strip()
    return pairs


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class MappingProfileForm(forms.Form):
    """The profile's JSON as fields a person can edit; the result is validated whole."""

    name = forms.SlugField(
        label=_("Name"), max_length=60, help_text=_("Used on the command line: --profile NAME.")
    )
    label = forms.CharField(label=_("Label"), max_length=200)
    language = forms.ChoiceField(
        label=_("Language of the values"),
        required=False,
        choices=[("", _("Mixed")), ("nl", _("Dutch")), ("fr", _("French")), ("en", _("English"))],
    )
    date_format = forms.ChoiceField(label=_("Date format"), choices=[(f, f) for f in DATE_FORMATS])
    other_date_formats = forms.MultipleChoiceField(
        label=_("Also accepted without a warning"),
        required=False,
        choices=[(f, f) for f in DATE_FORMATS],
        widget=forms.CheckboxSelectMultiple,
    )
    decimal_separator = forms.ChoiceField(
        label=_("Decimal separator"), choices=[(",", ","), (".", ".")]
    )
    working_time_unit = forms.ChoiceField(
        label=_("Working time unit"),
        choices=[
            ("hours_week", _("hours per week")),
            ("hours_month", _("hours per month")),
            ("percent", _("% of full time")),
            ("fte", _("FTE")),
            ("days_year", _("days a year (forfait jours)")),
        ],
    )
    employee_columns = forms.CharField(
        label=_("Employee columns"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("One field a line: 'field: Column name | Other name'."),
    )
    key = forms.CharField(
        label=_("Key fields"),
        required=False,
        help_text=_("Comma-separated, e.g. email or legal_entity, employee_number."),
    )
    manager_refs = forms.CharField(
        label=_("A manager is named by"),
        required=False,
        help_text=_(
            "Comma-separated, in order, among: key, employee_number, email, login, external_id, "
            "name."
        ),
    )
    no_manager = forms.CharField(
        label=_("Values meaning 'no manager'"),
        required=False,
        help_text=_("Comma-separated, e.g. NO_MANAGER, NO_MGR."),
    )
    self_manager = forms.ChoiceField(
        label=_("An employee named as their own manager"),
        choices=[("error", _("is an error")), ("root", _("means 'no manager'"))],
    )
    id_width = forms.IntegerField(
        label=_("Employee numbers have this many digits"), required=False, min_value=1, max_value=20
    )
    value_aliases = forms.CharField(
        label=_("Value aliases"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One a line: 'field: value = target', e.g. 'category: Blue collar = operator'."
        ),
    )
    leave_columns = forms.CharField(
        label=_("Leave columns"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One field a line: 'field: Column name | Other name'."),
    )
    employee_ref = forms.ChoiceField(
        label=_("Leaves name the employee by"),
        required=False,
        choices=[("employee_number", _("employee number")), ("email", _("e-mail"))],
    )
    absence_types = forms.CharField(
        label=_("Absence codes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One a line: 'code = kind', kinds: maternity, adoption, parental, caregiver, "
            "sabbatical, secured_mobility, long_illness, sick, unpaid, parental_presence, "
            "family_solidarity, union_mandate, vacation, other."
        ),
    )
    absence_types_case_sensitive = forms.BooleanField(
        label=_("Absence codes are case-sensitive (warn on a case difference)"), required=False
    )

    def __init__(self, *args, base: dict[str, Any] | None = None, **kwargs):
        self.base = base or {}
        if base is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(base)
        super().__init__(*args, **kwargs)

    @staticmethod
    def initial_from(config: dict[str, Any]) -> dict[str, Any]:
        employees = config.get("employees") or {}
        leaves = config.get("leaves") or {}
        manager = employees.get("manager") or {}
        formats = config.get("date_formats") or ["YYYY-MM-DD"]
        aliases = []
        for field, pairs in (config.get("values") or {}).items():
            aliases += [f"{field}: {value} = {target}" for value, target in pairs.items()]
        return {
            "name": config.get("name", "") if not config.get("builtin") else "",
            "label": config.get("label", ""),
            "language": config.get("language", ""),
            "date_format": formats[0],
            "other_date_formats": formats[1:],
            "decimal_separator": config.get("decimal_separator", "."),
            "working_time_unit": config.get("working_time_unit", "hours_week"),
            "employee_columns": _columns_to_lines(employees.get("columns")),
            "key": ", ".join(employees.get("key") or []),
            "manager_refs": ", ".join(manager.get("refs") or []),
            "no_manager": ", ".join(v for v in manager.get("no_manager") or [] if v),
            "self_manager": manager.get("self", "error"),
            "id_width": employees.get("id_width"),
            "value_aliases": "\n".join(aliases),
            "leave_columns": _columns_to_lines(leaves.get("columns")),
            "employee_ref": leaves.get("employee_ref", "employee_number"),
            "absence_types": "\n".join(
                f"{code} = {kind}" for code, kind in (leaves.get("absence_types") or {}).items()
            ),
            "absence_types_case_sensitive": leaves.get("absence_types_case_sensitive", False),
        }

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["config"] = self.build_config(data)
        except ValidationError as error:
            self.add_error(None, error)
        return data

    def build_config(self, data: dict[str, Any]) -> dict[str, Any]:
        config = {
            key: value
            for key, value in self.base.items()
            if key not in ("name", "label", "builtin")
        }
        formats = [data["date_format"]] + [
            f for f in data["other_date_formats"] if f != data["date_format"]
        ]
        values: dict[str, dict[str, str]] = {}
        for number, line in enumerate(data["value_aliases"].splitlines(), start=1):
            if not line.strip():
                continue
            field, sep, rest = line.partition(":")
            pair = _lines_to_pairs(rest, _("Value aliases")) if sep else {}
            if not pair:
                raise ValidationError(
                    _("Value aliases, line %(n)s: write 'field: value = target'.") % {"n": number}
                )
            values.setdefault(field.strip(), {}).update(pair)
        config.update(
            language=data["language"],
            date_formats=formats,
            decimal_separator=data["decimal_separator"],
            working_time_unit=data["working_time_unit"],
            values=values,
        )
        employee_columns = _lines_to_columns(
            data["employee_columns"], EMPLOYEE_FIELDS, _("Employee columns")
        )
        if employee_columns:
            employees = dict(config.get("employees") or {})
            manager = dict(employees.get("manager") or {})
            manager.update(
                refs=_split(data["manager_refs"]) or ["employee_number"],
                no_manager=[""] + _split(data["no_manager"]),
                self=data["self_manager"],
            )
            employees.update(
                columns=employee_columns,
                key=_split(data["key"]) or ["employee_number"],
                manager=manager,
            )
            if data.get("id_width"):
                employees["id_width"] = data["id_width"]
            else:
                employees.pop("id_width", None)
            config["employees"] = employees
        else:
            config["employees"] = None
        leave_columns = _lines_to_columns(data["leave_columns"], LEAVE_FIELDS, _("Leave columns"))
        if leave_columns:
            leaves = dict(config.get("leaves") or {})
            leaves.update(
                columns=leave_columns,
                employee_ref=data["employee_ref"] or "employee_number",
                absence_types=_lines_to_pairs(data["absence_types"], _("Absence codes")),
                absence_types_case_sensitive=data["absence_types_case_sensitive"],
            )
            leaves.setdefault("half_day", "flag")
            config["leaves"] = leaves
        else:
            config["leaves"] = None
        return config


def severity_codes() -> list[str]:
    return sorted(SEVERITIES)
