from django import forms

from bpets import clock
from bpets.forms import DesignSystemFormMixin
from security import roles, selectors
from security.models import ServiceAccount, User


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return str(unit)


def role_choices(catalog):
    return [("", "Choose a role")] + [
        (role.key, f"{roles.MODULE_TITLES[role.module]}: {role.title}")
        for role in catalog
    ]


class RoleAndUnitForm(DesignSystemFormMixin, forms.Form):
    role = forms.ChoiceField(label="Role")
    unit = UnitChoiceField(
        queryset=None, label="Over", help_text="The role reaches every unit below it."
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def role_parts(self) -> tuple[str, str]:
        module, _, code = self.cleaned_data["role"].partition(".")
        return module, code


class AccessRequestForm(RoleAndUnitForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The security module's own roles are given by administrators, not
        # asked for.
        self.fields["role"].choices = role_choices(
            role for role in roles.ROLES if role.module != "security"
        )
        self.fields["unit"].queryset = selectors.units_with_parents()
        self.fields["reason"].label = "Why you need it"


class GrantForm(RoleAndUnitForm):
    starts_on = forms.DateField(label="From")
    ends_on = forms.DateField(
        label="Until",
        required=False,
        help_text="Leave empty for no end date.",
    )

    def __init__(self, *args, grantor, **kwargs):
        # The grantor's own today: the unit is not chosen yet.
        today = clock.today_at(grantor.home_unit)
        kwargs.setdefault("initial", {}).setdefault("starts_on", today)
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(selectors.grantable_roles(grantor))
        self.fields["reason"].label = "Why it is granted"
        self.fields["unit"].queryset = selectors.administered_units(grantor)


class ReasonForm(DesignSystemFormMixin, forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class DecisionForm(ReasonForm):
    decision = forms.ChoiceField(
        choices=[("grant", "Grant"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
    )


class AccountForm(DesignSystemFormMixin, forms.Form):
    username = forms.RegexField(
        regex=r"^[a-z0-9.-]+$",
        max_length=150,
        help_text="Lower-case letters, digits, dots and hyphens.",
    )
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(label="Work e-mail")
    home_unit = UnitChoiceField(queryset=None, label="Home unit")
    password = forms.CharField(
        label="Initial password",
        widget=forms.PasswordInput(render_value=False),
        help_text="Give it to the person in a sealed way; at least 12 characters.",
    )

    def __init__(self, *args, creator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_unit"].queryset = selectors.access_administered_units(creator)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username=username).exists():
            raise forms.ValidationError("That username is taken.")
        return username


class InvestigationForm(DesignSystemFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Background investigation", choices=User.Investigation.choices
    )
    completed_on = forms.DateField(
        label="Date",
        required=False,
    )


class TrainingForm(DesignSystemFormMixin, forms.Form):
    completed_on = forms.DateField(
        label="I completed the annual security and privacy training on",
    )


class ServiceAccountForm(DesignSystemFormMixin, forms.Form):
    name = forms.CharField(
        max_length=100, help_text="The partner system, as its owners call it."
    )
    partner = forms.ChoiceField(label="Partner system", choices=())
    unit = UnitChoiceField(
        queryset=None,
        label="Over",
        help_text="It may send or pull records of this unit and the units below.",
    )

    def __init__(self, *args, administrator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [("", "Choose a system")] + list(
            ServiceAccount.Partner.choices
        )
        self.fields["unit"].queryset = selectors.access_administered_units(
            administrator
        )
