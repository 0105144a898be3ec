"""bench/RESULTS.md: each benchmark command rewrites its own section of it,
between markers, and leaves the others as they were."""

import os
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
TITLE = "# Benchmark results\n\nWritten by `bench/national.py` and `bench/load.py`.\n"


def write_section(name: str, text: str) -> None:
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    current = RESULTS.read_text() if RESULTS.exists() else TITLE
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        _, after = rest.split(end, 1)
        current = before + block + after
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(current)


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} (1 min) / {five:.1f} (5 min)"


def table(rows: list[tuple]) -> str:
    lines = [
        "| figure | measured | target | limit, same run | met |",
        "| --- | --- | --- | --- | --- |",
    ]
    for figure, measured, target, limit, met in rows:
        verdict = {True: "yes", False: "**no**", None: ""}[met]
        lines.append(f"| {figure} | {measured} | {target} | {limit} | {verdict} |")
    return "\n".join(lines)
