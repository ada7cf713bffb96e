"""Agency updates: a later version of a story already imported.

Agencies resend a story many times a day ("UPDATE 1-", "REFILE-",
"CORRECTED-", a longer version, Arabic "محدث").  The importer
(:mod:`newsdesk.ingest`) asks :func:`find_earlier_version` whether a new
story is a version of an article already here, by the pure rules of
:mod:`newsdesk.wire.versions` (same agency or source, recent, same headline
once markers are removed or mostly the same text).  If it is:

* an article still a draft or ready and **not edited since it was
  imported** (its text still has the digest the importer stored) takes the
  new version at once (:func:`apply_update`, ``automatic``);
* any other article (edited, published, withdrawn) keeps its text, and the
  new version waits as a *pending* :class:`~newsdesk.models.ArticleUpdate`
  until an editor applies or dismisses it in the admin.

Applying an update to an article readers see or saw (published, withdrawn,
killed), and deciding an agency's take-down (an update that ``takes_down``
the story, kept when the importer had no authority to), need the publish
permission (:mod:`newsdesk.permissions`): :func:`apply_update` and
:func:`dismiss_update` check it themselves.  Applying never changes an
article's status, except a take-down's, which withdraws it.

An editor without the publish permission who changes the text of a story
readers see or saw in the admin does not change it either: the text waits
as a pending *proposal* (:func:`propose_change`), applied by a publisher
like an agency update but changing the five text fields alone.

Either way the update is stored with its fingerprint (unique), so the same
text imported again is a duplicate.  Applying is done under a row lock on
the article, in a revision of its own (:mod:`newsdesk.revisions`).
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.html import strip_tags

from newsdesk import permissions, revisions
from newsdesk.conf import newsdesk_settings
from newsdesk.models import Article, ArticleUpdate, Caption, NewsSource, VersionBand, WireCredit
from newsdesk.sanitize import clean_html
from newsdesk.wire import versions
from newsdesk.wire.story import WireStory

#: The most candidates read for one story: the band query returns the
#: newest articles sharing a band or the headline, and only these are compared.
MAX_CANDIDATES = 20

#: Statuses an article may be replaced in without an editor's say.
REPLACEABLE = (Article.Status.DRAFT, Article.Status.READY)

#: The text an editor's proposal carries and applying it replaces.
PROPOSED_FIELDS = ("headline", "standfirst", "body", "dateline", "byline")


def content_digest(
    *, headline: str, standfirst: str, body: str, dateline: str, byline: str, caption_texts: Iterable[str]
) -> str:
    """A digest of the text an editor could change: the importer stores it
    with the article, and an article whose text still gives the same digest
    was not edited since."""
    digest = hashlib.sha256()
    for part in (headline, standfirst, body, dateline, byline, *caption_texts):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def article_digest(article: Article, captions: Sequence[Caption] | None = None) -> str:
    """:func:`content_digest` of ``article`` as it is now (its captions read
    from the database unless given)."""
    if captions is None:
        texts = list(article.captions.order_by("order", "pk").values_list("text", flat=True))
    else:
        texts = [caption.text for caption in captions]
    return content_digest(
        headline=article.headline, standfirst=article.standfirst, body=article.body,
        dateline=article.dateline, byline=article.byline, caption_texts=texts,
    )


def same_content(article: Article, new: Article, new_captions: Sequence[Caption]) -> bool:
    """Whether ``new`` (a story about to be stored as an update of
    ``article``) holds exactly the text ``article`` holds now, under the
    same embargo: applying it would change nothing.  (A version that only
    moves or drops the embargo is an update.)  The captions are read only
    when the rest is the same, so telling a real update costs no query."""
    fields = ("headline", "standfirst", "body", "dateline", "byline", "embargo_until")
    if any(getattr(article, name) != getattr(new, name) for name in fields):
        return False
    return article_digest(new, new_captions) == article_digest(article)


def is_untouched(article: Article) -> bool:
    """Whether the importer may replace ``article``'s text: a draft or ready
    article whose text is still exactly what an import wrote."""
    return (
        article.status in REPLACEABLE
        and bool(article.import_digest)
        and article_digest(article) == article.import_digest
    )


# --- finding the earlier version ------------------------------------------


@dataclass(frozen=True)
class Signature:
    """What versions are compared by, computed once per story: the headline
    key, the text's shingles and their bands."""

    headline_key: str
    shingles: frozenset[int]
    bands: tuple[int, ...]

    @classmethod
    def of_text(cls, headline: str, text: str) -> Signature:
        shingles = versions.shingles(text)
        return cls(versions.headline_key(headline), shingles, versions.band_signature(shingles))

    @classmethod
    def of_story(cls, story: WireStory) -> Signature:
        return cls.of_text(story.headline, versions.matching_text(story))


@dataclass(frozen=True)
class EarlierVersion:
    """The article a new story is a version of, and why."""

    article_id: int
    verdict: versions.VersionVerdict
    #: The agency numbered the story's versions and this one is not after
    #: the article's: kept on record, never applied.
    not_newer: bool = False


def article_text(standfirst: str, body: str) -> str:
    """The text of a stored article as :func:`newsdesk.wire.versions.matching_text`
    gives a parsed story's: standfirst and body, without markup."""
    return "\n".join(part for part in (strip_tags(standfirst), strip_tags(body)) if part.strip())


def find_earlier_version(
    story: WireStory,
    *,
    credit: WireCredit | None,
    credit_text: str,
    news_source: NewsSource | None,
    now: datetime.datetime | None = None,
    signature: Signature | None = None,
) -> EarlierVersion | None:
    """The recent article of the same agency or source that ``story`` is a
    new version of, or ``None``.

    One query: articles of the same agency (or credit as text) or source,
    created within ``UPDATE_WINDOW_HOURS``, that share the headline key or
    one locality-sensitive-hashing band with the story; each is then
    compared in full by :func:`newsdesk.wire.versions.compare_versions`, and
    the best scoring version wins (the newest on a tie).  Killed articles
    are never updated.
    """
    window = newsdesk_settings.UPDATE_WINDOW_HOURS
    if not window:
        return None
    same_outlet = Q()
    if credit is not None:
        same_outlet |= Q(credit=credit)
    elif credit_text:
        same_outlet |= Q(credit__isnull=True, credit_text=credit_text)
    if news_source is not None and news_source.pk is not None:
        same_outlet |= Q(news_source=news_source)
    if not same_outlet:
        return None
    signature = signature or Signature.of_story(story)
    key, shingles, bands = signature.headline_key, signature.shingles, signature.bands
    alike = Q(version_key=key) if key else Q()
    if bands:
        alike |= Q(pk__in=VersionBand.objects.filter(band__in=bands).values("article_id"))
    if not alike:
        return None
    since = (now or timezone.now()) - datetime.timedelta(hours=window)
    candidates = (
        Article.objects.filter(same_outlet, alike, created_at__gte=since)
        .exclude(status=Article.Status.KILLED)
        .order_by("-created_at", "-pk")
        .values_list("pk", "version_key", "standfirst", "body")[:MAX_CANDIDATES]
    )
    best: EarlierVersion | None = None
    for pk, old_key, standfirst, body in candidates:
        verdict = versions.compare_versions(
            old_headline_key=old_key,
            old_shingles=versions.shingles(article_text(standfirst, body)),
            new_headline_key=key,
            new_shingles=shingles,
            marked=bool(story.version_marker),
        )
        if verdict.is_version and (best is None or verdict.score > best.verdict.score):
            best = EarlierVersion(pk, verdict)
    return best


#: ``Article.guid_scope``'s length.
GUID_SCOPE_LENGTH = 120


def guid_scope(
    *,
    ingest_source_id: int | None = None,
    news_source: NewsSource | None = None,
    credit: WireCredit | None = None,
    credit_text: str = "",
) -> str | None:
    """Who issued a story's guid, as ``Article.guid_scope`` stores it.

    A guid names a story only among the items of the one who issued it:
    anyone can put any guid in a feed, so an item from elsewhere carrying
    the same guid is another story, never a version of this one.  The
    issuer is the channel the item came through, when newsdesk knows it:

    * the polled :class:`~newsdesk.models.IngestSource` it came from
      (``ingest:<id>``): two polled sources never share guids, whatever
      credit or paper they are set up with;
    * else the :class:`~newsdesk.models.NewsSource` the import names
      (``news:<id>``; ``--source``, the admin's choice);

    and for an import by hand that names neither, the agency the story is
    credited to (``agency:<id>``: the import's credit, else the story's own
    credit, in any of the agency's spellings), a credit no agency matches
    as printed (``credit:<text>``, case and spacing ignored), or nobody
    (``""``); :func:`with_guid_of_issuer` says which articles each may match.

    ``None`` for a named news source not created yet (a dry run): no
    article can be of it.
    """
    if ingest_source_id is not None:
        return f"ingest:{ingest_source_id}"
    if news_source is not None:
        return f"news:{news_source.pk}" if news_source.pk is not None else None
    if credit is not None:
        return f"agency:{credit.pk}"
    text = " ".join(credit_text.split()).casefold()
    return f"credit:{text}"[:GUID_SCOPE_LENGTH] if text else ""


#: Scopes of a channel (:func:`guid_scope`): their guids are theirs alone.
CHANNEL_SCOPES = ("ingest:", "news:")


def with_guid_of_issuer(guid: str, scope: str | None) -> QuerySet[Article]:
    """The articles with ``guid`` that an item of the issuer ``scope`` may
    be a version of (or withdraw).

    * An item of a polled source or a named news source: only that
      channel's articles.
    * An item imported by hand that names an agency: that agency's
      articles imported by hand, and those that named none; never another
      agency's.
    * An item imported by hand that names no agency (agencies'
      cancellations often carry nothing but the guid): the articles
      imported by hand, unless stories of several agencies use this guid,
      when the item cannot say whose it is and matches none.
    """
    articles = Article.objects.filter(guid=guid[:255])
    if scope is None:
        return articles.none()
    if scope.startswith(CHANNEL_SCOPES):
        return articles.filter(guid_scope=scope)
    if scope:
        return articles.filter(guid_scope__in=[scope, ""])
    by_hand = articles.exclude(guid_scope__startswith=CHANNEL_SCOPES[0]).exclude(
        guid_scope__startswith=CHANNEL_SCOPES[1]
    )
    agencies = by_hand.exclude(guid_scope="").order_by().values_list("guid_scope", flat=True).distinct()[:2]
    if len(agencies) > 1:
        return articles.none()
    return by_hand


#: Formats whose guid is made of a slug the agency reuses day after day.
SLUG_GUID_FORMATS = frozenset({"iptc7901", "anpa1312"})


def find_by_guid(
    story: WireStory, *, scope: str | None, signature: Signature | None = None
) -> EarlierVersion | None:
    """The article holding an earlier version of the agency's ``story.guid``, or ``None``.

    Only an article of the same issuer (``scope``, :func:`guid_scope`;
    :func:`with_guid_of_issuer`) can be one: the same guid from another
    source is another story.  Within it, a guid is the agency's own word
    that two items are one story, so it is trusted over any text comparison
    (and needs no time window), except an IPTC 7901 or ANPA-1312 one, made
    of a reused slug, which matches only within ``UPDATE_WINDOW_HOURS``; the similarity
    is still measured, for the editor's comparison.
    When both versions are numbered, a story whose number is not higher than
    the article's is ``not_newer``.
    """
    if not story.guid:
        return None
    same_guid = with_guid_of_issuer(story.guid, scope)
    if story.format in SLUG_GUID_FORMATS:
        # A 7901 or ANPA "guid" is the service and slug, which agencies reuse day
        # after day: only a recent article is the same story.
        window = newsdesk_settings.UPDATE_WINDOW_HOURS
        if not window:
            return None
        same_guid = same_guid.filter(created_at__gte=timezone.now() - datetime.timedelta(hours=window))
    row = (
        same_guid
        .order_by("pk")
        .values_list("pk", "guid_version", "standfirst", "body")
        .first()
    )
    if row is None:
        return None
    pk, have, standfirst, body = row
    signature = signature or Signature.of_story(story)
    score = versions.similarity(versions.shingles(article_text(standfirst, body)), signature.shingles)
    numbered = f"version {story.version}" if story.version is not None else "a later version"
    verdict = versions.VersionVerdict(is_version=True, score=score, reason=f"same agency guid, {numbered}")
    not_newer = story.version is not None and have is not None and story.version <= have
    return EarlierVersion(pk, verdict, not_newer=not_newer)


def store_version_bands(article: Article, signature: Signature) -> None:
    """Remember ``article``'s bands, so later versions find it (one insert;
    bands it already has are kept)."""
    bands = signature.bands
    if bands:
        VersionBand.objects.bulk_create(
            [VersionBand(article=article, band=band) for band in bands], ignore_conflicts=True
        )


# --- applying and dismissing ------------------------------------------------


def pending_updates(article: Article):
    return article.updates.filter(status=ArticleUpdate.Status.PENDING)


def needs_publisher(article: Article, update: ArticleUpdate) -> bool:
    """Whether deciding ``update`` is a publisher's decision: a take-down,
    or any update of an article readers see or saw."""
    return update.takes_down or permissions.is_public(article.status)


def _check_authority(article: Article, update: ArticleUpdate, user, may_publish: bool | None) -> None:
    if needs_publisher(article, update) and not permissions.authorised(user, may_publish):
        raise permissions.PublishPermissionRequired(
            f"Deciding this agency update of article #{article.pk} ({article.status}) needs the publish permission."
        )


def apply_update(
    update: ArticleUpdate, *, user=None, automatic: bool = False, may_publish: bool | None = None
) -> Article:
    """Give the article ``update``'s text, in one transaction under a row
    lock on the article, as one revision ("Agency update UPDATE 1 applied").

    Headline, standfirst, body, dateline and byline are replaced; captions
    without a photo are replaced by the update's (captions an editor gave a
    photo are kept).  A published article gets ``revised_at`` (its
    "Updated" line and ``dateModified``).  Older pending updates of the
    article are marked superseded.  ``automatic`` is the importer's own
    application to an untouched draft: the article stays untouched (its
    digest follows the new text).  A take-down withdraws the article
    instead (:func:`_apply_take_down`).

    An update of an article readers see or saw, and a take-down, need the
    publish authority: ``may_publish``, or else ``user``'s permission
    (:func:`newsdesk.permissions.authorised`); without it
    :class:`~newsdesk.permissions.PublishPermissionRequired` is raised and
    nothing changes.
    """
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=update.article_id)
        update = ArticleUpdate.objects.select_for_update().get(pk=update.pk)
        if update.status != ArticleUpdate.Status.PENDING and not automatic:
            return article
        _check_authority(article, update, user, may_publish)
        if update.takes_down:
            return _apply_take_down(article, update, user)
        if update.proposal:
            return _apply_proposal(article, update, user)
        now = timezone.now()
        marker = update.version_marker or "update"
        comment = (
            f"Agency update {marker} from {update.source_name or 'the wire'} applied on import"
            if automatic
            else f"Agency update {marker} applied"
        )
        with revisions.revision(comment, user=user):
            article.headline = update.headline
            article.standfirst = update.standfirst
            article.body = update.body
            article.dateline = update.dateline
            article.byline = update.byline
            article.version_key = versions.headline_key(update.headline)
            article.version_marker = update.version_marker
            if update.guid_version is not None:
                article.guid_version = update.guid_version
            if update.embargo_until is not None and article.status != Article.Status.PUBLISHED:
                article.embargo_until = update.embargo_until
            if article.published_at is not None and article.status == Article.Status.PUBLISHED:
                article.revised_at = now
            article.captions.filter(image="").delete()
            kept = list(article.captions.all())
            captions = [
                Caption(
                    article=article,
                    text=data.get("text", ""),
                    credit_id=data.get("credit_id"),
                    credit_text=data.get("credit_text", ""),
                    order=len(kept) + index,
                )
                for index, data in enumerate(update.captions or [])
            ]
            for caption in captions:
                caption.save()
            if automatic:
                article.import_digest = article_digest(article, [*kept, *captions])
            article.save()
        store_version_bands(article, Signature.of_text(update.headline, article_text(update.standfirst, update.body)))
        _decide(update, ArticleUpdate.Status.APPLIED, now, user, automatic=automatic)
        _supersede_older(update, now)
    return article


def _acting_user(user):
    """``user`` when it is a stored user, for a foreign key; ``None`` for
    nobody or an anonymous user."""
    return user if getattr(user, "pk", None) is not None else None


def _decide(update: ArticleUpdate, status: str, now: datetime.datetime, user, **also) -> None:
    """Record the decision on ``update``: its new ``status``, when and by
    whom, and the other fields in ``also``."""
    update.status = status
    update.decided_at = now
    update.decided_by = _acting_user(user)
    for name, value in also.items():
        setattr(update, name, value)
    update.save(update_fields=["status", "decided_at", "decided_by", *also])


def _supersede_older(update: ArticleUpdate, now: datetime.datetime) -> None:
    """Mark the pending updates of the same kind received before ``update``
    superseded.  A newer text does not answer a take-down: that stays for a
    publisher.  An agency's version and an editor's proposal were each
    written against another text, so applying one leaves the other waiting."""
    ArticleUpdate.objects.filter(
        article_id=update.article_id, status=ArticleUpdate.Status.PENDING, received_at__lte=update.received_at,
        takes_down=False, proposal=update.proposal,
    ).exclude(pk=update.pk).update(status=ArticleUpdate.Status.SUPERSEDED, decided_at=now)


def _apply_proposal(article: Article, update: ArticleUpdate, user) -> Article:
    """Give ``article`` the text of an editor's proposal, as one revision,
    as the editor's own save would have if they could publish: the five
    text fields and nothing else (captions, the agency's version, the
    "Updated" time stay as they are).  Called under the row lock."""
    now = timezone.now()
    proposer = update.proposed_by.get_username() if update.proposed_by is not None else "an editor"
    with revisions.revision(f"Change proposed by {proposer} applied", user=user):
        for name in PROPOSED_FIELDS:
            setattr(article, name, getattr(update, name))
        article.save()
    _decide(update, ArticleUpdate.Status.APPLIED, now, user)
    _supersede_older(update, now)
    return article


def propose_change(article: Article, *, user, **text: str) -> ArticleUpdate | None:
    """Keep ``text`` (some of :data:`PROPOSED_FIELDS`; the others as the
    article has them) as a pending proposal by ``user`` instead of changing
    ``article``: the path of an editor without the publish permission who
    changes a story readers see or saw.  A publisher applies it with
    :func:`apply_update`.

    Returns ``None`` when the text is the article's own (nothing to
    review), and the pending proposal ``user`` already made when it is the
    same text (a form posted twice).  HTML is sanitised as the article's
    save would, so the comparison shows what readers would get.
    """
    unknown = set(text) - set(PROPOSED_FIELDS)
    if unknown:
        raise ValueError(f"Not text a proposal carries: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        proposed = {name: text.get(name, getattr(article, name)) for name in PROPOSED_FIELDS}
        proposed.update(standfirst=clean_html(proposed["standfirst"]), body=clean_html(proposed["body"]))
        if all(proposed[name] == getattr(article, name) for name in PROPOSED_FIELDS):
            return None
        proposer = _acting_user(user)
        # Compared here, not in SQL: MariaDB's collations compare text
        # without regard to case, and a changed capital is a change.
        for same in pending_updates(article).filter(proposal=True, proposed_by=proposer).order_by("-pk"):
            if all(getattr(same, name) == proposed[name] for name in PROPOSED_FIELDS):
                return same
        return ArticleUpdate.objects.create(
            article=article,
            proposal=True,
            proposed_by=proposer,
            # Unique like an agency update's fingerprint, never equal to one.
            source_hash=hashlib.sha256(f"proposal {uuid.uuid4()}".encode()).hexdigest(),
            **proposed,
        )


def _apply_take_down(article: Article, update: ArticleUpdate, user) -> Article:
    """Withdraw ``article`` with the agency's notice, as one revision; an
    article already taken down (a publisher killed it meanwhile) stays as it
    is, and the take-down is marked superseded.  Called under the row lock."""
    now = timezone.now()
    decided = ArticleUpdate.Status.APPLIED
    if article.is_taken_down:
        decided = ArticleUpdate.Status.SUPERSEDED
    else:
        with revisions.revision(f"Withdrawn by the agency ({update.source_name or 'the wire'}), applied", user=user):
            article.withdraw(update.withdrawal_reason)
            article.save()
    _decide(update, decided, now, user)
    return article


def dismiss_update(update: ArticleUpdate, *, user=None, may_publish: bool | None = None) -> None:
    """Keep the article as it is; the update stays on record as dismissed.
    Dismissing an agency's take-down (the story stays up) is a publisher's
    decision, as applying it is: without the authority
    :class:`~newsdesk.permissions.PublishPermissionRequired` is raised.
    Dismissing a text update changes nothing readers see, and needs none."""
    if update.takes_down and not permissions.authorised(user, may_publish):
        raise permissions.PublishPermissionRequired("Dismissing an agency's take-down needs the publish permission.")
    ArticleUpdate.objects.filter(pk=update.pk, status=ArticleUpdate.Status.PENDING).update(
        status=ArticleUpdate.Status.DISMISSED,
        decided_at=timezone.now(),
        decided_by=_acting_user(user),
    )
