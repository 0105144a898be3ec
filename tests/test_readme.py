"""The README's Quick start is the contract with users and with CI."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def quick_start() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1]
    return section.split("\n## ", 1)[0]


def test_the_readme_opens_with_the_quick_start():
    readme = (ROOT / "README.md").read_text()
    headings = re.findall(r"^## (.+)$", readme, flags=re.MULTILINE)

    assert headings[0] == "Quick start"


def test_quick_start_holds_exactly_the_run_and_the_test_command():
    blocks = re.findall(r"```sh\n(.*?)```", quick_start(), flags=re.DOTALL)

    assert blocks == ["python3 dev.py up\n", "python3 dev.py test\n"]


def test_ci_runs_the_test_command_and_nothing_less():
    script = (ROOT / ".ci" / "run").read_text()
    commands = [
        line
        for line in script.splitlines()
        if line.strip()
        and not line.startswith("#")
        and not line.startswith("set ")
        and not line.startswith("cd ")
    ]

    assert commands == ["exec python3 dev.py test"]


def test_the_demo_password_in_the_readme_is_the_real_one():
    from bpets.demo_population import DEMO_PASSWORD

    assert f"the password `{DEMO_PASSWORD}`" in quick_start()
