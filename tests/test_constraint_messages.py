"""A rule the database keeps, met in a form, reads as a sentence.

Django checks a model's constraints when a form or a service validates it,
and without a message of its own a broken one reads "Constraint
“bsits_coordinates_in_range” is violated.", the database's name for it.
Every check constraint of a model that one of the project's forms edits
must say its rule in plain words.
"""

from importlib import import_module
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings
from django.db.models import CheckConstraint

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


def test_every_check_constraint_a_form_can_meet_has_its_own_message():
    unnamed = sorted(
        f"{model._meta.label}: {constraint.name}"
        for model in edited_models()
        for constraint in model._meta.constraints
        if isinstance(constraint, CheckConstraint)
        and constraint.violation_error_message
        == constraint.default_violation_error_message
    )

    assert unnamed == []
