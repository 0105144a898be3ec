"""A rule the database keeps, met in a form, reads as a sentence.

Django checks a model's constraints when a form or a service validates it,
and without a message of its own a broken one reads "Constraint
“bsits_coordinates_in_range” is violated.", the database's name for it.
Every check constraint of a model that one of the project's forms edits
must say its rule in plain words.
"""

from importlib import import_module
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint

from bpets.constraints import ChecksOnTheirFields, checked_field

PROJECT_APPS = [
    config
    for config in apps.get_app_configs()
    if str(config.path).startswith(str(settings.BASE_DIR))
]


def subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from subclasses(subclass)


def edited_models() -> set:
    # Forms live in forms.py or in modules whose names end in _forms, in an
    # app or in one of its packages.
    for config in PROJECT_APPS:
        for path in Path(config.path).rglob("*forms.py"):
            parts = path.relative_to(config.path).with_suffix("").parts
            import_module(".".join([config.name, *parts]))
    names = {config.name for config in PROJECT_APPS}
    return {
        form._meta.model
        for form in subclasses(forms.ModelForm)
        if form.__module__.split(".")[0] in names and form._meta.model is not None
    }


def test_the_project_has_model_forms_to_check():
    models = {model.__name__ for model in edited_models()}

    assert {"Employee", "Event", "Checkpoint", "Zone"} <= models


def checks_of_edited_models(keep) -> list[str]:
    """The check constraints of form-edited models that ``keep`` picks."""
    return sorted(
        f"{model._meta.label}: {constraint.name}"
        for model in edited_models()
        for constraint in model._meta.constraints
        if isinstance(constraint, CheckConstraint) and keep(model, constraint)
    )


def test_every_check_constraint_a_form_can_meet_has_its_own_message():
    unnamed = checks_of_edited_models(
        lambda model, constraint: (
            constraint.violation_error_message
            == constraint.default_violation_error_message
        )
    )

    assert unnamed == []


def test_every_check_of_one_field_a_form_can_meet_is_named_beside_it():
    # Django reports a broken check constraint above the form, away from
    # the box that is wrong; a grade of 45 once read that way.
    unplaced = checks_of_edited_models(
        lambda model, constraint: (
            checked_field(model, constraint)
            and not issubclass(model, ChecksOnTheirFields)
        )
    )

    assert unplaced == []


@pytest.mark.django_db
def test_a_check_of_one_field_is_reported_on_it_and_one_across_fields_is_not():
    from staffing.models import Employee

    employee = Employee(grade=45, step=99, status="SEPARATED", work_state="AZ")

    with pytest.raises(ValidationError) as raised:
        employee.validate_constraints(
            exclude={"first_name", "last_name", "job_title", "supervisor"}
        )

    assert raised.value.message_dict == {
        "grade": ["The grade runs from 1 to 15."],
        "step": ["The step runs from 1 to 10."],
        "__all__": ["An employee who is no longer active needs a separation date."],
    }
