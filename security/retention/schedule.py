"""Which period applies to each rule today, and which records it holds back.

The period of a rule with disagreeing sources is the longest one's until a
records administrator chooses (``RetentionChoice``); a rule that follows
another takes that rule's period. A standing legal hold on the record's
person, on the record, or on a record it follows, keeps the record.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from security import retention
from security.models import LegalHold, RetentionChoice
from security.retention import Period, Rule, Source


@dataclass(frozen=True)
class Applied:
    """The source whose period a rule applies, and whether it was chosen."""

    source: Source
    chosen: RetentionChoice | None

    @property
    def period(self) -> Period:
        return self.source.period


def applied(rule: Rule, choices: dict[str, RetentionChoice] | None = None) -> Applied:
    if choices is None:
        choices = {choice.rule_code: choice for choice in RetentionChoice.objects.all()}
    if rule.follows:
        return applied(retention.get(rule.follows), choices)

    choice = choices.get(rule.code)
    if choice is not None:
        for source in rule.sources:
            if source.key == choice.source:
                return Applied(source, choice)
    return Applied(rule.longest_source(), None)


def sources_of(rule: Rule) -> tuple[Source, ...]:
    """The sources a rule's period comes from, through the rule it follows."""
    if rule.follows:
        return sources_of(retention.get(rule.follows))
    return rule.sources


def cutoff(rule: Rule, today: date, choices=None) -> date:
    return applied(rule, choices).period.cutoff(today)


def held(rule: Rule, model) -> Q:
    """The records of ``model`` (the rule's due records) under a standing hold."""
    holds = LegalHold.objects.standing()
    conditions = []

    if rule.person:
        user_ids = list(
            holds.filter(user__isnull=False).values_list("user_id", flat=True)
        )
        if user_ids:
            conditions.append(Q(**{f"{rule.person}__in": user_ids}))

    own = (model._meta.label_lower, "pk")
    for label, path in (own, *rule.held_records):
        record_model = _model(label)
        object_ids = holds.filter(
            content_type=ContentType.objects.get_for_model(record_model)
        ).values_list("object_id", flat=True)
        primary_keys = [record_model._meta.pk.to_python(pk) for pk in object_ids]
        if primary_keys:
            conditions.append(Q(**{f"{path}__in": primary_keys}))

    found = Q(pk__in=[])
    for condition in conditions:
        found |= condition
    return found


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


def due_and_purgeable(rule: Rule, cutoff_day: date):
    """The rule's due records, and those of them no hold keeps."""
    due = rule.due(cutoff_day)
    return due, due.exclude(held(rule, due.model))
