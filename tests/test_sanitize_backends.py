"""The XSS corpus through both sanitiser backends.

``tests/fixtures/sanitize_vectors.json`` (written by
``scripts/make_sanitize_corpus.py``) holds about a thousand vectors.  Each
runs through ``clean_html`` with ``SANITIZER`` set to ``"nh3"`` and to
``"bleach"``, default policy, and:

(a) neither output is executable: parsed again by an HTML5 parser (the
    html5lib that ships inside bleach) and tokenised by Python's
    ``html.parser``, it holds only allowed elements and attributes, no
    comment, no ``on*``/``style``/``srcdoc``/``action``/``formaction``
    attribute, and no URL whose scheme, read as a browser reads it, is
    outside ``ALLOWED_URL_SCHEMES``;
(b) cleaning each output again changes nothing, on each backend;
(c) every vector whose two outputs differ falls into one of the named
    categories below, each recognised by a small function and each
    explained, with an example, in ``docs/sanitising.rst`` ("Two backends").
    A difference that fits no category fails the test with the vector, both
    outputs and both trees; the per-category counts are pinned so the docs'
    numbers stay true.

The browser test at the end renders every output in Chromium and checks the
DOM Chromium builds (and that nothing ran).
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bleach.html5lib_shim import HTMLParser as Html5libParser  # type: ignore[attr-defined]
from django.test import override_settings

from newsdesk.conf import DEFAULTS
from newsdesk.sanitize import clean_html

ROOT = Path(__file__).resolve().parent.parent
CORPUS_PATH = ROOT / "tests" / "fixtures" / "sanitize_vectors.json"
VECTORS: list[dict[str, str]] = json.loads(CORPUS_PATH.read_text(encoding="utf-8"))
BACKENDS = ("nh3", "bleach")

# The default policy, read from the settings (not from newsdesk.sanitize).
ALLOWED_TAGS = frozenset(DEFAULTS["ALLOWED_TAGS"])
ALLOWED_ATTRIBUTES = {tag: frozenset(names) for tag, names in DEFAULTS["ALLOWED_ATTRIBUTES"].items()}
ALLOWED_SCHEMES = frozenset(DEFAULTS["ALLOWED_URL_SCHEMES"])
NEVER_ATTRIBUTES = frozenset({"style", "srcdoc", "action", "formaction"})
URL_ATTRIBUTES = frozenset({
    "href", "src", "cite", "srcset", "action", "formaction", "data", "poster", "ping",
    "background", "longdesc", "lowsrc", "dynsrc", "usemap", "codebase", "xlink:href",
})
XHTML = "http://www.w3.org/1999/xhtml"

#: Vectors whose nh3 and bleach outputs differ, per category (docs/sanitising.rst).
EXPECTED_COUNTS = {
    "references-left-as-text": 7,
    "control-characters": 6,
    "unfinished-markup": 8,
    "block-newline": 5,
    "url-parsers": 12,
    "raw-text-elements": 9,
    "foreign-content": 32,
    "tree-building": 2,
    "foster-parenting": 2,
}


@pytest.fixture(scope="module")
def outputs() -> dict[str, list[tuple[str, str]]]:
    """``{backend: [(clean_html(vector), clean_html(clean_html(vector))), ...]}``."""
    result = {}
    for backend in BACKENDS:
        with override_settings(NEWSDESK={"SANITIZER": backend}):
            once = [clean_html(vector["html"]) for vector in VECTORS]
            result[backend] = [(out, clean_html(out)) for out in once]
    return result


def test_corpus_is_what_the_script_writes():
    spec = importlib.util.spec_from_file_location("make_sanitize_corpus", ROOT / "scripts" / "make_sanitize_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert CORPUS_PATH.read_text(encoding="utf-8") == module.render(), (
        "run scripts/make_sanitize_corpus.py"
    )
    assert len(VECTORS) > 900
    assert len({vector["id"] for vector in VECTORS}) == len(VECTORS)


# --- (a) nothing executable ------------------------------------------------------

_URL_STRIP = "".join(chr(i) for i in range(0x21))
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+\-.]*):")


def browser_scheme(value: str) -> str | None:
    """The scheme the WHATWG URL parser finds in ``value`` (decoded), or None if relative.

    It strips leading and trailing C0 controls and spaces, removes every tab
    and newline, and takes a scheme only if letters, digits, ``+ - .`` run
    from the start up to a colon.
    """
    value = re.sub(r"[\t\n\r]", "", value.strip(_URL_STRIP))
    match = _SCHEME.match(value)
    return match.group(1).lower() if match else None


def attribute_problem(tag: str, name: str, value: str) -> str | None:
    name = name.lower()
    if name.startswith("on") or name in NEVER_ATTRIBUTES:
        return f"forbidden attribute {name} on <{tag}>"
    if name not in ALLOWED_ATTRIBUTES.get(tag, ()) and name not in ALLOWED_ATTRIBUTES["*"]:
        return f"attribute {name} not allowed on <{tag}>"
    if name in URL_ATTRIBUTES:
        urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
        for url in urls:
            scheme = browser_scheme(url)
            if scheme is not None and scheme not in ALLOWED_SCHEMES:
                return f"{name}={value!r} on <{tag}> has scheme {scheme}:"
    return None


_HTML5 = Html5libParser(namespaceHTMLElements=True)

# A parsed fragment, normalised: a tuple of nodes, each ("#text", str),
# ("#comment", str) or (tag, ((attribute, value), ...), children).  Tags are
# "{namespace}name"; adjacent text is merged.
Tree = tuple


def parse(markup: str) -> Tree:
    return _children(_HTML5.parseFragment(markup, container="div"))


def _children(element) -> Tree:
    nodes: list[tuple] = []

    def text(value: str | None) -> None:
        if not value:
            return
        if nodes and nodes[-1][0] == "#text":
            nodes[-1] = ("#text", nodes[-1][1] + value)
        else:
            nodes.append(("#text", value))

    text(element.text)
    for child in element:
        if isinstance(child.tag, str):
            nodes.append((child.tag, tuple(sorted(child.attrib.items())), _children(child)))
        else:  # ElementTree.Comment
            nodes.append(("#comment", child.text or ""))
        text(child.tail)
    return tuple(nodes)


def elements(tree: Tree) -> Iterator[tuple]:
    for node in tree:
        if node[0][0] != "#":
            yield node
            yield from elements(node[2])


def tree_problems(markup: str) -> list[str]:
    """What an HTML5 parser builds from ``markup`` that the policy forbids."""
    problems = []
    tree = parse(markup)
    stack = list(tree)
    while stack:
        node = stack.pop()
        if node[0] == "#comment":
            problems.append("comment")
        if node[0][0] == "#":
            continue
        namespace, _, tag = node[0][1:].partition("}")
        if namespace != XHTML or tag not in ALLOWED_TAGS:
            problems.append(f"element {node[0]}")
        for name, value in node[1]:
            if name.startswith("{"):
                problems.append(f"namespaced attribute {name} on {node[0]}")
            elif problem := attribute_problem(tag, name, value):
                problems.append(problem)
        stack.extend(node[2])
    return problems


class _Tokens(HTMLParser):
    """Python's tokenizer: every tag it sees, however it nests, must be allowed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if problem := attribute_problem(tag, name, value or ""):
                self.problems.append(problem)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"end tag </{tag}>")

    def handle_comment(self, data):
        self.problems.append("comment")

    def handle_decl(self, decl):
        self.problems.append(f"declaration {decl!r}")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction {data!r}")

    def unknown_decl(self, data):
        self.problems.append(f"declaration {data!r}")


def token_problems(markup: str) -> list[str]:
    tokens = _Tokens()
    tokens.feed(markup)
    tokens.close()
    return tokens.problems


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_output_is_executable(outputs, backend):
    failures = []
    for vector, (out, _) in zip(VECTORS, outputs[backend], strict=True):
        problems = tree_problems(out) + token_problems(out)
        if problems:
            failures.append(f"{vector['id']} {vector['html']!r}\n  -> {out!r}: {'; '.join(problems)}")
    assert not failures, f"{len(failures)} unsafe outputs:\n" + "\n".join(failures)


@pytest.mark.parametrize(
    "markup",
    [
        "<script>x</script>", "<img src=x onerror=alert(1)>", '<a href="java&#9;script:x">x</a>',
        '<a href=" JavaScript:x">x</a>', '<p style="x">x</p>', "<!-- c -->", "<svg></svg>",
        '<img srcset="a.jpg 1x, data:x 2x">', '<abbr title="t" class="c">x</abbr>',
    ],
)
def test_the_safety_check_itself_catches(markup):
    # The checker must not be blind: raw unsafe markup fails it.
    assert tree_problems(markup) or token_problems(markup)


def test_the_safety_check_reads_schemes_as_a_browser_does():
    assert browser_scheme("\x01 java\tscript:x") == "javascript"
    assert browser_scheme("HTTPS://example.com/") == "https"
    assert browser_scheme("javascript\u200b:x") is None  # not a scheme: a relative URL
    assert browser_scheme("/a:b") is None
    assert browser_scheme("1http://x") is None


# --- (b) stable --------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_output_is_stable(outputs, backend):
    failures = [
        f"{vector['id']} {vector['html']!r}\n  once:  {once!r}\n  twice: {twice!r}"
        for vector, (once, twice) in zip(VECTORS, outputs[backend], strict=True)
        if once != twice
    ]
    assert not failures, f"{len(failures)} outputs change when cleaned again:\n" + "\n".join(failures)


# --- (c) every difference has a name ---------------------------------------------


@dataclass
class Case:
    """One vector whose two outputs differ."""

    id: str
    source: str
    nh3: str
    bleach: str

    @cached_property
    def nh3_tree(self) -> Tree:
        return parse(self.nh3)

    @cached_property
    def bleach_tree(self) -> Tree:
        return parse(self.bleach)


def map_strings(tree: Tree, change: Callable[[str], str]) -> Tree:
    """``tree`` with ``change`` applied to every text and attribute value; empty text dropped."""
    nodes: list[tuple] = []
    for node in tree:
        if node[0] == "#text":
            value = change(node[1])
            if not value:
                continue
            if nodes and nodes[-1][0] == "#text":
                nodes[-1] = ("#text", nodes[-1][1] + value)
            else:
                nodes.append(("#text", value))
        elif node[0] == "#comment":
            nodes.append(node)
        else:
            attrs = tuple((name, change(value)) for name, value in node[1])
            nodes.append((node[0], attrs, map_strings(node[2], change)))
    return tuple(nodes)


def padded(tree: Tree) -> Tree:
    """``tree`` with a text node, empty if need be, before, between and after elements."""
    nodes: list[tuple] = []
    for node in tree:
        if node[0] != "#text" and (not nodes or nodes[-1][0] != "#text"):
            nodes.append(("#text", ""))
        nodes.append(node)
    if not nodes or nodes[-1][0] != "#text":
        nodes.append(("#text", ""))
    return tuple(nodes)


def same_shape(a: Tree, b: Tree, equal: Callable[[str, str], bool]) -> bool:
    """The same elements and attributes, and ``equal`` for every pair of strings
    (a missing text node counts as empty)."""
    a, b = padded(a), padded(b)
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x[0] != y[0]:
            return False
        if x[0][0] == "#":
            if not equal(x[1], y[1]):
                return False
            continue
        if [name for name, _ in x[1]] != [name for name, _ in y[1]]:
            return False
        if not all(equal(u, v) for (_, u), (_, v) in zip(x[1], y[1], strict=True)):
            return False
        if not same_shape(x[2], y[2], equal):
            return False
    return True


def text_of(tree: Tree) -> str:
    parts = []
    for node in tree:
        if node[0] == "#text":
            parts.append(node[1])
        elif node[0][0] != "#":
            parts.append(text_of(node[2]))
    return "".join(parts)


def flat(tree: Tree) -> list[tuple]:
    """Start and end markers for elements, one item per character of text."""
    items: list[tuple] = []
    for node in tree:
        if node[0] == "#text":
            items.extend(("#char", c) for c in node[1])
        elif node[0][0] != "#":
            items.append(("start", node[0], node[1]))
            items.extend(flat(node[2]))
            items.append(("end", node[0]))
    return items


def is_subsequence(short: list, long: list) -> bool:
    rest = iter(long)
    return all(any(item == other for other in rest) for item in short)


def mentions_tag(source: str, names: frozenset[str] | set[str]) -> bool:
    return any(name.lower() in names for name in re.findall(r"<([A-Za-z][^\s/>]*)", source))


# Tags bleach's tokenizer replaces with "\n" when it strips them
# (bleach.html5lib_shim.HTML_TAGS_BLOCK_LEVEL), less the allowed ones.
BLOCK_LEVEL = frozenset({
    "address", "article", "aside", "blockquote", "details", "dialog", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "ul",
}) - ALLOWED_TAGS
RAW_TEXT = frozenset({"iframe", "noembed", "noframes", "noscript", "plaintext", "textarea", "title", "xmp"})
# What bleach writes as "?" (bleach.sanitizer.INVISIBLE_CHARACTERS), and what
# html.unescape, which newsdesk's filter uses for references, turns into "".
_BLEACH_QUESTION_MARKED = frozenset(chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32)])
_UNESCAPE_DROPS = frozenset(
    chr(c)
    for c in [*range(0x20), *range(0x7F, 0xA0), *range(0xFDD0, 0xFDF0),
              *(plane + last for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF))]
    if html.unescape(f"&#{c};") == ""
)


def _controls_equal(nh3: str, bleach: str) -> bool:
    pattern = "".join(
        r"\??" if c in _BLEACH_QUESTION_MARKED or c in _UNESCAPE_DROPS else re.escape(c) for c in nh3
    )
    return re.fullmatch(pattern, bleach, flags=re.DOTALL) is not None


_SWALLOWED = re.compile(r"<[A-Za-z/][^>]*(?:>|$)")


def references_left_as_text(case: Case) -> bool:
    """bleach keeps as text a reference a browser decodes (no semicolon: ``&copy 2026``)."""
    return "&" in case.source and same_shape(
        case.nh3_tree, case.bleach_tree, lambda nh3, bleach: nh3 == html.unescape(bleach)
    )


def control_characters(case: Case) -> bool:
    """bleach writes C0 controls as ``?``; references to controls and noncharacters vanish."""
    return same_shape(case.nh3_tree, case.bleach_tree, _controls_equal)


def unfinished_markup(case: Case) -> bool:
    """Text a browser swallows as a tag or bogus comment (``a<b`` at the end, ``</ y``) bleach keeps."""
    return map_strings(case.bleach_tree, lambda s: _SWALLOWED.sub("", s)) == map_strings(
        case.nh3_tree, lambda s: s
    )


def block_newline(case: Case) -> bool:
    """bleach writes a line feed where it strips a block-level start tag (``<div>``, ``<table>``)."""

    def drop(s: str) -> str:
        return s.replace("\n", "")

    return (
        mentions_tag(case.source, BLOCK_LEVEL)
        and text_of(case.bleach_tree).count("\n") > text_of(case.nh3_tree).count("\n")
        and map_strings(case.nh3_tree, drop) == map_strings(case.bleach_tree, drop)
    )


def url_parsers(case: Case) -> bool:
    """A URL with an allowed scheme that only one backend's URL parser rejects."""

    def without_urls(tree: Tree) -> Tree:
        out = []
        for node in tree:
            if node[0][0] == "#":
                out.append(node)
                continue
            attrs = tuple(
                (name, value) for name, value in node[1]
                if not (name in URL_ATTRIBUTES and browser_scheme(value) in ALLOWED_SCHEMES)
            )
            out.append((node[0], attrs, without_urls(node[2])))
        return tuple(out)

    return without_urls(case.nh3_tree) == without_urls(case.bleach_tree)


def raw_text_elements(case: Case) -> bool:
    """Inside a disallowed ``<textarea>``, ``<title>``, ``<noscript>``… nh3 keeps text, bleach markup."""
    return (
        mentions_tag(case.source, RAW_TEXT - ALLOWED_TAGS)
        and text_of(case.nh3_tree).count("<") > text_of(case.bleach_tree).count("<")
    )


def foreign_content(case: Case) -> bool:
    """``<svg>``/``<math>``: one backend removes what the other keeps of it."""
    if not mentions_tag(case.source, {"svg", "math"}):
        return False
    nh3, bleach = flat(case.nh3_tree), flat(case.bleach_tree)
    return is_subsequence(nh3, bleach) or is_subsequence(bleach, nh3)


def tree_building(case: Case) -> bool:
    """Same text; a disallowed tag that shapes the tree (``<table>`` closing ``<p>``,
    ``<image>`` read as ``<img>``) had its effect with nh3 only."""

    def squash(tree: Tree) -> str:
        return re.sub(r"\s+", "", text_of(tree))

    nh3 = Counter((node[0], node[1]) for node in elements(case.nh3_tree))
    bleach = Counter((node[0], node[1]) for node in elements(case.bleach_tree))
    return (
        squash(case.nh3_tree) == squash(case.bleach_tree)
        and (nh3 <= bleach or bleach <= nh3)
    )


def foster_parenting(case: Case) -> bool:
    """Content a ``<table>`` holds outside its cells: nh3 moves it before the table,
    as the HTML standard's "foster parenting" does; bleach drops it."""
    return mentions_tag(case.source, {"table"}) and is_subsequence(flat(case.bleach_tree), flat(case.nh3_tree))


#: In order: a difference counts under the first category that recognises it.
CATEGORIES: dict[str, Callable[[Case], bool]] = {
    "references-left-as-text": references_left_as_text,
    "control-characters": control_characters,
    "unfinished-markup": unfinished_markup,
    "block-newline": block_newline,
    "url-parsers": url_parsers,
    "raw-text-elements": raw_text_elements,
    "foreign-content": foreign_content,
    "tree-building": tree_building,
    "foster-parenting": foster_parenting,
}


def categorise(outputs) -> tuple[dict[str, list[Case]], list[Case]]:
    named: dict[str, list[Case]] = {name: [] for name in CATEGORIES}
    unnamed = []
    for vector, (nh3, _), (bleach, _) in zip(VECTORS, outputs["nh3"], outputs["bleach"], strict=True):
        if nh3 == bleach:
            continue
        case = Case(vector["id"], vector["html"], nh3, bleach)
        name = next((name for name, recognise in CATEGORIES.items() if recognise(case)), None)
        if name is None:
            unnamed.append(case)
        else:
            named[name].append(case)
    return named, unnamed


def test_every_difference_between_the_backends_has_a_name(outputs):
    named, unnamed = categorise(outputs)
    assert not unnamed, f"{len(unnamed)} differences fit no category:\n" + "\n".join(
        f"{case.id} {case.source!r}\n  nh3:    {case.nh3!r}\n  bleach: {case.bleach!r}\n"
        f"  nh3 tree:    {case.nh3_tree!r}\n  bleach tree: {case.bleach_tree!r}"
        for case in unnamed
    )
    counts = {name: len(cases) for name, cases in named.items()}
    # docs/sanitising.rst quotes these numbers; change both together.
    assert counts == EXPECTED_COUNTS, "\n".join(
        f"{name}: {', '.join(case.id for case in cases)}" for name, cases in named.items()
    )


# The examples docs/sanitising.rst shows, checked by hand against the outputs.
DOCUMENTED = [
    ("<p>&copy 2026</p>", "<p>© 2026</p>", "<p>&amp;copy 2026</p>"),
    ("<p>&notit;</p>", "<p>¬it;</p>", "<p>&amp;notit;</p>"),
    ("control\x01char", "control\x01char", "control?char"),
    ("<p>&#1;&#x1F;&#127;</p>", "<p>\x01\x1f\x7f</p>", "<p></p>"),
    ("a<b", "a", "a&lt;b"),
    ("<img src=x onerror=alert(1)", "", "&lt;img src=x onerror=alert(1)"),
    ("x </ y> z", "x  z", "x &lt;/ y&gt; z"),
    ("<p>if a<b then c</p><p>next</p>", "<p>if a<b></b></p><p><b>next</b></p>",
     "<p>if a<b></b></p><p><b>next</b></p>"),
    ("<div>First paragraph.</div><div>Second paragraph.</div>", "First paragraph.Second paragraph.",
     "First paragraph.\nSecond paragraph."),
    ("<p>a</p><h5>h5</h5><h1>h1</h1>", "<p>a</p>h5h1", "<p>a</p>\nh5\nh1"),
    ('<a href="https:javascript:alert(1)">x</a>', "<a>x</a>", '<a href="https:javascript:alert(1)">x</a>'),
    ('<blockquote cite="http://[::1/">q</blockquote>', '<blockquote cite="http://[::1/">q</blockquote>',
     "<blockquote>q</blockquote>"),
    ("<textarea><img src=x onerror=alert(1)></textarea>t", "&lt;img src=x onerror=alert(1)&gt;t", '<img src="x">t'),
    ('<svg onload="alert(1)">t</svg>', "t", ""),
    ("<svg><foreignObject><p>t</p></foreignObject></svg>", "", "<p>t</p>"),
    ("<svg><desc><b>t</b></desc></svg>", "", "<b>t</b>"),
    ('<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">', '<p></p><img src="1">"&gt;', ""),
    ("<p><table><tr><td>t</td></tr></table></p>", "<p></p><table><tbody><tr><td>t</td></tr></tbody></table><p></p>",
     "<p></p><table><tbody><tr><td>t</td></tr></tbody></table><p></p>"),
    ("<table><p>foster</p><td>c</table>", "<p>foster</p><table><tbody><tr><td>c</td></tr></tbody></table>",
     "<table><tbody><tr><td>c</td></tr></tbody></table>"),
    ("<image src=x onerror=alert(1)>", '<img src="x">', ""),
]


@pytest.mark.parametrize(("source", "nh3", "bleach"), DOCUMENTED, ids=[d[0][:30] for d in DOCUMENTED])
def test_documented_examples(source, nh3, bleach):
    for backend, expected in (("nh3", nh3), ("bleach", bleach)):
        with override_settings(NEWSDESK={"SANITIZER": backend}):
            assert clean_html(source) == expected, backend


# Once differences, now alike: each was a bug in how newsdesk drove a backend.
ALIKE = [
    # bleach wrote &amp; for references outside the 106 legacy names
    ('<img src="/a.jpg" alt="Reuters&rsquo; photo &mdash; Muscat">',
     '<img src="/a.jpg" alt="Reuters’ photo — Muscat">'),
    ('<abbr title="&rlm;مسقط">x</abbr>', '<abbr title="\u200fمسقط">x</abbr>'),
    ('<abbr title="&eacute; &amp;hellip; a>b">x</abbr>', '<abbr title="é &amp;hellip; a&gt;b">x</abbr>'),
    # ...but a legacy name followed by "=" or a letter stays as written in an attribute
    ('<a href="/a?x=1&copy=2&notit;">t</a>', '<a href="/a?x=1&amp;copy=2&amp;notit;">t</a>'),
    ("<p>&#160;\u00a0</p>", "<p>&nbsp;&nbsp;</p>"),
    # a carriage return written as a reference survives a second clean
    ("<p>a&#13;&#10;b</p>", "<p>a&#13;\nb</p>"),
]


@pytest.mark.parametrize(("source", "expected"), ALIKE)
@pytest.mark.parametrize("backend", BACKENDS)
def test_both_backends_agree(backend, source, expected):
    with override_settings(NEWSDESK={"SANITIZER": backend}):
        assert clean_html(source) == expected
        assert clean_html(expected) == expected


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("&eacute;&rsquo;&rlm;", "é’\u200f"),
        ("?a=1&copy=2", "?a=1&copy=2"),     # a legacy name before "=" stays as written
        ("&copyx &notit;", "&copyx &notit;"),  # ...and before an ASCII letter or digit
        ("&copy &copyé &copy", "© ©é ©"),
        ("&notin; &amp;hellip; &#65&#x42;", "∉ &hellip; AB"),
        ("a & b &bogus; &", "a & b &bogus; &"),
    ],
)
def test_attribute_values_are_decoded_as_a_browser_decodes_them(written, read):
    from newsdesk.sanitize import _unescape_attribute

    assert _unescape_attribute(written) == read


def test_nh3_reaches_the_fixed_point_after_removing_a_parser_boundary():
    with override_settings(NEWSDESK={"SANITIZER": "nh3"}):
        assert clean_html("<h2><div><h3>x</h3></div></h2>") == "<h2></h2><h3>x</h3>"
        assert clean_html("<p><object><p>x</p></object></p>") == "<p></p><p>x</p><p></p>"
        assert clean_html("<a href=/x><object><a href=/y>y</a></object></a>") == (
            '<a href="/x"></a><a href="/y">y</a>'
        )


# --- in a real browser ---------------------------------------------------------------

_BROWSER_CHECK = """
([outputs, tags, attrs, schemes]) => {
  const problems = [];
  const never = new Set(["style", "srcdoc", "action", "formaction"]);
  const urls = new Set(["href", "src", "cite", "srcset", "action", "formaction", "data", "poster",
                        "ping", "background"]);
  outputs.forEach((markup, index) => {
    const doc = document.implementation.createHTMLDocument("");
    doc.body.innerHTML = markup;
    const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_COMMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.COMMENT_NODE) { problems.push([index, "comment"]); continue; }
      if (node.namespaceURI !== "http://www.w3.org/1999/xhtml" || !tags.includes(node.localName)) {
        problems.push([index, "element " + node.namespaceURI + " " + node.localName]);
      }
      for (const attr of node.attributes) {
        const name = attr.name;
        const allowed = (attrs[node.localName] || []).includes(name) || (attrs["*"] || []).includes(name);
        if (name.startsWith("on") || never.has(name) || !allowed) {
          problems.push([index, "attribute " + name + " on " + node.localName]);
        } else if (urls.has(name)) {
          let protocol = null;
          try {
            protocol = new URL(attr.value, "https://example.com/").protocol.slice(0, -1);
          } catch (error) {
            continue;  // not a URL at all: nothing to follow
          }
          if (!schemes.includes(protocol)) problems.push([index, name + " scheme " + protocol]);
        }
      }
    }
  });
  return problems;
}
"""


@pytest.mark.browser
def test_chromium_builds_nothing_executable_from_any_output(outputs):
    from tests.conftest import chromium_page

    every = [out for backend in BACKENDS for out, _ in outputs[backend]]
    with chromium_page() as page:
        # A live render too: every output in the page at once, alert trapped.
        page.set_content("<!doctype html><title>corpus</title><div id=out></div>")
        page.evaluate("() => { window.ran = []; window.alert = (x) => window.ran.push(String(x)); }")
        page.evaluate("(all) => { document.getElementById('out').innerHTML = all.join(''); }", every)
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.ran") == []
        problems = page.evaluate(
            _BROWSER_CHECK,
            [every, sorted(ALLOWED_TAGS), {k: sorted(v) for k, v in ALLOWED_ATTRIBUTES.items()},
             sorted(ALLOWED_SCHEMES)],
        )
    assert not problems, "\n".join(f"{every[index]!r}: {problem}" for index, problem in problems)
