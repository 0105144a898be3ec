"""A rule the database keeps about one field is reported on that field.

Django reports a broken check constraint as an error of the whole record, so
a form shows it in an alert above the form, away from the box that holds the
wrong value, and the box is not marked. A model that mixes in
``ChecksOnTheirFields`` reports each check of one field (a grade from 1 to
15, say) on that field instead, as a validator of the field would; a check
across fields (a last day after a first) stays an error of the whole record.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import CheckConstraint


def checked_field(model, constraint) -> str | None:
    """The one field a check constraint is about, or None.

    The record's own key is left out: "not one's own supervisor" is about
    the supervisor, the only side a person can change.
    """
    if not isinstance(constraint, CheckConstraint):
        return None
    names = constraint.condition.referenced_base_fields - {"pk", model._meta.pk.name}
    if len(names) != 1:
        return None
    (name,) = names
    return model._meta.get_field(name).name


class ChecksOnTheirFields:
    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise ValidationError(self._placed_on_fields(error.error_dict)) from None

    def _placed_on_fields(self, errors: dict) -> dict:
        # Django keeps only the message and code of a broken constraint, so
        # the message is what tells which constraint it was.
        owners = {}
        for model, constraints in self.get_constraints():
            for constraint in constraints:
                name = checked_field(model, constraint)
                if name is not None:
                    owners[constraint.get_violation_error_message()] = name
        placed = {key: list(value) for key, value in errors.items()}
        whole = placed.pop(NON_FIELD_ERRORS, [])
        for error in whole:
            placed.setdefault(owners.get(error.message, NON_FIELD_ERRORS), []).append(
                error
            )
        return placed
