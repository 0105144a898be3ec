import base64
import binascii
import copy

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import fields_for_model, inlineformset_factory
from django.template.defaultfilters import filesizeformat

from bpets.forms import DesignSystemFormMixin, LongSelect
from security.models import OrganizationUnit, User
from staffing import privacy
from staffing.models import EmergencyContact, Employee, EmployeeSkill, Skill

SHOWABLE_LABELS = {
    "home_address": "Home address",
    "mailing_address": "Mailing address",
    "home_phone": "Home phone",
    "mobile_phone": "Mobile phone (for the station recall list)",
    "pager": "Pager",
    "personal_email": "Personal e-mail",
}


class ProfileForm(DesignSystemFormMixin, forms.Form):
    """The fields of one group that this user may edit, and no others."""

    def __init__(self, *args, employee, group, editable, stations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.employee = employee
        names = [name for name in privacy.FIELDS[group] if name in editable]
        fields = fields_for_model(Employee, fields=names)
        for name in names:
            field = fields[name]
            if isinstance(field, forms.DateField):
                field.widget = forms.DateInput(attrs={"type": "date"})
            if name == "duty_station":
                field.queryset = stations.select_related("parent")
            if name == "supervisor":
                field.queryset = Employee.objects.filter(
                    duty_station__in=stations, status=Employee.Status.ACTIVE
                ).exclude(pk=employee.pk)
            self.fields[name] = field
            self.initial.setdefault(
                name,
                getattr(employee, f"{name}_id")
                if isinstance(field, forms.ModelChoiceField)
                else getattr(employee, name),
            )

    def _post_clean(self):
        # As a model form does: the model's own checks of these fields (a ZIP
        # code's form, a phone number's, the rules the database keeps) run
        # with the form's, so that every mistake is named in one round.
        probe = copy.copy(self.employee)
        for name, value in self.cleaned_data.items():
            setattr(probe, name, value)
        unchecked = [
            field.name
            for field in Employee._meta.fields
            if field.name not in self.cleaned_data
        ]
        try:
            probe.full_clean(exclude=unchecked, validate_unique=False)
        except ValidationError as error:
            self.add_refusal(error)


class NewEmployeeForm(DesignSystemFormMixin, forms.ModelForm):
    username = forms.RegexField(
        regex=r"^[a-z0-9.-]+$",
        max_length=150,
        help_text="Lower-case letters, digits, dots and hyphens.",
    )

    class Meta:
        model = Employee
        fields = [
            "first_name",
            "middle_initial",
            "last_name",
            "nickname",
            "employment_type",
            "job_title",
            "duty_station",
            "supervisor",
            "work_street",
            "work_city",
            "work_state",
            "work_zip",
            "work_phone",
            "work_email",
        ]

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duty_station"].queryset = stations.select_related("parent")
        self.fields["supervisor"].queryset = Employee.objects.filter(
            duty_station__in=stations, status=Employee.Status.ACTIVE
        )
        self.order_fields(["username"])

    def clean_username(self):
        # Asked here too, so that the message stands beside the username;
        # creating the login refuses a name taken in the meantime.
        username = self.cleaned_data["username"]
        if User.objects.filter(username=username).exists():
            raise ValidationError(f"The username {username} is taken.")
        return username


class SocialSecurityNumberField(forms.CharField):
    widget = forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"})


def add_number_field(form) -> None:
    """Offer personnel to type the number once instead of the hash ID."""
    form.fields["social_security_number"] = SocialSecurityNumberField(
        label="Or derive the hash ID from a Social Security number",
        required=False,
        help_text="Typed once, never stored or shown: only the hash ID is kept.",
    )


class ShownFieldsForm(DesignSystemFormMixin, forms.Form):
    shown = forms.MultipleChoiceField(
        label="Show to everyone",
        choices=list(SHOWABLE_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Your supervisors always see all of it; nobody else sees "
        "what you do not tick.",
    )


class DesignSystemModelForm(DesignSystemFormMixin, forms.ModelForm):
    pass


EmergencyContactFormSet = inlineformset_factory(
    Employee,
    EmergencyContact,
    form=DesignSystemModelForm,
    fields=[
        "name",
        "relationship",
        "phone",
        "alternate_phone",
        "street",
        "city",
        "state",
        "zip_code",
    ],
    extra=1,
    can_delete=True,
)

SkillFormSet = inlineformset_factory(
    Employee,
    EmployeeSkill,
    form=DesignSystemModelForm,
    fields=["skill", "detail"],
    extra=2,
    can_delete=True,
)


class SeparationForm(DesignSystemFormMixin, forms.Form):
    separation_date = forms.DateField(
        label="Separation date", widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(max_length=200, label="Reason")


class DirectorySearchForm(DesignSystemFormMixin, forms.Form):
    """What the directory can be searched by: work information only."""

    name = forms.CharField(
        required=False,
        max_length=100,
        help_text="First name, last name or nickname; part of a name will do.",
    )
    title = forms.CharField(required=False, max_length=100, label="Job title")
    sector = forms.ModelChoiceField(
        required=False,
        queryset=OrganizationUnit.objects.filter(kind=OrganizationUnit.Kind.SECTOR),
        empty_label="Any sector",
        widget=LongSelect,
    )
    station = forms.ModelChoiceField(
        required=False,
        queryset=OrganizationUnit.objects.filter(
            kind=OrganizationUnit.Kind.STATION
        ).select_related("parent"),
        empty_label="Any station",
        widget=LongSelect,
    )
    skill = forms.ModelChoiceField(
        required=False,
        queryset=Skill.objects.all(),
        to_field_name="code",
        empty_label="Any skill",
        label="Special skill",
        widget=LongSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].label_from_instance = str
        self.fields["station"].label_from_instance = str

    def clean(self):
        cleaned = super().clean()
        station, sector = cleaned.get("station"), cleaned.get("sector")
        if station and sector and station.parent_id != sector.pk:
            self.add_error("station", f"{station} is not in {sector}.")
        return cleaned


class ImportUploadForm(DesignSystemFormMixin, forms.Form):
    file = forms.FileField(
        label="CSV file",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, largest_bytes, **kwargs):
        super().__init__(*args, **kwargs)
        self.largest_bytes = largest_bytes
        self.fields["file"].help_text = (
            "UTF-8 (with or without BOM) or Windows-1252, up to "
            f"{filesizeformat(largest_bytes)}."
        )

    def too_large(self) -> str:
        return (
            f"The file is larger than {filesizeformat(self.largest_bytes)}: "
            "split it into smaller files."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.largest_bytes:
            raise forms.ValidationError(self.too_large())
        return upload.read()


class ImportConfirmForm(forms.Form):
    """The checked file, sent back with the confirmation and checked again."""

    content = forms.CharField(widget=forms.HiddenInput)

    def clean_content(self):
        try:
            return base64.b64decode(self.cleaned_data["content"], validate=True)
        except binascii.Error:
            raise forms.ValidationError(
                "The file was not sent back whole; upload it again."
            ) from None


class CorrectionRequestForm(DesignSystemFormMixin, forms.Form):
    field_name = forms.ChoiceField(label="What is wrong")
    requested_value = forms.CharField(
        max_length=200,
        label="What it should be",
        help_text="Dates as YYYY-MM-DD; grade and step as numbers.",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        label="Why",
        help_text="For example, the personnel action that set it.",
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_name"].choices = [("", "Choose a field"), *choices]


class CorrectionDecisionForm(DesignSystemFormMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept and make the change"), ("decline", "Decline")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        label="Reason",
        help_text="Required when declining; the person reads it.",
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == "decline"
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", "Say why the request is declined.")
        return cleaned
