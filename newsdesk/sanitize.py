"""Sanitise untrusted HTML with one allow-list policy and two backends.

Every article body, standfirst and caption passes through :func:`clean_html`
on every save, so the policy is built once per settings value and cached (the
cache is dropped when ``override_settings(NEWSDESK=...)`` changes it; the
receiver is connected in :mod:`newsdesk.signals`).

The policy (``ALLOWED_TAGS``, ``ALLOWED_ATTRIBUTES``, ``ALLOWED_URL_SCHEMES``)
is the same whichever backend runs it:

* ``"nh3"`` (default) — Rust's ammonia, maintained and 10-20x faster;
* ``"bleach"`` — the optional extra ``django-newsdesk[bleach]``, kept for sites
  that already rely on it.  bleach 6.4.0 announced it is unmaintained, so it is
  never the default.

Some rules hold whatever a site configures, because no newsroom needs them
and each has been an XSS vector: ``script`` and ``style`` are never allowed
and their content is dropped (nh3 panics with a ``BaseException`` if a tag is
both allowed and content-cleaned, so we never hand it that combination);
``on*`` event handlers, ``formaction``, ``action``, ``style`` and ``srcdoc``
attributes are never allowed; and a URL attribute whose scheme part holds
invisible or non-ASCII characters (``javascript\\u200b:``, a full-width colon,
a no-break space, a soft hyphen) or a scheme outside the allow-list is dropped.
Links get no ``rel`` added: the output of clean markup equals its input, and
``target`` is not allowed, so there is no window for reverse tab-nabbing.
"""

from __future__ import annotations

import html
import html.entities
import re
import threading
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.html import strip_tags

from newsdesk.conf import newsdesk_settings

__all__ = [
    "BACKENDS",
    "FORBIDDEN_ATTRIBUTES",
    "FORBIDDEN_TAGS",
    "Policy",
    "clean_html",
    "clean_text",
    "current_policy",
    "is_forbidden_attribute",
    "policy_problems",
    "reset_policy_cache",
    "url_is_safe",
]

#: Backends :setting:`SANITIZER` may name.
BACKENDS = ("nh3", "bleach")

#: Tags removed together with their content, even if a site lists them.
FORBIDDEN_TAGS = frozenset({"script", "style"})

#: Attributes never kept, even if a site lists them (``on*`` handlers too).
FORBIDDEN_ATTRIBUTES = frozenset({"action", "formaction", "style", "srcdoc"})

#: Attributes whose value is a URL (``srcset`` is a comma-separated list).
URL_ATTRIBUTES = frozenset({
    "action", "background", "cite", "codebase", "data", "formaction", "href",
    "longdesc", "lowsrc", "dynsrc", "manifest", "ping", "poster", "profile",
    "src", "srcset", "usemap", "xlink:href",
})

# Characters a browser strips around a URL (C0 controls and space).
_URL_STRIP = "".join(chr(i) for i in range(0x21))
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")
_HEAD_END_RE = re.compile(r"[/?#]")


def is_forbidden_attribute(name: str) -> bool:
    """True for attributes the policy drops whatever the settings say."""
    name = name.lower()
    return name.startswith("on") or name in FORBIDDEN_ATTRIBUTES


def _is_invisible_or_space(ch: str) -> bool:
    # Cc (controls), Cf (zero-width space/joiners, soft hyphen, bidi marks,
    # BOM), Z* (NBSP and every other space) and unassigned code points.
    return unicodedata.category(ch)[0] in "CZ" or ch.isspace()


def url_is_safe(value: str, schemes: frozenset[str] | set[str]) -> bool:
    """Whether a (decoded) URL attribute value may be kept.

    The *head* is everything before the first ``/``, ``?`` or ``#``; a scheme,
    if any, lives there.  The value is refused when the head holds an
    invisible or space character, when it holds a colon of any kind
    (``NFKC`` folds the full-width and small colons into ``:``) in front of
    something that is not a plain ASCII scheme, or when that scheme is not in
    ``schemes``.  Relative URLs (``/ar/مقال``, ``photo.jpg``) pass.
    """
    candidate = value.strip(_URL_STRIP)
    head = _HEAD_END_RE.split(candidate, maxsplit=1)[0]
    if any(_is_invisible_or_space(ch) for ch in head):
        return False
    if not head.isascii():
        if ":" in unicodedata.normalize("NFKC", head):
            return False
        return True
    if ":" not in head:
        return True
    scheme = head.split(":", 1)[0]
    if not _SCHEME_RE.fullmatch(scheme):
        return False
    return scheme.lower() in schemes


def _attribute_value_is_safe(name: str, value: str, schemes: frozenset[str]) -> bool:
    if name == "srcset":
        candidates = [part.strip().split(" ", 1)[0] for part in value.split(",")]
        return all(url_is_safe(url, schemes) for url in candidates if url)
    if name in URL_ATTRIBUTES:
        return url_is_safe(value, schemes)
    return True


@dataclass(frozen=True)
class Policy:
    """The allow-list, normalised (lower case) and with the fixed rules applied."""

    tags: frozenset[str]
    attributes: Mapping[str, frozenset[str]]
    url_schemes: frozenset[str]

    @classmethod
    def from_settings(
        cls, tags: Any, attributes: Any, url_schemes: Any
    ) -> Policy:
        problems = policy_problems(tags, attributes, url_schemes)
        if problems:
            raise ImproperlyConfigured(
                "NEWSDESK sanitiser settings are invalid: " + "; ".join(problems)
                + " (run `manage.py check` for hints)."
            )
        return cls(
            tags=frozenset(t.lower() for t in tags) - FORBIDDEN_TAGS,
            attributes={
                tag.lower(): frozenset(
                    a.lower() for a in names if not is_forbidden_attribute(a)
                )
                for tag, names in attributes.items()
            },
            url_schemes=frozenset(s.lower() for s in url_schemes),
        )

    def allows_attribute(self, tag: str, name: str) -> bool:
        return name in self.attributes.get(tag, ()) or name in self.attributes.get("*", ())

    def keep_attribute(self, tag: str, name: str, value: str) -> bool:
        """Allow-listed and, for URL attributes, a safe URL (``value`` decoded)."""
        return self.allows_attribute(tag, name) and _attribute_value_is_safe(
            name, value, self.url_schemes
        )


def _is_list_of_strings(value: Any) -> bool:
    return isinstance(value, (list, tuple, set, frozenset)) and all(
        isinstance(item, str) and item for item in value
    )


def policy_problems(tags: Any, attributes: Any, url_schemes: Any) -> list[str]:
    """What is wrong with the shapes of the three policy settings (empty if fine).

    Shared by :class:`Policy` and the ``newsdesk.E006`` system check, so the
    check reports exactly what would break at save time.
    """
    problems = []
    if not _is_list_of_strings(tags):
        problems.append("ALLOWED_TAGS must be a list of non-empty tag names")
    if not isinstance(attributes, Mapping) or not all(
        isinstance(tag, str) and tag and _is_list_of_strings(names)
        for tag, names in attributes.items()
    ):
        problems.append(
            'ALLOWED_ATTRIBUTES must be a dict mapping a tag name (or "*") to a list '
            "of attribute names"
        )
    if not _is_list_of_strings(url_schemes) or not all(
        _SCHEME_RE.fullmatch(s) for s in url_schemes
    ):
        problems.append(
            'ALLOWED_URL_SCHEMES must be a list of URL schemes without the colon, e.g. "https"'
        )
    return problems


# --- backends -----------------------------------------------------------------


def _nh3_cleaner(policy: Policy) -> Callable[[str], str]:
    import nh3

    schemes = policy.url_schemes

    def attribute_filter(tag: str, name: str, value: str) -> str | None:
        # ammonia has already applied the allow-list; only URLs need a look.
        if name in URL_ATTRIBUTES and not _attribute_value_is_safe(name, value, schemes):
            return None
        return value

    cleaner = nh3.Cleaner(
        tags=set(policy.tags),
        clean_content_tags=set(FORBIDDEN_TAGS),
        attributes={tag: set(names) for tag, names in policy.attributes.items()},
        attribute_filter=attribute_filter,
        link_rel=None,
        url_schemes=set(policy.url_schemes),
        strip_comments=True,
    )

    def clean(value: str) -> str:
        # ammonia removes a disallowed element after parsing and keeps its
        # children.  When that element was a boundary for the parser (a table
        # cell, an object, a div between two headings) the tree left behind
        # can be one the parser never builds: <a> in <a>, <p> in <p>, <h3> in
        # <h2>.  Written out and parsed again it changes, so one pass is not
        # idempotent.  The second pass reaches the fixed point; markup that
        # was already clean is returned after one.
        once = _keep_carriage_returns(cleaner.clean(value))
        if once == value:
            return once
        return _keep_carriage_returns(cleaner.clean(once))

    return clean


def _keep_carriage_returns(value: str) -> str:
    # A carriage return can only reach the output through a reference
    # (``&#13;``; raw ones become line feeds when parsed).  Written raw, the
    # next clean would turn it into a line feed, so keep it as a reference.
    return value.replace("\r", "&#13;")


def _bleach_cleaner(policy: Policy) -> Callable[[str], str]:
    try:
        from bleach.sanitizer import Cleaner
    except ImportError as exc:
        raise ImproperlyConfigured(
            'NEWSDESK["SANITIZER"] is "bleach" but bleach is not installed: '
            "pip install django-newsdesk[bleach], or use the default \"nh3\"."
        ) from exc
    drop_content = set(FORBIDDEN_TAGS) | {"template"}
    drop_foreign = {"svg", "math"} - policy.tags
    drop_filter, normalise_filter = _bleach_filters(frozenset(drop_content | drop_foreign))

    def attribute_allowed(tag: str, name: str, value: str) -> bool:
        # bleach hands over the value as written; check what a browser reads.
        return policy.keep_attribute(tag, name.lower(), _unescape_attribute(value))

    local = threading.local()

    def clean(value: str) -> str:
        # bleach's Cleaner keeps parser state and is not thread-safe: one per thread.
        cleaner = getattr(local, "cleaner", None)
        if cleaner is None:
            cleaner = Cleaner(
                # The forbidden tags reach the filter, which drops them with
                # their content (bleach would keep "alert(1)" as text).
                tags=set(policy.tags) | drop_content | drop_foreign,
                attributes=attribute_allowed,
                protocols=set(policy.url_schemes),
                strip=True,
                strip_comments=True,
                # bleach's stubs type filters as callables; html5lib Filter
                # classes are what bleach actually calls with source=...
                filters=[drop_filter, normalise_filter],  # type: ignore[list-item]
            )
            # Serialise attributes as nh3 does: always double quotes.
            cleaner.serializer.use_best_quote_char = False
            local.cleaner = cleaner
        return _keep_carriage_returns(cleaner.clean(value))

    return clean


def _bleach_filters(drop: frozenset[str]) -> tuple[type, type]:
    """html5lib filters that make bleach agree with nh3 (ammonia).

    * ``DropContent`` removes ``script``/``style``/``template`` (and ``svg``/
      ``math`` when not allowed) with everything inside, as ammonia does;
      bleach alone would keep ``alert(1)`` as text.
    * ``Normalise`` spells text the way html5ever serialises it: named and
      numeric references become characters (``&eacute;`` -> ``é``) and a
      no-break space is written ``&nbsp;``.  Attribute values, which bleach
      keeps as written, are decoded as a browser decodes them and escaped as
      html5ever escapes them; left to itself bleach writes ``&amp;`` for every
      reference outside the 106 legacy names, so ``alt="Reuters&rsquo;"``
      would show a literal ``&rsquo;``.
    """
    from bleach.html5lib_shim import Filter  # type: ignore[attr-defined]  # re-exported, not in the stubs

    class DropContent(Filter):
        def __iter__(self):
            depth = 0
            for token in super().__iter__():
                kind = token["type"]
                if depth:
                    if kind == "StartTag":
                        depth += 1
                    elif kind == "EndTag":
                        depth -= 1
                    continue
                if kind == "StartTag" and token["name"] in drop:
                    depth = 1
                    continue
                if kind in ("EmptyTag", "EndTag") and token["name"] in drop:
                    continue
                yield token

    class Normalise(Filter):
        def __iter__(self):
            for token in super().__iter__():
                kind = token["type"]
                if kind in ("StartTag", "EmptyTag") and token["data"]:
                    token["data"] = {
                        key: _escape_attribute(_unescape_attribute(value))
                        for key, value in token["data"].items()
                    }
                    yield token
                elif kind == "Entity":
                    char = html.unescape(f"&{token['name']};")
                    if char == "\xa0":  # &nbsp; however it was written (&#160;)
                        yield {"type": "Entity", "name": "nbsp"}
                    else:
                        yield {"type": "Characters", "data": char}
                elif kind == "Characters" and "\xa0" in token["data"]:
                    parts = token["data"].split("\xa0")
                    for index, part in enumerate(parts):
                        if index:
                            yield {"type": "Entity", "name": "nbsp"}
                        if part:
                            yield {"type": "Characters", "data": part}
                else:
                    yield token

    return DropContent, Normalise


def _escape_attribute(value: str) -> str:
    """Pre-escape a decoded attribute value for bleach's serializer.

    bleach's serializer first undoes its own ``&`` -> ``&amp;`` and then keeps
    every ``&name;`` it recognises as a reference, so a decoded value must
    reach it with ``&`` already written ``&amp;`` (or a literal ``&eacute;``
    would come out as ``é``).  ``"`` and ``<`` it escapes itself; ``>`` and a
    no-break space are escaped here as html5ever does.
    """
    return value.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace(">", "&gt;")


_CHARREF_RE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")


def _unescape_attribute(value: str) -> str:
    """Decode character references as the HTML tokenizer does in an attribute value.

    :func:`html.unescape` applies the rules for text.  In an attribute a
    reference written without its semicolon (``&copy``, ``&not``) is left as
    written when a letter, digit or ``=`` follows it, so the query string
    ``?a=1&copy=2`` keeps ``&copy=2``.
    """
    if "&" not in value:
        return value

    def replace(match: re.Match[str]) -> str:
        ref = match.group(1)
        if ref[0] == "#" or (ref.endswith(";") and ref in html.entities.html5):
            return html.unescape(match.group(0))
        # The longest legacy name (one valid without ";") the text starts with.
        for end in range(min(len(ref), 32), 1, -1):
            name = ref[:end]
            if name in html.entities.html5:
                following = ref[end:end + 1] or value[match.end():match.end() + 1]
                if following == "=" or (following.isascii() and following.isalnum()):
                    return match.group(0)
                return html.entities.html5[name] + ref[end:]
        return match.group(0)

    return _CHARREF_RE.sub(replace, value)


_BUILDERS: dict[str, Callable[[Policy], Callable[[str], str]]] = {
    "nh3": _nh3_cleaner,
    "bleach": _bleach_cleaner,
}

_cache_lock = threading.Lock()
_cached: tuple[Policy, Callable[[str], str]] | None = None


def _build() -> tuple[Policy, Callable[[str], str]]:
    backend = newsdesk_settings.SANITIZER
    if backend not in _BUILDERS:
        raise ImproperlyConfigured(
            f'NEWSDESK["SANITIZER"] must be "nh3" or "bleach", not {backend!r}.'
        )
    policy = Policy.from_settings(
        newsdesk_settings.ALLOWED_TAGS,
        newsdesk_settings.ALLOWED_ATTRIBUTES,
        newsdesk_settings.ALLOWED_URL_SCHEMES,
    )
    return policy, _BUILDERS[backend](policy)


def _get() -> tuple[Policy, Callable[[str], str]]:
    global _cached
    cached = _cached
    if cached is None:
        with _cache_lock:
            if _cached is None:
                _cached = _build()
            cached = _cached
    return cached


def current_policy() -> Policy:
    """The policy in force (built from settings, cached)."""
    return _get()[0]


def reset_policy_cache(**kwargs: Any) -> None:
    """Forget the built policy; a ``setting_changed`` receiver for ``NEWSDESK``."""
    global _cached
    if kwargs.get("setting", "NEWSDESK") == "NEWSDESK":
        with _cache_lock:
            _cached = None


def clean_html(value: str) -> str:
    """Return ``value`` with everything outside the allow-list removed.

    Idempotent: cleaning clean HTML returns it unchanged, so a model saved
    twice never drifts.
    """
    if not value:
        return ""
    return _get()[1](value)


def clean_text(value: str) -> str:
    """Plain text for fields that hold no markup: every tag removed, entities kept."""
    if not value:
        return ""
    return strip_tags(value)
