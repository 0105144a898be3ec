"""Where directory messages go: a JSON-lines file, or an HTTPS endpoint.

A sink only writes. Each message arrives as the exact bytes that were
signed and their signature; the sink passes both on unchanged, so the
directory checks the signature over what it received. A failure raises
``DeliveryFailed`` with a reason fit for the queue page: a status or an
error's kind, never the message.
"""

import fcntl
import json
import os
import stat
import tempfile
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SIGNATURE_HEADER = "X-BPETS-Signature"
TIMESTAMP_HEADER = "X-BPETS-Timestamp"
MESSAGE_ID_HEADER = "X-BPETS-Message-Id"


class DeliveryFailed(Exception):
    """The directory did not take the message; the text says why."""


@dataclass(frozen=True)
class SignedMessage:
    message_id: int
    body: bytes
    signature: str
    signed_at: str


class FileSink:
    """Appends one JSON object a line: the signed message text and its
    signature, for the directory's loader to pick up."""

    def __init__(self, path):
        self.path = Path(path)

    @contextmanager
    def _locked(self):
        # A push appending and the retention run rewriting must take turns,
        # or a line appended to the file being replaced would be lost.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(f".{self.path.name}.lock")
        with lock_path.open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def send(self, message: SignedMessage) -> None:
        line = json.dumps(
            {"message": message.body.decode("utf-8"), "signature": message.signature},
            ensure_ascii=False,
        )
        try:
            with self._locked(), self.path.open("a", encoding="utf-8") as sink:
                sink.write(line + "\n")
                sink.flush()
                os.fsync(sink.fileno())
        except OSError as error:
            raise DeliveryFailed(
                f"Cannot write the directory file: {error.strerror or 'error'}."
            ) from error

    def forget(self, message_ids) -> int:
        """Remove these messages' lines (their retention ran out); how many.

        The file is rewritten beside itself and swapped in, so a reader
        never sees half of it.
        """
        if not self.path.exists():
            return 0
        forgotten = set(message_ids)
        with self._locked():
            with self.path.open(encoding="utf-8") as sink:
                lines = sink.readlines()
            kept = [line for line in lines if _message_id_of(line) not in forgotten]
            if len(kept) < len(lines):
                self._replace_with(kept)
        return len(lines) - len(kept)

    def _replace_with(self, lines: list[str]) -> None:
        handle, temporary = tempfile.mkstemp(
            dir=self.path.parent, prefix=".directory-", suffix=".tmp"
        )
        with os.fdopen(handle, "w", encoding="utf-8") as replacement:
            replacement.writelines(lines)
            replacement.flush()
            os.fsync(replacement.fileno())
        # Whoever could read the file (the directory's loader) still can.
        os.chmod(temporary, stat.S_IMODE(self.path.stat().st_mode))
        os.replace(temporary, self.path)


def _message_id_of(line: str):
    try:
        return json.loads(json.loads(line)["message"])["message_id"]
    except (ValueError, KeyError, TypeError):
        # A line the product did not write: not ours to remove.
        return None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect could lead the signed listing to another address, or off
    # HTTPS; the directory's address is configured, not discovered.
    def redirect_request(self, *args, **kwargs):
        return None


class HttpSink:
    """Posts each message to the directory's endpoint, signature in a header."""

    def __init__(self, url: str, timeout: float, allow_plain_http: bool = False):
        if not url.startswith("https://") and not (
            allow_plain_http and url.startswith("http://")
        ):
            raise ImproperlyConfigured(
                "DIRECTORY_SINK_URL must be an https:// address."
            )
        self.url = url
        self.timeout = timeout
        self.opener = urllib.request.build_opener(_NoRedirects)

    def send(self, message: SignedMessage) -> None:
        # The scheme is checked when the sink is made: https, or http in tests.
        request = urllib.request.Request(  # noqa: S310
            self.url,
            data=message.body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                SIGNATURE_HEADER: message.signature,
                TIMESTAMP_HEADER: message.signed_at,
                MESSAGE_ID_HEADER: str(message.message_id),
            },
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            raise DeliveryFailed(
                f"The directory answered HTTP {error.code}."
            ) from error
        except TimeoutError as error:
            raise DeliveryFailed(
                f"The directory did not answer within {self.timeout:g} s."
            ) from error
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise DeliveryFailed(
                f"Cannot reach the directory: {_reason_text(reason)}."
            ) from error
        if not 200 <= status < 300:
            raise DeliveryFailed(f"The directory answered HTTP {status}.")

    def forget(self, message_ids) -> int:
        # The directory keeps its own copy under its own schedule.
        return 0


def _reason_text(reason) -> str:
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return type(reason).__name__


def configured():
    """The sink the settings name."""
    if settings.DIRECTORY_SINK == "http":
        return HttpSink(
            settings.DIRECTORY_SINK_URL,
            timeout=settings.DIRECTORY_SINK_TIMEOUT,
            allow_plain_http=not settings.PRODUCTION,
        )
    return FileSink(settings.DIRECTORY_SINK_FILE)
