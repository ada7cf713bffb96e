"""The stylesheet and the markup agree: every ``newsdesk-`` class that
``newsdesk.css`` styles is printed by a packaged reader template or tag, and
every class those print has a rule.

A class styled but never printed is dead CSS a site developer would copy in
vain (it happened: ``.newsdesk-weather__temps`` styled a class the widget
never printed); a class printed but never styled is a hook the docs promise
and the stylesheet forgets.
"""

from __future__ import annotations

import re
from pathlib import Path

import newsdesk

PACKAGE = Path(newsdesk.__file__).resolve().parent
STYLESHEET = PACKAGE / "static" / "newsdesk" / "newsdesk.css"
#: The reader-facing templates (the admin's own templates have their own CSS).
READER_TEMPLATES = sorted((PACKAGE / "templates" / "newsdesk").rglob("*.html"))
#: Python that prints markup for templates.
TAG_MODULES = sorted((PACKAGE / "templatetags").glob("*.py"))

CLASS_ATTRIBUTE = re.compile(r"""class=(?:"([^"]*)"|'([^']*)')""")
NEWSDESK_CLASS = re.compile(r"newsdesk-[A-Za-z0-9_-]*[A-Za-z0-9]")
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
CSS_CLASS = re.compile(r"\.(newsdesk-[A-Za-z0-9_-]*[A-Za-z0-9])")


def printed_classes(source: str) -> set[str]:
    """``newsdesk-`` classes inside ``class="…"`` attributes, template tags
    and all (``{% if stale %} newsdesk-weather--stale{% endif %}``)."""
    found: set[str] = set()
    for match in CLASS_ATTRIBUTE.finditer(source):
        found.update(NEWSDESK_CLASS.findall(match.group(1) or match.group(2)))
    return found


def styled_classes(css: str) -> set[str]:
    return set(CSS_CLASS.findall(CSS_COMMENT.sub("", css)))


def all_printed_classes() -> dict[str, set[str]]:
    """Class → the files that print it."""
    where: dict[str, set[str]] = {}
    for path in [*READER_TEMPLATES, *TAG_MODULES]:
        for name in printed_classes(path.read_text(encoding="utf-8")):
            where.setdefault(name, set()).add(path.relative_to(PACKAGE).as_posix())
    return where


def test_the_scanners_read_what_they_should():
    template = '<div class="newsdesk-weather{% if stale %} newsdesk-weather--stale{% endif %}" data-x="newsdesk-no">'
    assert printed_classes(template) == {"newsdesk-weather", "newsdesk-weather--stale"}
    css = "/* .newsdesk-commented-out */ .newsdesk-a, .newsdesk-b:lang(ar) > p {} .other {}"
    assert styled_classes(css) == {"newsdesk-a", "newsdesk-b"}


def test_the_reader_templates_are_found():
    names = {path.name for path in READER_TEMPLATES}
    assert {"base.html", "article_detail.html", "article_list.html", "teaser.html",
            "weather_widget.html"} <= names


def test_every_styled_class_is_printed_somewhere():
    styled = styled_classes(STYLESHEET.read_text(encoding="utf-8"))
    printed = all_printed_classes()
    assert sorted(styled - set(printed)) == []


def test_every_printed_class_is_styled():
    styled = styled_classes(STYLESHEET.read_text(encoding="utf-8"))
    unstyled = {name: sorted(files) for name, files in all_printed_classes().items() if name not in styled}
    assert unstyled == {}


def test_reader_templates_print_only_namespaced_classes():
    """Reader markup uses ``newsdesk-`` classes only, so a site's own CSS
    never collides with ours (``.meta``, ``.credit`` and ``.tag`` did)."""
    foreign: dict[str, list[str]] = {}
    for path in READER_TEMPLATES:
        for match in CLASS_ATTRIBUTE.finditer(path.read_text(encoding="utf-8")):
            value = re.sub(r"{%.*?%}|{{.*?}}", " ", match.group(1) or match.group(2))
            others = [name for name in value.split() if not name.startswith("newsdesk-")]
            if others:
                foreign.setdefault(path.name, []).extend(others)
    assert foreign == {}


def test_the_stylesheet_uses_logical_properties_only():
    """One stylesheet for both directions: no left/right physical properties."""
    css = CSS_COMMENT.sub("", STYLESHEET.read_text(encoding="utf-8"))
    physical = re.findall(
        r"(?<![\w-])(?:(?:margin|padding|border)-(?:left|right)|left|right|text-align:\s*(?:left|right)"
        r"|float:\s*(?:left|right))\b",
        css,
    )
    assert physical == []
