"""The audit log's hash chains: sealing, verifying, and removing old events.

Each actor's events form a chain of their own (system events one more).
Requests only insert events; a periodic job seals them afterwards, so no
request ever waits on a chain. Link ``n`` of a chain holds
``sha256(previous_hash + canonical(event))``, the first link's previous hash
being ``GENESIS_HASH``, so an edited, removed or reordered event no longer
verifies.

Retention removes a whole chain, or the start of one (the events of a
superseded password). Either way the system chain first records what went:
a chain cut at link ``n`` verifies from there on, link ``n + 1`` expected
to follow the recorded hash of link ``n``.

The chain proves nothing against someone who rewrites every row and
recomputes every hash; that needs the heads kept outside the database.
"""

import hashlib
import json
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from itertools import groupby, islice

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from security.models import AuditChainLink, AuditEvent

logger = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64

# The fields a link covers, in the order they are written.
CANONICAL_FIELDS = (
    "id",
    "occurred_at",
    "chain",
    "kind",
    "actor_id",
    "actor_username",
    "client_address",
    "source",
    "target_type",
    "target_id",
    "subject_user_id",
    "details",
)

# Events are inserted when their request ends, possibly after events with
# higher ids: sealing only events older than this lets those transactions
# commit first, so a chain is sealed in id order. An event later still is
# linked after those sealed before it, and verifies all the same.
DEFAULT_MARGIN = timedelta(minutes=2)
SEAL_BATCH_SIZE = 5000
VERIFY_BATCH_SIZE = 2000

# Any fixed number: every sealer takes the same PostgreSQL advisory lock.
SEAL_LOCK_KEY = 7_265_148_312

# Read by the triggers of migration 0002: the retention path names the one
# chain it removes, and only for the rest of its transaction.
RETENTION_SETTING = "bpets.audit_retention"
RETENTION_PERMIT_TABLE = "security_audit_retention_permit"
# The table name is this module's constant, never input.
PERMIT_INSERT = f"INSERT INTO {RETENTION_PERMIT_TABLE} (chain) VALUES (%s)"  # noqa
PERMIT_DELETE = f"DELETE FROM {RETENTION_PERMIT_TABLE} WHERE chain = %s"  # noqa: S608


def canonical(event: AuditEvent) -> str:
    """The event as the chain covers it: fixed fields, UTC, sorted JSON."""
    values = {name: getattr(event, name) for name in CANONICAL_FIELDS}
    values["occurred_at"] = event.occurred_at.astimezone(UTC).strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ"
    )
    return json.dumps(
        [[name, values[name]] for name in CANONICAL_FIELDS],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def link_hash(previous_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256((previous_hash + canonical(event)).encode()).hexdigest()


@dataclass
class SealReport:
    links: int = 0
    chains: set[str] = field(default_factory=set)

    def as_dict(self) -> dict[str, int]:
        return {"links": self.links, "chains": len(self.chains)}


def seal_chains(margin: timedelta = DEFAULT_MARGIN) -> SealReport:
    """Link every chain's unsealed events older than ``margin``, in id order.

    Safe to run at any time and any number of times: what is sealed is
    never sealed again, and sealers take turns.
    """
    report = SealReport()
    cutoff = timezone.now() - margin
    while True:
        with transaction.atomic():
            _take_seal_lock()
            sealed = _seal_batch(_unsealed_events(cutoff)[:SEAL_BATCH_SIZE])
        report.links += len(sealed)
        report.chains.update(link.chain for link in sealed)
        if len(sealed) < SEAL_BATCH_SIZE:
            break

    if report.links:
        logger.info(
            "sealed %s audit events in %s chains", report.links, len(report.chains)
        )
    return report


def seal_chains_named(chains) -> int:
    """Link every unsealed event of these chains now; how many were linked."""
    with transaction.atomic():
        _take_seal_lock()
        return len(_seal_batch(_unsealed_events(chains=list(chains))))


def _take_seal_lock() -> None:
    # On SQLite (the demo) the unique constraints on event_id and
    # (chain, sequence) alone stop a second sealer from linking twice.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEAL_LOCK_KEY])


def _unsealed_events(cutoff=None, chains=None):
    events = AuditEvent.objects.filter(
        ~Exists(AuditChainLink.objects.filter(event_id=OuterRef("pk")))
    )
    if cutoff is not None:
        events = events.filter(occurred_at__lt=cutoff)
    if chains is not None:
        events = events.filter(chain__in=chains)
    return events.order_by("chain", "id")


def _seal_batch(events) -> list[AuditChainLink]:
    events = list(events)
    heads = _chain_heads({event.chain for event in events})

    links = []
    for event in events:
        sequence, previous_hash = heads.get(event.chain, (0, GENESIS_HASH))
        link = AuditChainLink(
            event_id=event.pk,
            chain=event.chain,
            sequence=sequence + 1,
            previous_hash=previous_hash,
            hash=link_hash(previous_hash, event),
        )
        heads[event.chain] = (link.sequence, link.hash)
        links.append(link)

    AuditChainLink.objects.bulk_create(links)
    return links


def _chain_heads(chains: set[str]) -> dict[str, tuple[int, str]]:
    """The last link of each chain: its sequence and hash."""
    last_sequence = (
        AuditChainLink.objects.filter(chain=OuterRef("chain"))
        .order_by("-sequence")
        .values("sequence")[:1]
    )
    heads = AuditChainLink.objects.filter(
        chain__in=chains, sequence=Subquery(last_sequence)
    ).values_list("chain", "sequence", "hash")
    return {chain: (sequence, hash_) for chain, sequence, hash_ in heads}


@dataclass(frozen=True)
class BrokenLink:
    chain: str
    sequence: int
    event_id: int
    problem: str

    def __str__(self) -> str:
        return (
            f"chain {self.chain}: first broken link #{self.sequence} "
            f"(event {self.event_id}): {self.problem}"
        )


@dataclass
class VerifyReport:
    chains: int = 0
    links: int = 0
    unsealed: int = 0
    broken: list[BrokenLink] = field(default_factory=list)


def verify_chains() -> VerifyReport:
    """Recompute every chain; name each broken chain's first broken link."""
    with _snapshot():
        return _verify()


@contextmanager
def _snapshot():
    """One consistent view of both tables while they are read."""
    # Possible only as a transaction's first statement, so not inside a
    # caller's transaction (a test's, say).
    starts_transaction = not connection.in_atomic_block
    with transaction.atomic():
        if starts_transaction and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
        yield


def _verify() -> VerifyReport:
    report = VerifyReport(unsealed=_unsealed_events().count())
    starts = _recorded_starts()
    for chain, pairs in groupby(_links_with_events(), key=lambda pair: pair[0].chain):
        report.chains += 1
        cut_through, cut_hash = starts.get(chain, (0, GENESIS_HASH))
        expected_sequence, expected_previous = cut_through + 1, cut_hash
        for link, event in pairs:
            report.links += 1
            problem = _problem_of(link, event, expected_sequence, expected_previous)
            if problem:
                report.broken.append(
                    BrokenLink(link.chain, link.sequence, link.event_id, problem)
                )
                break
            expected_sequence, expected_previous = link.sequence + 1, link.hash

    return report


def _recorded_starts() -> dict[str, tuple[int, str]]:
    """Where each cut chain now starts: the last removed link and its hash.

    Read from the system chain, which is verified with the rest, so a forged
    or edited cut record shows as a broken system chain.
    """
    starts = {}
    cuts = AuditEvent.objects.filter(
        chain=AuditEvent.SYSTEM_CHAIN, kind=AuditEvent.Kind.CHAIN_CUT
    ).values_list("details", flat=True)
    for details in cuts:
        known = starts.get(details["chain"], (0, GENESIS_HASH))
        if details["through"] > known[0]:
            starts[details["chain"]] = (details["through"], details["last_hash"])
    return starts


def _links_with_events():
    """Every link in chain order, with its event (None where it is gone)."""
    links = AuditChainLink.objects.order_by("chain", "sequence").iterator(
        chunk_size=VERIFY_BATCH_SIZE
    )
    while batch := list(islice(links, VERIFY_BATCH_SIZE)):
        events = AuditEvent.objects.in_bulk([link.event_id for link in batch])
        for link in batch:
            yield link, events.get(link.event_id)


def _problem_of(link, event, expected_sequence: int, expected_previous: str) -> str:
    if link.sequence != expected_sequence:
        return (
            f"gap in sequence: link #{expected_sequence} is missing, "
            f"the chain jumps to #{link.sequence}"
        )
    if link.previous_hash != expected_previous:
        return "wrong previous hash: it is not the hash of the link before"
    if event is None:
        return "missing event: the event this link seals is no longer in the log"
    if link_hash(link.previous_hash, event) != link.hash:
        return "edited event: the event no longer matches its seal"
    return ""


class ChainNotFound(LookupError):
    pass


@transaction.atomic
def remove_chain(chain: str, *, source: str = "retention") -> AuditEvent:
    """Remove a whole chain, leaving its length and last hash in the system chain.

    For the retention engine only: the one path the database lets delete
    audit rows. The chain is sealed to its end first, so the recorded last
    hash covers every event that is removed.
    """
    if chain == AuditEvent.SYSTEM_CHAIN:
        raise ValueError("The system chain holds the removal records; it stays.")

    seal_chains_named([chain])
    head = _chain_heads({chain}).get(chain)
    if head is None:
        raise ChainNotFound(chain)
    length, last_hash = head

    removal = AuditEvent.objects.create(
        chain=AuditEvent.SYSTEM_CHAIN,
        kind=AuditEvent.Kind.CHAIN_REMOVED,
        source=source,
        subject_user_id=_user_id_of(chain),
        details={"chain": chain, "length": length, "last_hash": last_hash},
    )

    with _retention_permit(chain):
        AuditChainLink.objects.filter(chain=chain).delete()
        AuditEvent.objects.filter(chain=chain).delete()

    logger.info("removed audit chain %s of %s events", chain, length)
    return removal


@transaction.atomic
def remove_chain_before(
    event_id: int, *, source: str = "retention"
) -> AuditEvent | None:
    """Remove the events a chain sealed before this event, keeping the rest.

    For the retention engine only, like ``remove_chain``: the system chain
    first records the number and hash of the last link removed, from which
    the rest of the chain still verifies. Returns that record, or None when
    nothing comes before the event.
    """
    _take_seal_lock()
    link = AuditChainLink.objects.filter(event_id=event_id).first()
    if link is None:
        raise ChainNotFound(f"event {event_id} is not sealed in any chain")
    if link.chain == AuditEvent.SYSTEM_CHAIN:
        raise ValueError("The system chain holds the removal records; it stays.")

    removed = AuditChainLink.objects.filter(
        chain=link.chain, sequence__lt=link.sequence
    )
    count = removed.count()
    if not count:
        return None

    cut = AuditEvent.objects.create(
        chain=AuditEvent.SYSTEM_CHAIN,
        kind=AuditEvent.Kind.CHAIN_CUT,
        source=source,
        subject_user_id=_user_id_of(link.chain),
        details={
            "chain": link.chain,
            "through": link.sequence - 1,
            "last_hash": link.previous_hash,
            "removed": count,
        },
    )

    with _retention_permit(link.chain):
        event_ids = list(removed.values_list("event_id", flat=True))
        removed.delete()
        AuditEvent.objects.filter(pk__in=event_ids).delete()

    logger.info("removed %s audit events from the start of chain %s", count, link.chain)
    return cut


def _user_id_of(chain: str) -> int | None:
    prefix, _, user_id = chain.partition(":")
    return int(user_id) if prefix == "user" and user_id.isdigit() else None


@contextmanager
def _retention_permit(chain: str):
    """Let the triggers of migration 0002 pass deletes of this chain's rows."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT set_config(%s, %s, true)",
                [RETENTION_SETTING, f"remove-chain:{chain}"],
            )
        else:
            cursor.execute(
                PERMIT_INSERT,
                [chain],
            )
    try:
        yield
    finally:
        # Withdrawn at once, so that nothing later in a caller's transaction
        # can delete audit rows under it.
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config(%s, '', true)", [RETENTION_SETTING])
            else:
                cursor.execute(
                    PERMIT_DELETE,
                    [chain],
                )
