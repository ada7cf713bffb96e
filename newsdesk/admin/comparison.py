"""Two versions of a story side by side: the admin's revision comparison and
its review of an agency update both show a :class:`Comparison`.

A story is first read into a :class:`Snapshot` (short fields as display
text, standfirst and body as HTML, captions as text): from a stored
revision (:func:`version_snapshot`), from the article as it is
(:func:`article_snapshot`) or from a pending agency update
(:func:`update_snapshot`).  :func:`compare` then hands the pure
:mod:`newsdesk.textdiff` the two.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from newsdesk import textdiff
from newsdesk.models import Article, ArticleUpdate, Caption, NewsSource, WireCredit

#: The short fields a revision comparison shows when they changed.
REVISION_FIELDS = (
    "headline",
    "slug",
    "dateline",
    "byline",
    "credit",
    "credit_text",
    "news_source",
    "language",
    "status",
    "publish_at",
    "published_at",
    "embargo_until",
    "withdrawal_reason",
)
#: The short fields an agency update replaces (its review shows them all).
UPDATE_FIELDS = ("headline", "dateline", "byline", "embargo_until")


@dataclass
class Snapshot:
    """A story's text at one moment, as a comparison reads it."""

    fields: dict[str, str]
    standfirst: str = ""
    body: str = ""
    captions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LabelledField:
    label: str
    diff: textdiff.FieldDiff


@dataclass(frozen=True)
class Section:
    """Standfirst, body or captions, paragraph by paragraph."""

    name: str
    label: str
    rows: list[textdiff.DiffRow]

    @property
    def has_changes(self) -> bool:
        return textdiff.has_changes(self.rows)


@dataclass(frozen=True)
class Comparison:
    fields: list[LabelledField]
    standfirst: list[textdiff.DiffRow]
    body: list[textdiff.DiffRow]
    captions: list[textdiff.DiffRow]

    @property
    def sections(self) -> list[Section]:
        return [
            Section("standfirst", field_label("standfirst"), self.standfirst),
            Section("body", field_label("body"), self.body),
            Section("captions", str(Caption._meta.verbose_name_plural), self.captions),
        ]

    @property
    def has_changes(self) -> bool:
        return any(item.diff.is_change for item in self.fields) or any(s.has_changes for s in self.sections)


def compare(old: Snapshot, new: Snapshot, fields: Sequence[str], *, only_changed: bool = False) -> Comparison:
    diffs = textdiff.diff_fields(old.fields, new.fields, fields)
    return Comparison(
        fields=[LabelledField(field_label(diff.name), diff) for diff in diffs if diff.is_change or not only_changed],
        standfirst=textdiff.diff_paragraphs(textdiff.paragraphs(old.standfirst), textdiff.paragraphs(new.standfirst)),
        body=textdiff.diff_paragraphs(textdiff.paragraphs(old.body), textdiff.paragraphs(new.body)),
        captions=textdiff.diff_paragraphs(old.captions, new.captions),
    )


def _field(name: str) -> models.Field:
    field = Article._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def field_label(name: str) -> str:
    return str(_field(name).verbose_name)


# --- display values --------------------------------------------------------


def display_datetime(value: datetime.datetime | None) -> str:
    """A date and time as the admin's messages print them (site's time zone)."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%Y-%m-%d %H:%M}"


def caption_line(text: str, credit_label: str) -> str:
    """A caption as a comparison shows it: its text, then its credit."""
    line = textdiff.text_of(text)
    return f"{line} \u2014 {credit_label}" if credit_label else line


def _names(model, ids: Iterable[Any], attribute: str) -> dict[Any, str]:
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return {}
    return {pk: name for pk, name in model.objects.filter(pk__in=wanted).values_list("pk", attribute)}


def _short_fields(data: Mapping[str, Any], credits: Mapping[Any, str], sources: Mapping[Any, str]) -> dict[str, str]:
    """``data`` (model field values by attribute name) as display text."""
    values: dict[str, str] = {}
    for name in REVISION_FIELDS:
        model_field = _field(name)
        value = data.get(model_field.attname)
        if name == "credit":
            values[name] = credits.get(value, "" if value is None else str(value))
        elif name == "news_source":
            values[name] = sources.get(value, "" if value is None else str(value))
        elif name == "status":
            values[name] = str(Article.Status(value).label) if value in Article.Status.values else str(value or "")
        elif isinstance(value, datetime.datetime):
            values[name] = display_datetime(value)
        else:
            values[name] = "" if value is None else str(value)
    return values


# --- snapshots ---------------------------------------------------------------


def version_snapshots(versions: Sequence[Any], article_id: int) -> list[Snapshot]:
    """A :class:`Snapshot` of each of ``versions`` (django-reversion
    ``Version`` rows of the article ``article_id``), its captions read from
    the caption versions saved in the same revision.  Three queries
    whatever the number of versions: captions, credits, news sources."""
    from django.contrib.contenttypes.models import ContentType
    from reversion.models import Version

    caption_type = ContentType.objects.get_for_model(Caption)
    captions_by_revision: dict[int, list[dict[str, Any]]] = {version.revision_id: [] for version in versions}
    for caption_version in Version.objects.filter(
        revision_id__in=list(captions_by_revision), content_type=caption_type
    ).order_by("pk"):
        data = caption_version.field_dict
        if data.get("article_id") == article_id:
            captions_by_revision[caption_version.revision_id].append(data)
    credit_ids = [version.field_dict.get("credit_id") for version in versions]
    credit_ids += [c.get("credit_id") for captions in captions_by_revision.values() for c in captions]
    credits = _names(WireCredit, credit_ids, "short_name")
    sources = _names(NewsSource, [version.field_dict.get("news_source_id") for version in versions], "name")
    snapshots = []
    for version in versions:
        data = version.field_dict
        captions = sorted(captions_by_revision[version.revision_id], key=lambda c: (c.get("order") or 0, c["id"]))
        snapshots.append(
            Snapshot(
                fields=_short_fields(data, credits, sources),
                standfirst=data.get("standfirst") or "",
                body=data.get("body") or "",
                captions=[
                    caption_line(c.get("text") or "", credits.get(c.get("credit_id")) or c.get("credit_text") or "")
                    for c in captions
                ],
            )
        )
    return snapshots


def article_snapshot(article: Article, captions: Sequence[Caption] | None = None) -> Snapshot:
    """The article as it is now (``captions`` read unless given)."""
    if captions is None:
        captions = list(article.captions.select_related("credit"))
    data = {f.attname: getattr(article, f.attname) for f in Article._meta.concrete_fields}
    credits = {article.credit_id: article.credit.short_name} if article.credit is not None else {}
    sources = {article.news_source_id: article.news_source.name} if article.news_source is not None else {}
    return Snapshot(
        fields=_short_fields(data, credits, sources),
        standfirst=article.standfirst,
        body=article.body,
        captions=[caption_line(c.text, c.credit_label) for c in captions],
    )


def update_snapshot(update: ArticleUpdate, article: Article, captions: Sequence[Caption]) -> Snapshot:
    """The article as applying ``update`` would leave it
    (:func:`newsdesk.updates.apply_update`): the update's text, the
    article's captions with a photo kept, then the update's captions (an
    editor's proposal keeps the captions as they are)."""
    if update.proposal:
        fields = article_snapshot(article, captions).fields
        fields.update(headline=update.headline, dateline=update.dateline, byline=update.byline)
        return Snapshot(fields=fields, standfirst=update.standfirst, body=update.body,
                        captions=[caption_line(c.text, c.credit_label) for c in captions])
    kept = [c for c in captions if c.image]
    credits = _names(WireCredit, [c.get("credit_id") for c in update.captions or []], "short_name")
    new_captions = [
        caption_line(c.get("text", ""), credits.get(c.get("credit_id")) or c.get("credit_text", ""))
        for c in update.captions or []
    ]
    fields = article_snapshot(article, captions).fields
    fields.update(headline=update.headline, dateline=update.dateline, byline=update.byline)
    if update.embargo_until is not None and article.status != Article.Status.PUBLISHED:
        fields["embargo_until"] = display_datetime(update.embargo_until)
    return Snapshot(
        fields=fields,
        standfirst=update.standfirst,
        body=update.body,
        captions=[caption_line(c.text, c.credit_label) for c in kept] + new_captions,
    )
