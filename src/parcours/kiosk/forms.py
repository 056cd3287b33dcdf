from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.kiosk.models import KioskDevice
from parcours.organisation.models import Site

OFF = {"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}
DIGITS = {**OFF, "inputmode": "numeric", "pattern": "[0-9]*"}


class SignInForm(forms.Form):
    number = forms.CharField(
        label=_("Your employee or badge number"),
        max_length=60,
        widget=forms.TextInput(attrs={**OFF, "autofocus": True}),
    )
    pin = forms.CharField(
        label=_("Your PIN"),
        max_length=6,
        widget=forms.PasswordInput(attrs={**DIGITS, "autocomplete": "off"}),
    )


class PinForm(forms.Form):
    pin = forms.CharField(
        label=_("Your PIN"),
        max_length=6,
        widget=forms.PasswordInput(attrs={**DIGITS, "autofocus": True}),
    )


class FirstUseForm(forms.Form):
    number = forms.CharField(
        label=_("Your employee or badge number"),
        max_length=60,
        widget=forms.TextInput(attrs=OFF),
    )
    code = forms.CharField(
        label=_("One-time code (on your slip, or from HR)"),
        max_length=20,
        widget=forms.TextInput(attrs=DIGITS),
    )
    pin = forms.CharField(
        label=_("Choose a PIN (4 to 6 digits)"),
        max_length=6,
        widget=forms.PasswordInput(attrs=DIGITS),
    )
    again = forms.CharField(
        label=_("Type the same PIN again"),
        max_length=6,
        widget=forms.PasswordInput(attrs=DIGITS),
    )

    def __init__(self, *args, with_number=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_number:
            del self.fields["number"]


class ManagerCheckForm(forms.Form):
    username = forms.CharField(label=_("Manager: your username"), widget=forms.TextInput(attrs=OFF))
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )


class EmployeeSignForm(forms.Form):
    pin = forms.CharField(
        label=_("Your PIN, to sign"),
        max_length=6,
        widget=forms.PasswordInput(attrs=DIGITS),
    )
    comment = forms.CharField(
        label=_("A comment (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
    )
    disagrees = forms.BooleanField(label=_("I do not agree with this report"), required=False)


class DeviceForm(forms.ModelForm):
    class Meta:
        model = KioskDevice
        fields = ["site", "name", "idle_seconds"]

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sites is not None:
            self.fields["site"].queryset = sites
        if self.instance.pk:
            del self.fields["site"]


class PaperForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None, required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False)
    forms_too = forms.BooleanField(
        label=_("Add a blank interview form for each interview"), required=False, initial=True
    )

    def __init__(self, *args, campaigns, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["team"].queryset = teams

    def clean(self):
        data = super().clean()
        if not data.get("campaign") and not data.get("team"):
            raise forms.ValidationError(_("Choose a campaign, a team, or both."))
        return data


class BadgeForm(forms.Form):
    badge_number = forms.CharField(label=_("Badge number"), max_length=60, required=False)


def sites_for(scope):
    sites = Site.objects.all()
    return sites if scope.is_group_hr else sites.filter(pk__in=scope.hr_site_ids)
