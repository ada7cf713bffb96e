"""The sanitiser's policy, run on both backends.

Every expected value was worked out by hand from the allow-list in
``newsdesk/conf.py`` (DEFAULTS) and the fixed rules in the issue: script and
style dropped with their content, on*/formaction/action/style never kept,
URL attributes dropped when their scheme is not allowed or hides invisible or
non-ASCII characters.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from newsdesk.sanitize import clean_html, clean_text, current_policy, url_is_safe


@pytest.fixture(params=["nh3", "bleach"])
def backend(request):
    """Run the test once per backend, with the default policy."""
    with override_settings(NEWSDESK={"SANITIZER": request.param}):
        yield request.param


def _with(backend: str, **overrides):
    return override_settings(NEWSDESK={"SANITIZER": backend, **overrides})


# --- markup that must survive unchanged ----------------------------------------

ARABIC_RTL = (
    '<p dir="rtl" lang="ar">مسقط: أعلنت اللجنة الرئيسية لاستطلاع الأهلة أن يوم '
    "الأحد هو غرة شهر جمادى الآخرة.</p>"
)

UNCHANGED = [
    ARABIC_RTL,
    '<p dir="ltr" lang="en">WASHINGTON: Russia and the United States discussed '
    "<em>next steps</em>.</p>",
    '<blockquote cite="https://www.reuters.com/world/"><p>Quoted</p></blockquote>',
    '<p><a href="https://ar.wikipedia.org/wiki/مسقط" title="Muscat">مسقط</a></p>',
    '<p><a href="/ar/مقال/">relative</a> <a href="mailto:desk@example.com">mail</a> '
    '<a href="tel:+96824000000">call</a></p>',
    '<figure><img src="https://cdn.example.com/a.jpg" alt="Firefighters" width="640" '
    'height="480"><figcaption>Firefighters work — Reuters</figcaption></figure>',
    "<ul><li>one</li><li>two</li></ul><ol><li>three</li></ol>",
    "<h2>Sub</h2><p>H<sub>2</sub>O, x<sup>2</sup>, <code>x</code>, <s>old</s>, <u>u</u></p>",
    '<p>Tom &amp; Jerry: 3 &lt; 4 &gt; 2</p>',
    '<p lang="ar" dir="rtl"><strong>عاجل</strong> <abbr title="وكالة الأنباء العمانية">ONA</abbr></p>',
]


@pytest.mark.parametrize("markup", UNCHANGED)
def test_allowed_markup_survives_unchanged(backend, markup):
    assert clean_html(markup) == markup


@pytest.mark.parametrize("markup", UNCHANGED)
def test_cleaning_is_idempotent(backend, markup):
    once = clean_html(markup + "<script>x</script><p onclick=x>y</p>")
    assert clean_html(once) == once


def test_empty_input(backend):
    assert clean_html("") == ""


# --- XSS vectors ---------------------------------------------------------------

XSS = [
    # script and style: tags and their content removed
    ("<script>alert(1)</script>ok", "ok"),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>ok", "ok"),
    ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
    ("<style>p{background:url(javascript:alert(1))}</style>ok", "ok"),
    ('<svg><script>alert(1)</script></svg>ok', "ok"),
    # event handlers
    ("<img src=x onerror=alert(1)>", '<img src="x">'),
    ('<p onclick="alert(1)" onmouseover="alert(2)">t</p>', "<p>t</p>"),
    ('<svg onload=alert(1)><circle r="1"/></svg>t', "t"),
    ("<body onload=alert(1)>t", "t"),
    # javascript: in many spellings
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"),
    ('<a href=" javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="java\tscript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="java&#x09;script:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="java&#10;script:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="&#x6A;&#x61;vascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="javascript&colon;alert(1)">x</a>', "<a>x</a>"),
    ('<a href="javascript&#58;alert(1)">x</a>', "<a>x</a>"),
    ('<a href="vbscript:msgbox(1)">x</a>', "<a>x</a>"),
    # invisible and non-ASCII characters in the scheme part
    ('<a href="javascript\u200b:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="java\u200cscript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="\ufeffjavascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="javascript\uff1aalert(1)">x</a>', "<a>x</a>"),  # full-width colon
    ('<a href="javascript\ufe55alert(1)">x</a>', "<a>x</a>"),  # small colon
    ('<a href="javascript\u00a0:alert(1)">x</a>', "<a>x</a>"),  # no-break space
    ('<a href="javascript&nbsp;:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="\u00adjavascript:alert(1)">x</a>', "<a>x</a>"),  # soft hyphen
    ('<a href="java&shy;script:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="https\u200b://example.com/">x</a>', "<a>x</a>"),
    ('<img src="jav\u0430script:alert(1)">', "<img>"),  # Cyrillic a
    # data: and other schemes not in the allow-list
    ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>', "<a>x</a>"),
    ('<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">', "<img>"),
    ('<a href="ftp://example.com/">x</a>', "<a>x</a>"),
    ('<blockquote cite="javascript:alert(1)">q</blockquote>', "<blockquote>q</blockquote>"),
    # iframes, objects, forms, formaction
    ('<iframe src="javascript:alert(1)"></iframe>after', "after"),
    ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>after', "after"),
    ('<object data="javascript:alert(1)"></object>after', "after"),
    ('<embed src="javascript:alert(1)">after', "after"),
    ('<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">b</button>'
     "</form>", "b"),
    ('<math><mi xlink:href="javascript:alert(1)">m</mi></math>', ""),
    # style attributes and other unknown attributes
    ('<p style="background:url(javascript:alert(1))">s</p>', "<p>s</p>"),
    ('<p class="x" id="y" data-x="1">s</p>', "<p>s</p>"),
    ('<a href="https://example.com/" target="_blank">x</a>', '<a href="https://example.com/">x</a>'),
    # comments and unknown tags
    ("<!-- <script>alert(1)</script> -->ok", "ok"),
    ("<div><span>text</span></div>", "text"),
    ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">ok', "ok"),
    ('<base href="javascript:alert(1)//">ok', "ok"),
]


@pytest.mark.parametrize(("dirty", "expected"), XSS, ids=[d[:40] for d, _ in XSS])
def test_xss_vectors_are_neutralised(backend, dirty, expected):
    assert clean_html(dirty) == expected


def test_entities_are_written_alike_by_both_backends(backend):
    # &eacute; and &#106; are written as characters, a no-break space as
    # &nbsp;, a bare ampersand escaped, an unknown entity kept as text.
    assert clean_html("a\u00a0b &eacute; &#106; &amp;amp; &bogus; & x &lt;") == (
        "a&nbsp;b é j &amp;amp; &amp;bogus; &amp; x &lt;"
    )


def test_attribute_quotes_are_normalised(backend):
    assert clean_html("<img src='x.png' alt='a \"b\"'>") == '<img src="x.png" alt="a &quot;b&quot;">'


def test_mismatched_tags_are_balanced(backend):
    assert clean_html("<p>a<b>b</p>c</b>") == "<p>a<b>b</b></p><b>c</b>"


# --- settings ------------------------------------------------------------------


def test_override_settings_changes_the_policy(backend):
    markup = '<p><a href="ftp://files.example.com/">f</a><mark>m</mark></p>'
    assert clean_html(markup) == "<p><a>f</a>m</p>"
    with _with(backend, ALLOWED_TAGS=["p", "a", "mark"], ALLOWED_URL_SCHEMES=["ftp"]):
        assert clean_html(markup) == markup
    # and back to the defaults once the override ends
    assert clean_html(markup) == "<p><a>f</a>m</p>"


def test_allowed_attributes_override(backend):
    with _with(backend, ALLOWED_ATTRIBUTES={"p": ["class"]}):
        # dir/lang are no longer allowed for every tag once "*" is left out
        assert clean_html('<p class="lead" dir="rtl">x</p>') == '<p class="lead">x</p>'


def test_script_and_style_never_allowed_even_if_listed(backend):
    with _with(backend, ALLOWED_TAGS=["p", "script", "style", "SCRIPT"]):
        assert clean_html("<p>a</p><script>alert(1)</script><style>p{}</style>b") == "<p>a</p>b"


def test_forbidden_attributes_never_allowed_even_if_listed(backend):
    listed = {
        "*": ["onclick", "ONMOUSEOVER", "style", "dir"],
        "button": ["formaction"],
        "form": ["action"],
        "iframe": ["src", "srcdoc"],
    }
    tags = ["p", "button", "form", "iframe"]
    with _with(backend, ALLOWED_TAGS=tags, ALLOWED_ATTRIBUTES=listed):
        assert clean_html(
            '<p onclick="x()" onmouseover="y()" style="color:red" dir="rtl">t</p>'
        ) == '<p dir="rtl">t</p>'
        assert clean_html(
            '<form action="https://evil.example/"><button formaction="https://evil.example/">b'
            "</button></form>"
        ) == "<form><button>b</button></form>"
        assert clean_html(
            '<iframe src="https://www.youtube.com/embed/x" srcdoc="&lt;b&gt;"></iframe>'
        ) == '<iframe src="https://www.youtube.com/embed/x"></iframe>'


def test_srcset_checks_every_url(backend):
    with _with(backend, ALLOWED_ATTRIBUTES={"img": ["src", "srcset"]}):
        assert clean_html('<img srcset="a.jpg 1x, javascript:alert(1) 2x">') == "<img>"
        assert clean_html('<img srcset="a.jpg 1x, https://cdn.example.com/b.jpg 2x">') == (
            '<img srcset="a.jpg 1x, https://cdn.example.com/b.jpg 2x">'
        )


def test_unknown_backend_is_improperly_configured():
    with override_settings(NEWSDESK={"SANITIZER": "lxml"}):
        with pytest.raises(ImproperlyConfigured, match='"nh3" or "bleach"'):
            clean_html("<p>x</p>")


def test_bad_policy_shape_is_improperly_configured(backend):
    with _with(backend, ALLOWED_TAGS="p,a"):
        with pytest.raises(ImproperlyConfigured, match="ALLOWED_TAGS must be a list"):
            clean_html("<p>x</p>")


def test_missing_bleach_is_improperly_configured():
    import sys
    from unittest import mock

    # A None entry in sys.modules makes "import bleach" raise ImportError.
    with mock.patch.dict(sys.modules, {"bleach": None, "bleach.sanitizer": None}):
        with override_settings(NEWSDESK={"SANITIZER": "bleach"}):
            with pytest.raises(ImproperlyConfigured, match=r"django-newsdesk\[bleach\]"):
                clean_html("<p>x</p>")


def test_policy_is_cached_until_settings_change():
    with override_settings(NEWSDESK={"SANITIZER": "nh3"}):
        first = current_policy()
        assert current_policy() is first
    with override_settings(NEWSDESK={"SANITIZER": "nh3", "ALLOWED_TAGS": ["p"]}):
        assert current_policy() is not first
        assert current_policy().tags == frozenset({"p"})


def test_policy_normalises_case_and_drops_forbidden():
    with override_settings(
        NEWSDESK={"ALLOWED_TAGS": ["P", "Script"], "ALLOWED_ATTRIBUTES": {"P": ["DIR", "OnClick"]}}
    ):
        policy = current_policy()
    assert policy.tags == frozenset({"p"})
    assert policy.attributes == {"p": frozenset({"dir"})}


# --- the URL guard on its own ----------------------------------------------------

SCHEMES = frozenset({"http", "https", "mailto", "tel"})


@pytest.mark.parametrize(
    "url",
    ["https://example.com/", "HTTPS://EXAMPLE.COM", "/ar/مقال", "مقال.html", "photo.jpg",
     "#top", "?page=2", "mailto:a@b.example", "//cdn.example.com/x.js", "a/b:c"],
)
def test_url_guard_keeps(url):
    assert url_is_safe(url, SCHEMES)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "javascript\u200b:alert(1)", "javascript\uff1aalert(1)",
     "java\u00adscript:x", "\u202ejavascript:x", "data:,x", "jav ascript:x", "1http://x",
     "مقال:x", "http\u00a0://x"],
)
def test_url_guard_drops(url):
    assert not url_is_safe(url, SCHEMES)


def test_clean_text_strips_every_tag():
    assert clean_text('<p dir="rtl">مسقط <b>اليوم</b></p><br>') == "مسقط اليوم"
    assert clean_text("") == ""
