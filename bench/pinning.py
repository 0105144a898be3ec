"""PostgreSQL and Redis on the server core for the load test, and back after.

The load test gives the load generator one core and everything that serves
it the other. gunicorn is started under ``taskset``; the database and Redis
servers are already running, so their processes (every thread of each)
are moved for the run and given back every core after it. A PostgreSQL
backend forked while the postmaster is pinned inherits the pin, so the
processes are found again at the end, not remembered from the start.

Only this machine's own servers can be pinned, and only by their owner or
root: where that is not allowed the run goes on unpinned and says so.
"""

import os
from contextlib import contextmanager
from pathlib import Path

SERVER_COMMANDS = ("postgres", "redis-server")


def server_threads() -> dict[str, list[int]]:
    """The thread ids of each server's processes on this machine, by command."""
    found: dict[str, list[int]] = {command: [] for command in SERVER_COMMANDS}
    for process in Path("/proc").iterdir():
        if not process.name.isdigit():
            continue
        try:
            command = (process / "comm").read_text().strip()
            if command in found:
                found[command] += [
                    int(task.name) for task in (process / "task").iterdir()
                ]
        except OSError:
            continue  # the process ended while it was being read
    return found


def _set(threads: list[int], cores: set[int]) -> None:
    for thread in threads:
        try:
            os.sched_setaffinity(thread, cores)
        except ProcessLookupError:
            continue


@contextmanager
def servers_pinned(core: int):
    """Pin the servers to ``core`` for the block; yields what was done, as a
    sentence for the results."""
    everything = set(range(os.cpu_count() or 1))
    threads = server_threads()
    named = [command for command, ids in threads.items() if ids]
    if not named:
        yield "PostgreSQL and Redis not pinned (not running on this machine)"
        return

    try:
        _set([thread for ids in threads.values() for thread in ids], {core})
    except PermissionError:
        yield "PostgreSQL and Redis not pinned (not allowed to move their processes)"
        return

    try:
        yield f"{' and '.join(named)} pinned to core {core} for the run"
    finally:
        # Found again: backends started during the run carry the pin too.
        again = server_threads()
        _set([thread for ids in again.values() for thread in ids], everything)
