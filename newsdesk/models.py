"""newsdesk's data: articles, their captions, wire agencies, news sources and their
learnt page furniture, weather widgets and the official Hijri month starts.

Models hold data and the small rules that keep it valid (``clean()``); parsing
and calendar arithmetic live in the pure packages :mod:`newsdesk.wire` and
:mod:`newsdesk.calendars`, and import logic in :mod:`newsdesk.ingest`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from newsdesk.sanitize import clean_html
from newsdesk.wire.furniture import furniture_key


class WireCredit(models.Model):
    """A news or photo agency (or the newsroom's own staff) that stories and
    photos are credited to.

    ``aliases`` lists, one per line, other spellings the importer must
    recognise: "Agence France Presse", "أ ف ب", "Oman News Agency".
    """

    class Kind(models.TextChoices):
        NEWS_AGENCY = "news", _("news agency")
        PHOTO_AGENCY = "photo", _("photo agency")
        STAFF = "staff", _("staff")

    name = models.CharField(_("name"), max_length=200, help_text=_("Full name, e.g. Agence France-Presse."))
    short_name = models.CharField(
        _("short name"), max_length=50, unique=True,
        help_text=_("How credits print, e.g. AFP. Unique."),
    )
    aliases = models.TextField(
        _("aliases"), blank=True,
        help_text=_("Other spellings the importer should recognise, one per line."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEWS_AGENCY)
    website = models.URLField(_("website"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("wire credit")
        verbose_name_plural = _("wire credits")

    def __str__(self) -> str:
        return self.short_name

    @property
    def alias_list(self) -> list[str]:
        """The aliases as a list, blank lines and surrounding spaces removed."""
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def all_names(self) -> list[str]:
        """Every spelling that means this agency: short name, name, aliases."""
        names = [self.short_name, self.name, *self.alias_list]
        return list(dict.fromkeys(n for n in names if n))


class NewsSource(models.Model):
    """A newspaper or feed whose pages are imported ("Times of Oman", "Dhofar Ledger").

    The importer learns each source's page furniture (:class:`FurnitureLine`)
    from its pages and recognises a page's source by those lines.
    """

    name = models.CharField(
        _("name"), max_length=200, unique=True,
        help_text=_("The paper or feed, as editors call it. Matched without regard to case."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("news source")
        verbose_name_plural = _("news sources")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # The importer finds a source by its name in any case, so two names
        # differing only in case would be one source to it.
        self.name = " ".join(self.name.split())
        if NewsSource.objects.filter(name__iexact=self.name).exclude(pk=self.pk).exists():
            raise ValidationError(
                {"name": _("A news source with this name already exists (names are compared without regard to case).")}
            )


class FurnitureLine(models.Model):
    """A line that recurs on many stories of one source and is not story text
    ("Short Url", "Follow", the paper's name under every headline).

    ``key`` is the line as furniture compares (case, spacing and decoration
    ignored; :func:`newsdesk.wire.furniture.furniture_key`).  An editor who
    unticks ``is_furniture`` says "this is story text": the line is then
    never dropped from that source's pages and never learnt again.
    """

    source = models.ForeignKey(
        NewsSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="furniture_lines"
    )
    text = models.CharField(_("text"), max_length=200, help_text=_("The line as first seen."))
    key = models.CharField(_("key"), max_length=200, db_index=True, editable=False)
    stories_seen = models.PositiveIntegerField(
        _("stories seen"), default=0, help_text=_("How many imported stories of this source carried the line."),
    )
    is_furniture = models.BooleanField(
        _("is furniture"), default=True,
        help_text=_("Untick when the line is story text: it is then kept in the body and never learnt again."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["source", "-stories_seen", "key"]
        verbose_name = _("furniture line")
        verbose_name_plural = _("furniture lines")
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="newsdesk_furniture_line_unique"),
        ]

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs) -> None:
        if not self.key:
            self.key = furniture_key(self.text)[:200]
        super().save(*args, **kwargs)


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        """Articles readers may see: published, not scheduled for later and
        not under embargo.

        "Now" is read when the queryset is built, so a scheduled or
        embargoed article appears at its time without any job running.
        """
        now = timezone.now()
        return self.filter(status=Article.Status.PUBLISHED).filter(
            Q(published_at__isnull=True) | Q(published_at__lte=now),
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now),
        )

    def taken_down(self) -> ArticleQuerySet:
        """Articles readers once saw that were withdrawn or killed: their
        addresses answer "410 Gone" with a notice instead of a 404.  One
        taken down before its publication time never was out, and stays a 404."""
        return self.filter(status__in=Article.TAKEN_DOWN, published_at__lte=timezone.now())

    def newest_first(self) -> ArticleQuerySet:
        """Latest publication first, articles published with no date last
        (on every database: PostgreSQL would put NULLs first), then by id."""
        return self.order_by(F("published_at").desc(nulls_last=True), "-pk")

    def for_listing(self) -> ArticleQuerySet:
        """Everything a list page shows (credit, tags, captions with their
        credits) in a constant number of queries, however many articles."""
        return self.select_related("credit").prefetch_related(
            "tags",
            Prefetch("captions", queryset=Caption.objects.select_related("credit")),
            "corrections",
        )


class Article(models.Model):
    """A story, imported from the wire or written in the admin."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        READY = "ready", _("ready")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")
        KILLED = "killed", _("killed")

    #: Statuses of an article taken down: withdrawn (the story is no longer
    #: offered; its address says so) or killed (removed for legal or safety
    #: reasons; its address says only that it was removed).
    TAKEN_DOWN = (Status.WITHDRAWN, Status.KILLED)

    headline = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=300, allow_unicode=True, blank=True)
    standfirst = models.TextField(
        _("standfirst"), blank=True,
        help_text=_("The summary under the headline. HTML is sanitised when saved."),
    )
    body = models.TextField(_("body"), blank=True, help_text=_("HTML; sanitised when saved."))
    dateline = models.CharField(_("dateline"), max_length=120, blank=True)
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    credit = models.ForeignKey(
        WireCredit, verbose_name=_("credit"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="articles",
    )
    credit_text = models.CharField(
        _("credit (text)"), max_length=100, blank=True,
        help_text=_("A credit that matched no known agency, kept as printed."),
    )
    tags = TaggableManager(_("tags"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("publish at"), null=True, blank=True,
        help_text=_("When the article should go live, if scheduled."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    embargo_until = models.DateTimeField(
        _("embargoed until"), null=True, blank=True,
        help_text=_(
            "Readers see the article only from this time, and it cannot be published for an earlier time. "
            "Read from the wire text's embargo line when there is one."
        ),
    )
    revised_at = models.DateTimeField(
        _("updated for readers"), null=True, blank=True,
        help_text=_(
            "When the published story last changed for readers (an agency update applied, a correction): "
            "printed as “Updated” and given to search engines as the date modified."
        ),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(
        _("withdrawal notice"), blank=True,
        help_text=_("Why the article was withdrawn or killed; readers see it at the article's address."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    # Provenance of imported stories.
    source_text = models.TextField(_("source text"), blank=True, help_text=_("The raw text, verbatim."))
    source_hash = models.CharField(
        _("source hash"), max_length=64, null=True, blank=True, unique=True, editable=False,
        help_text=_("Fingerprint of the normalised source text; guards against duplicates."),
    )
    source_name = models.CharField(_("source name"), max_length=255, blank=True)
    news_source = models.ForeignKey(
        NewsSource, verbose_name=_("news source"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="articles",
        help_text=_("The paper or feed the story was imported from."),
    )
    page_date = models.DateField(
        _("page date"), null=True, blank=True,
        help_text=_("The date printed on the source page (the day it was read)."),
    )
    source_published = models.DateTimeField(
        _("published (as printed)"), null=True, blank=True,
        help_text=_(
            "The publication or update date printed with the story on the source page; "
            "midnight when only the day is printed. Not the time this site published it."
        ),
    )
    # Recognising agency updates (newsdesk.updates): the headline as versions
    # compare it, and a digest of the text as the importer last wrote it (an
    # article whose digest still matches was not edited since).
    version_key = models.CharField(_("version key"), max_length=300, blank=True, db_index=True, editable=False)
    version_marker = models.CharField(
        _("agency version"), max_length=50, blank=True, editable=False,
        help_text=_("The marker of the agency's version the text is (UPDATE 1, REFILE); empty for the first."),
    )
    import_digest = models.CharField(_("import digest"), max_length=64, blank=True, editable=False)
    # The agency's own name for the story across its versions, from a
    # structured format (NITF, NewsML-G2, ninjs, IPTC 7901): the same guid at
    # a higher version is an update of this article.
    guid = models.CharField(
        _("agency guid"), max_length=255, blank=True, db_index=True, editable=False,
        help_text=_("The agency's identifier of the story (its guid or URI), the same for every version."),
    )
    guid_version = models.PositiveIntegerField(
        _("agency version number"), null=True, blank=True, editable=False,
        help_text=_("The agency's version number of the text this article holds."),
    )
    # Who issued the guid (newsdesk.updates.guid_scope): a guid names a
    # story only among the items of its issuer, never across sources.
    guid_scope = models.CharField(
        _("guid issuer"), max_length=120, blank=True, editable=False,
        help_text=_(
            "Whose guid it is: the polled source, the news source or the agency the story came from. "
            "Only an item of the same issuer is a version of this article."
        ),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish and withdraw articles"))]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="newsdesk_art_status_pub"),
            models.Index(fields=["-created_at"], name="newsdesk_art_created"),
        ]
        constraints = [
            # The last word on embargoes, for every code path (a queryset
            # update() included): a published article's publication time is
            # never before its embargo.  Article.clean() and publish() say
            # the same to editors in words.
            models.CheckConstraint(
                condition=(
                    ~Q(status="published")
                    | Q(embargo_until__isnull=True)
                    | Q(published_at__gte=F("embargo_until"))
                ),
                name="newsdesk_article_not_before_embargo",
                violation_error_message=_("An embargoed article cannot be published before its embargo ends."),
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def clean(self) -> None:
        self.body = clean_html(self.body)
        self.standfirst = clean_html(self.standfirst)
        if self.status == self.Status.PUBLISHED:
            self.check_embargo(self.published_at or self.publish_at or timezone.now(), field="status")

    def save(self, *args, **kwargs) -> None:
        # Sanitise on every save, not only in clean(): code that forgets
        # full_clean() must still never store unsafe HTML.
        self.body = clean_html(self.body)
        self.standfirst = clean_html(self.standfirst)
        if not self.slug:
            self.slug = _slug_for(self.headline)
        if self.status == self.Status.PUBLISHED and self.published_at is not None:
            # Said in words before the database's constraint says it as an IntegrityError.
            self.check_embargo(self.published_at)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        try:
            return reverse("newsdesk_article", kwargs={"pk": self.pk, "slug": self.slug or "-"})
        except NoReverseMatch:
            return ""

    @property
    def credit_label(self) -> str:
        """The credit as printed: the agency's short name, else the free text."""
        return self.credit.short_name if self.credit is not None else self.credit_text

    @property
    def direction(self) -> str:
        """``"rtl"`` or ``"ltr"``: the writing direction of the article's
        language, by Django's ``LANGUAGES_BIDI`` (Arabic, Persian, Urdu,
        Hebrew…), for the ``dir`` attribute of its page and teaser."""
        return language_direction(self.language)

    def is_embargoed(self, at=None) -> bool:
        """Whether the embargo still holds at ``at`` (default: now)."""
        return self.embargo_until is not None and (at or timezone.now()) < self.embargo_until

    def check_embargo(self, when, *, field: str | None = None) -> None:
        """Raise :class:`~django.core.exceptions.ValidationError`, in words an
        editor understands, when publishing at ``when`` would break the embargo."""
        embargo = self.embargo_until
        if embargo is None or not self.is_embargoed(when):
            return
        until = timezone.localtime(embargo) if timezone.is_aware(embargo) else embargo
        message = _(
            "This article is embargoed until %(until)s and cannot be published before then. "
            "To schedule it, set “publish at” to that time or later."
        ) % {"until": f"{until:%Y-%m-%d %H:%M}"}
        raise ValidationError({field: message} if field else message, code="embargoed")

    def publish(self, *, when=None) -> None:
        """Mark the article published (at ``when``, default now, unless it
        already has a publication time).  Refused with a
        :class:`~django.core.exceptions.ValidationError` before its embargo ends."""
        published_at = self.published_at or when or timezone.now()
        self.check_embargo(published_at, field="status")
        self.status = self.Status.PUBLISHED
        self.published_at = published_at

    def withdraw(self, reason: str, *, kill: bool = False, when=None) -> None:
        """Take the article down: ``withdrawn`` (its address shows the
        headline and ``reason``) or, with ``kill``, ``killed`` (its address
        shows only ``reason``).  Either way readers' lists, feeds and
        sitemaps drop it at once.  A reason is required: readers see it."""
        if not (reason or "").strip():
            raise ValidationError({"withdrawal_reason": _("Say why the article is taken down: readers see it.")})
        self.status = self.Status.KILLED if kill else self.Status.WITHDRAWN
        self.withdrawal_reason = reason.strip()
        self.withdrawn_at = when or timezone.now()

    @property
    def is_taken_down(self) -> bool:
        return self.status in self.TAKEN_DOWN

    @property
    def updated_for_readers(self):
        """The "Updated" time readers see, or ``None``: only a change after publication counts."""
        if self.revised_at is None or self.published_at is None or self.revised_at <= self.published_at:
            return None
        return self.revised_at


def language_direction(code: str | None) -> str:
    """``"rtl"`` for a right-to-left language code (``"ar"``, ``"ar-om"``), else ``"ltr"``."""
    base = (code or "").strip().lower().split("-")[0].split("_")[0]
    return "rtl" if base and base in settings.LANGUAGES_BIDI else "ltr"


def _slug_for(headline: str) -> str:
    from django.utils.text import slugify

    return slugify(headline, allow_unicode=True)[:300] or "article"


class Caption(models.Model):
    """A photo caption belonging to an article, with its photo credit."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="captions"
    )
    text = models.TextField(_("text"), help_text=_("HTML is sanitised when saved."))
    credit = models.ForeignKey(
        WireCredit, verbose_name=_("credit"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="captions",
    )
    credit_text = models.CharField(
        _("credit (text)"), max_length=100, blank=True,
        help_text=_("Used when the photographer or agency is not a known wire credit."),
    )
    image = models.ImageField(_("image"), upload_to="newsdesk/captions/%Y/%m/", blank=True)
    alt_text = models.CharField(_("alt text"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("caption")
        verbose_name_plural = _("captions")

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        self.text = clean_html(self.text)

    def save(self, *args, **kwargs) -> None:
        self.text = clean_html(self.text)
        super().save(*args, **kwargs)

    @property
    def credit_label(self) -> str:
        return self.credit.short_name if self.credit is not None else self.credit_text


class Correction(models.Model):
    """A correction or clarification published with an article.

    Shown under the article in the article's language, listed on the
    corrections page, and carried in its structured data and feed entry.
    Corrections are a public record: they are never part of an article's
    revisions, so restoring an older revision keeps them.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("correction")
        CLARIFICATION = "clarification", _("clarification")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        _("text"), help_text=_("What was wrong and what is right, in the article's language. Plain text."),
    )
    published_at = models.DateTimeField(_("date"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["published_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        indexes = [models.Index(fields=["-published_at"], name="newsdesk_correction_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def save(self, *args, **kwargs) -> None:
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            # A new correction changes the story for readers: "Updated" on
            # its page, dateModified for search engines.
            # Never backwards: a backdated correction leaves a later "Updated" as it is.
            Article.objects.filter(pk=self.article_id, published_at__isnull=False).filter(
                Q(revised_at__isnull=True) | Q(revised_at__lt=self.published_at)
            ).update(revised_at=self.published_at)


class ArticleUpdate(models.Model):
    """A later version of an imported story, sent by the agency ("UPDATE 1",
    "REFILE", "CORRECTED", a longer version), as the importer parsed it.

    Applied by the importer at once when the article was still an untouched
    draft; otherwise kept ``pending`` until an editor applies or dismisses it
    after reading the side-by-side comparison.  ``source_hash`` is unique
    (with ``Article.source_hash``) so the same text imported again is a
    duplicate, also when two imports race.

    An editor's *proposal* (``proposal``, ``proposed_by``) is kept here too:
    the text an editor without the publish permission wrote for a story
    readers see or saw, pending until a publisher applies it on the same
    review page.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPLIED = "applied", _("applied")
        DISMISSED = "dismissed", _("dismissed")
        SUPERSEDED = "superseded", _("superseded by a later update")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="updates"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    version_marker = models.CharField(
        _("marker"), max_length=50, blank=True, help_text=_("As the agency printed it: UPDATE 1, REFILE, محدث.")
    )
    similarity = models.FloatField(_("similarity"), default=0.0)
    match_reason = models.CharField(_("why it is an update"), max_length=200, blank=True)
    headline = models.CharField(_("headline"), max_length=300)
    standfirst = models.TextField(_("standfirst"), blank=True)
    body = models.TextField(_("body"), blank=True)
    dateline = models.CharField(_("dateline"), max_length=120, blank=True)
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    captions = models.JSONField(
        _("captions"), default=list, blank=True,
        help_text=_("The update's photo captions: text, credit (agency id) and credit as text."),
    )
    embargo_until = models.DateTimeField(_("embargoed until"), null=True, blank=True)
    guid_version = models.PositiveIntegerField(
        _("agency version number"), null=True, blank=True,
        help_text=_("The agency's version number of this update, when its format numbers versions."),
    )
    source_text = models.TextField(_("source text"), blank=True)
    source_hash = models.CharField(_("source hash"), max_length=64, unique=True, editable=False)
    source_name = models.CharField(_("source name"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    automatic = models.BooleanField(
        _("applied on import"), default=False,
        help_text=_("Applied by the importer because the article was an untouched draft."),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # The agency canceled or withdrew the story while readers could see it,
    # and whoever imported the item could not take a story down: applying
    # the update (a publisher's decision) withdraws the article.
    takes_down = models.BooleanField(
        _("takes the story down"), default=False,
        help_text=_("The agency canceled or withdrew the story: applying it withdraws the article."),
    )
    withdrawal_reason = models.TextField(
        _("withdrawal notice"), blank=True, help_text=_("The notice readers see once the take-down is applied.")
    )
    # Not the agency's: an editor without the publish permission saved the
    # change form of a story readers see or saw, and the text they wrote
    # waits here for a publisher (newsdesk.updates.propose_change).  Kept
    # when the editor's account is deleted, so it is never mistaken for an
    # agency update (which replaces captions).
    proposal = models.BooleanField(
        _("proposed by an editor"), default=False,
        help_text=_("An editor's change to a story readers see or saw; applying it changes the text only."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("agency update")
        verbose_name_plural = _("agency updates")
        indexes = [models.Index(fields=["article", "status"], name="newsdesk_update_article")]

    def __str__(self) -> str:
        return f"{self.version_marker or _('update')}: {self.headline}"


class VersionBand(models.Model):
    """One locality-sensitive-hashing band of an article's text
    (:func:`newsdesk.wire.versions.band_signature`): the importer finds the
    articles a new story may be a version of with one indexed query on
    these, never by comparing it with every article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="version_bands")
    band = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("version band")
        verbose_name_plural = _("version bands")
        constraints = [
            models.UniqueConstraint(fields=["article", "band"], name="newsdesk_version_band_unique"),
        ]


def weather_provider_choices() -> list[tuple[str, str]]:
    """``WeatherWidget.provider``'s choices: empty for the site's default
    (``WEATHER_PROVIDER``), then each registered provider.  A callable, so
    the migrations name this function and never list the providers: adding
    one to :data:`newsdesk.weather.registry.PROVIDERS` needs no migration."""
    from django.utils.translation import gettext

    from newsdesk.conf import newsdesk_settings
    from newsdesk.weather.registry import PROVIDERS

    default = PROVIDERS.get(newsdesk_settings.WEATHER_PROVIDER)
    default_label = default.label if default is not None else str(newsdesk_settings.WEATHER_PROVIDER)
    return [
        ("", gettext("Site default (%(provider)s)") % {"provider": default_label}),
        *((name, cls.label or name) for name, cls in PROVIDERS.items()),
    ]


class WeatherWidget(models.Model):
    """One weather reading shown on the site, refreshed from a provider or
    entered by hand (``description`` "broken clouds", ``location`` "OMAN")."""

    class Unit(models.TextChoices):
        CELSIUS = "C", _("°C")
        FAHRENHEIT = "F", _("°F")

    slug = models.SlugField(_("slug"), unique=True)
    location = models.CharField(_("location label"), max_length=100, help_text=_("As printed, e.g. OMAN."))
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    provider = models.CharField(
        _("provider"), max_length=50, blank=True, default="", choices=weather_provider_choices,
        help_text=_("Leave empty to use the site's default provider."),
    )
    description = models.CharField(_("description"), max_length=100, blank=True)
    low = models.DecimalField(_("low"), max_digits=5, decimal_places=1, null=True, blank=True)
    high = models.DecimalField(_("high"), max_digits=5, decimal_places=1, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=1, choices=Unit.choices, default=Unit.CELSIUS)
    observed_at = models.DateTimeField(_("observed at"), null=True, blank=True)
    fetched_at = models.DateTimeField(_("fetched at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # What kind of failure last_error is (newsdesk.weather.base.KINDS): the
    # admin shows editors a translated sentence for it.
    last_error_kind = models.CharField(_("kind of last error"), max_length=20, blank=True, editable=False)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("weather widget")
        verbose_name_plural = _("weather widgets")

    def __str__(self) -> str:
        return f"{self.location} ({self.slug})"

    @property
    def has_reading(self) -> bool:
        return bool(self.description) or self.low is not None or self.high is not None


class HijriMonthStart(models.Model):
    """The Gregorian day on which an official Hijri month began, as a
    country's moon-sighting committee declared it."""

    class Source(models.TextChoices):
        EDITOR = "editor", _("entered by an editor")
        OBSERVED = "observed", _("observed on an imported page")

    year = models.PositiveSmallIntegerField(_("Hijri year"), validators=[MinValueValidator(1), MaxValueValidator(2000)])
    month = models.PositiveSmallIntegerField(
        _("Hijri month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    starts_on = models.DateField(_("starts on"), help_text=_("The Gregorian date of the month's first day."))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.EDITOR)
    source_name = models.CharField(
        _("source name"), max_length=255, blank=True,
        help_text=_("Where it came from: an announcement, or the imported page."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["year", "month"]
        verbose_name = _("Hijri month start")
        verbose_name_plural = _("Hijri month starts")
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="newsdesk_hijri_month_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} starts {self.starts_on.isoformat()}"


class StagedImport(models.Model):
    """An admin wire import between its preview and its confirmation.

    The texts an editor pasted or uploaded wait here, on the server, so the
    confirm request carries only this row's (signed) id: a form carrying the
    texts back would be refused by Django's request size limit for large
    uploads.  Rows older than the preview's lifetime are deleted whenever a
    new preview is made; a confirmed import deletes its row at once.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    news_source = models.CharField(
        _("news source"), max_length=200, blank=True,
        help_text=_("The source (paper) the editor named for these stories, if any."),
    )
    new_source_name = models.CharField(
        _("name for a new source"), max_length=200, blank=True,
        help_text=_("What a source the import creates for pages of an unknown paper is called."),
    )
    learnt_furniture = models.TextField(
        _("learnt furniture"), blank=True,
        help_text=_("The furniture lines the preview learnt (their keys, one per line), used again to confirm."),
    )

    class Meta:
        verbose_name = _("staged wire import")
        verbose_name_plural = _("staged wire imports")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"


class StagedStory(models.Model):
    """One story (decoded text and its file name) of a :class:`StagedImport`."""

    staged_import = models.ForeignKey(
        StagedImport, verbose_name=_("staged import"), on_delete=models.CASCADE, related_name="stories"
    )
    position = models.PositiveIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=255)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["position"]
        verbose_name = _("staged story")
        verbose_name_plural = _("staged stories")

    def __str__(self) -> str:
        return self.name


class IngestSource(models.Model):
    """A place stories are fetched from on a schedule (``poll_sources``).

    ``location`` is read by ``kind``: a directory path on this server, an
    ``ftp://host[:port]/directory`` address, or the ``http(s)://`` URL of an
    RSS/Atom feed or of an endpoint serving ninjs or NewsML-G2 documents.
    The password is stored for the poller and never shown back in the admin.
    What was fetched is remembered in :class:`FetchedItem`, so a second poll
    downloads and imports nothing it already had.
    """

    class Kind(models.TextChoices):
        DIRECTORY = "directory", _("drop directory")
        FTP = "ftp", _("FTP server")
        FEED = "feed", _("RSS or Atom feed")
        DOCUMENTS = "documents", _("ninjs or NewsML-G2 endpoint")

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    location = models.CharField(
        _("location"), max_length=500,
        help_text=_("A directory on this server, ftp://host/directory, or the http(s):// address of the feed."),
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    password = models.CharField(
        _("password"), max_length=255, blank=True,
        help_text=_("Kept for polling and never shown again; leave empty to keep the one stored."),
    )
    file_pattern = models.CharField(
        _("file names"), max_length=100, blank=True, default="*",
        help_text=_("Which files of a directory or FTP server to take, e.g. *.xml; * takes all."),
    )
    encoding = models.CharField(_("encoding"), max_length=40, default="utf-8")
    enabled = models.BooleanField(_("enabled"), default=True)
    poll_every = models.PositiveIntegerField(
        _("poll every (minutes)"), default=5,
        help_text=_("poll_sources polls the source when this much time has passed."),
    )
    timeout = models.PositiveIntegerField(_("timeout (seconds)"), default=30)
    default_status = models.CharField(
        _("status of imported stories"), max_length=10, default="draft",
        choices=[("draft", _("draft")), ("ready", _("ready")), ("published", _("published"))],
        help_text=_("Only users who may publish articles can choose a status above draft."),
    )
    apply_take_downs = models.BooleanField(
        _("apply the agency's take-downs at once"), default=False,
        help_text=_(
            "A canceled or withdrawn item takes the published story with its guid down as soon as it is "
            "polled; otherwise the take-down waits for a publisher as a pending agency update. Always so "
            "when the stories are imported published. Only users who may publish articles can set it."
        ),
    )
    default_credit = models.ForeignKey(
        WireCredit, verbose_name=_("credit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Credit every story of this source to this agency; empty reads the credit from each story."),
    )
    news_source = models.ForeignKey(
        NewsSource, verbose_name=_("news source"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("The paper the stories come from, for pages scraped from a paper's site."),
    )
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("last polled without error"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    last_counts = models.JSONField(
        _("last poll's counts"), default=dict, blank=True, editable=False,
        help_text=_("What the last poll found: new items, items seen before, failures."),
    )
    http_etag = models.CharField(_("HTTP ETag"), max_length=255, blank=True, editable=False)
    http_last_modified = models.CharField(_("HTTP Last-Modified"), max_length=100, blank=True, editable=False)
    #: The poll under way holds the source until then (a lease it extends
    #: while it works, so a poller that died frees it once this passes).
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True, editable=False)
    #: Which poll holds it: a token of that poll, checked on each extension.
    claimed_by = models.CharField(_("claimed by"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ingest source")
        verbose_name_plural = _("ingest sources")

    def __str__(self) -> str:
        return self.name

    @property
    def may_publish(self) -> bool:
        """Whether a poll of this source acts with a publisher's authority:
        its stories are imported published, or the agency's take-downs of
        public stories apply at once.  Only publishers set either, and only
        they may change such a source (``newsdesk.admin.ingest_sources``)."""
        return self.default_status == Article.Status.PUBLISHED or self.apply_take_downs


class FetchedItem(models.Model):
    """One item a source gave, remembered so it is never fetched twice.

    ``key`` is a digest of the item's remote name and its version (a file's
    size and time, a feed entry's id and update time): a file replaced on
    the server with new content is fetched again, the same file is not.
    """

    source = models.ForeignKey(
        IngestSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="fetched_items"
    )
    key = models.CharField(_("key"), max_length=64)
    remote_name = models.CharField(_("remote name"), max_length=500)
    fetched_at = models.DateTimeField(_("fetched at"), default=timezone.now)

    class Meta:
        ordering = ["-fetched_at", "-pk"]
        verbose_name = _("fetched item")
        verbose_name_plural = _("fetched items")
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="newsdesk_fetched_once")]

    def __str__(self) -> str:
        return self.remote_name


class ImportBatch(models.Model):
    """Stories imported in the background, one task per story.

    Made by ``import_wire --enqueue``, by an admin upload too large to
    import while the editor waits, and by each poll of an
    :class:`IngestSource`.  ``options`` are the import's options (status,
    credit, news source, ...); progress is counted from the items.
    """

    label = models.CharField(_("label"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    source = models.ForeignKey(
        IngestSource, verbose_name=_("ingest source"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="batches",
    )
    options = models.JSONField(_("import options"), default=dict, blank=True)
    total = models.PositiveIntegerField(_("stories"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return self.label or f"#{self.pk}"


class ImportItem(models.Model):
    """One story of an :class:`ImportBatch`, imported by its own task.

    ``state`` turns ``done`` in the same transaction that writes the story,
    so an item is reported done only once its story committed, and a task
    run twice (a worker killed after the commit, a stalled task enqueued
    again) finds it done and changes nothing.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        DONE = "done", _("done")

    batch = models.ForeignKey(ImportBatch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    status = models.CharField(_("result"), max_length=20, blank=True)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.TextField(_("error"), blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    enqueued_at = models.DateTimeField(_("enqueued at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["batch", "position"]
        verbose_name = _("import item")
        verbose_name_plural = _("import items")
        indexes = [models.Index(fields=["state", "enqueued_at"], name="newsdesk_item_state")]

    def __str__(self) -> str:
        return self.name
