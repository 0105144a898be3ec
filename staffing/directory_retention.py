"""How long the directory push keeps its copies of listings.

A message copies a person's listing as it was. Once a newer message of the
same person is queued, the values it copied are superseded, so it follows
the personal contact rule (kept until superseded): the row goes, and so
does its line in the sink file. The newest message of each person stays:
it is the listing as it stands (or, after a separation, a removal that
holds no one's information). The directory keeps its own copy under its
own schedule; BPETS never reads it back.
"""

from django.conf import settings
from django.db.models import Exists, OuterRef

from security import retention
from security.retention import Rule
from staffing import directory_sinks
from staffing.models import DirectoryMessage

DONE_WITH = (DirectoryMessage.State.SENT, DirectoryMessage.State.SUPERSEDED)


def _replaced_due(cutoff):
    replaced_before_cutoff = DirectoryMessage.objects.filter(
        directory_id=OuterRef("directory_id"),
        sequence__gt=OuterRef("sequence"),
        created_at__date__lt=cutoff,
    )
    return DirectoryMessage.objects.filter(
        Exists(replaced_before_cutoff), state__in=DONE_WITH
    )


def _purge_replaced(message_ids) -> int:
    # The file at the configured path, even when the sink is now HTTP: the
    # lines written before the change are copies too.
    directory_sinks.FileSink(settings.DIRECTORY_SINK_FILE).forget(message_ids)
    return DirectoryMessage.objects.filter(pk__in=message_ids).delete()[0]


REPLACED_MESSAGES = Rule(
    code="staffing.directory_replaced_messages",
    title="Directory push: replaced messages",
    records=(
        "Messages of the telephone directory push that a newer message of the "
        "same person replaced, and their lines in the directory file."
    ),
    runs_from="A newer message of the same person is queued.",
    follows="staffing.personal_contact",
    due=_replaced_due,
    purge=_purge_replaced,
    person="employee__user",
    held_records=(("staffing.employee", "employee_id"),),
    kind="directory message",
)


def register_rules() -> None:
    retention.register(REPLACED_MESSAGES)
