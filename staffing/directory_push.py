"""What the agency telephone directory is told, and when it is queued.

The directory is an outside system that BPETS writes to and never reads
from. A person's listing is built here from an explicit allow-list: their
work contact information, and those of their personal numbers they chose
to show everyone (never while their numbers are unlisted). Nothing else
of the record can reach it.

Every save of an employee, by any path (the services, the import, the
correction requests, a command), comes through ``queue_listing_change``:
it runs inside the saving transaction and writes an outbox row only when
the listing differs from the last one queued for that person, so a change
rolled back queues nothing and a change the directory does not hold (a
medical alert, a grade) queues nothing either.
"""

import hashlib
import json

from django.db import connection, transaction

from staffing import policies
from staffing.models import DirectoryMessage, Employee

# The work fields a telephone listing holds, as the directory receives them.
LISTED_WORK_FIELDS = (
    "first_name",
    "middle_initial",
    "last_name",
    "nickname",
    "job_title",
    "work_street",
    "work_city",
    "work_state",
    "work_zip",
    "work_phone",
    "work_mobile",
    "work_email",
)
# Of the personal fields, only numbers, and only those the person shows.
LISTABLE_PERSONAL_NUMBERS = ("home_phone", "mobile_phone", "pager")
# Every field the listing is built from: a save that writes none of them
# cannot have changed it.
LISTING_SOURCES = frozenset(
    {
        *LISTED_WORK_FIELDS,
        *LISTABLE_PERSONAL_NUMBERS,
        "duty_station",
        "status",
        "shown_personal_fields",
        "phones_unlisted",
    }
)


def listing(employee: Employee) -> dict:
    """The directory's entry for ``employee``: work contact, shown numbers."""
    station = employee.duty_station
    entry = {name: getattr(employee, name) for name in LISTED_WORK_FIELDS}
    entry["station"] = {"id": station.pk, "code": station.code, "name": station.name}
    shown = policies.shown_personal_fields(employee)
    entry["personal_numbers"] = {
        name: getattr(employee, name)
        for name in LISTABLE_PERSONAL_NUMBERS
        if name in shown and getattr(employee, name)
    }
    return entry


def canonical_json(value) -> str:
    """One spelling of a value, so equal content has equal bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(action: str, payload: dict | None) -> str:
    content = canonical_json({"action": action, "payload": payload})
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def message_for(employee: Employee) -> tuple[str, dict | None]:
    """What the directory should hold now: the listing, or its removal."""
    if employee.status == Employee.Status.SEPARATED:
        return DirectoryMessage.Action.REMOVE, None
    return DirectoryMessage.Action.UPSERT, listing(employee)


def queue_listing_change(
    sender, instance: Employee, raw=False, update_fields=None, **kwargs
):
    """post_save of Employee: queue a message if the listing changed."""
    if raw:
        # Fixtures load rows as they were; they are not changes.
        return
    if update_fields is not None and not LISTING_SOURCES & set(update_fields):
        return
    action, payload = message_for(instance)
    _queue(instance.pk, instance.duty_station_id, action, payload, instance)


def queue_removal(sender, instance: Employee, **kwargs):
    """post_delete of Employee: a record removed leaves the directory too."""
    action = DirectoryMessage.Action.REMOVE
    _queue(instance.pk, instance.duty_station_id, action, None, None)


def _queue(directory_id, station_id, action, payload, employee) -> None:
    payload_digest = digest(action, payload)
    # The saving transaction holds the employee's row lock, so two changes
    # of one person queue one after the other and their sequences differ.
    last = (
        DirectoryMessage.objects.filter(directory_id=directory_id)
        .order_by("-sequence")
        .values("sequence", "payload_digest")
        .first()
    )
    if last is not None and last["payload_digest"] == payload_digest:
        return
    DirectoryMessage.objects.create(
        employee=employee,
        directory_id=directory_id,
        station_id=station_id,
        sequence=last["sequence"] + 1 if last else 1,
        action=action,
        payload=payload,
        payload_digest=payload_digest,
    )
    push_after_commit()


def push_after_commit() -> None:
    """Ask for a push once the transaction commits, once per transaction.

    A bulk import saves hundreds of people in one transaction; one push
    sends all their messages.
    """
    pending = (callback for _, callback, _ in connection.run_on_commit)
    if _start_push not in pending:
        # Robust: a broker that is down must not fail a change already
        # committed; the scheduled push sends the message within a minute.
        transaction.on_commit(_start_push, robust=True)


def _start_push() -> None:
    from staffing import tasks

    tasks.push_directory.delay()
