"""No template holds script, a handler or a style the policy would refuse.

The Content Security Policy allows scripts and styles from the site's own
static files only; an inline block or attribute would simply not run, so a
template must not hold one. Every form that posts carries the CSRF token.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    path
    for pattern in ("templates/**/*.html", "*/templates/**/*.html")
    for path in ROOT.glob(pattern)
    if ".venv" not in path.parts
)

SCRIPT = re.compile(r"<script\b(?P<attributes>[^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"""<[^>]*\s(on[a-z]+)\s*=""", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"""<[^>]*\sstyle\s*=""", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)
POST_FORM = re.compile(
    r"<form\b[^>]*method=[\"']post[\"'][^>]*>(?P<body>.*?)</form>",
    re.IGNORECASE | re.DOTALL,
)


def without_comments(text: str) -> str:
    text = re.sub(r"{#.*?#}", "", text, flags=re.DOTALL)
    text = re.sub(r"{% comment %}.*?{% endcomment %}", "", text, flags=re.DOTALL)
    return re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)


def name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_there_are_templates_to_check():
    assert ROOT / "templates" / "base.html" in TEMPLATES
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("template", TEMPLATES, ids=name)
def test_no_inline_script(template):
    text = without_comments(template.read_text())

    inline = [
        match.group(0)
        for match in SCRIPT.finditer(text)
        if not re.search(r"\ssrc\s*=", match.group("attributes"))
    ]

    assert inline == []
    assert JAVASCRIPT_URL.findall(text) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=name)
def test_no_event_handler_attributes(template):
    text = without_comments(template.read_text())

    assert HANDLER.findall(text) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=name)
def test_no_inline_style(template):
    text = without_comments(template.read_text())

    assert STYLE_ATTRIBUTE.findall(text) == []
    assert STYLE_ELEMENT.findall(text) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=name)
def test_every_posting_form_carries_the_csrf_token(template):
    text = without_comments(template.read_text())

    missing = [
        match.group(0)[:80]
        for match in POST_FORM.finditer(text)
        if "{% csrf_token %}" not in match.group("body")
    ]

    assert missing == []


class TestTheChecksThemselves:
    def test_an_inline_script_and_a_handler_are_seen(self):
        text = '<script>alert(1)</script><a href="#" onclick="go()">x</a>'

        assert [m.group(0) for m in SCRIPT.finditer(text)] == ["<script>"]
        assert HANDLER.findall(text) == ["onclick"]

    def test_a_script_file_and_a_data_attribute_pass(self):
        text = '<script src="/static/x.js" defer></script><a data-on="x">y</a>'

        assert re.search(r"\ssrc\s*=", SCRIPT.search(text).group("attributes"))
        assert HANDLER.findall(text) == []

    def test_a_style_attribute_and_a_form_without_token_are_seen(self):
        text = '<p style="color: red"></p><form method="post"><input></form>'

        assert STYLE_ATTRIBUTE.findall(text) != []
        assert [m.group("body") for m in POST_FORM.finditer(text)] == ["<input>"]
