"""Learning a paper's furniture from its own pages, end to end: the
importer, the stored lines per news source, matching a later page to its
source, an editor's correction, dry runs, and the queries it costs.

The paper is invented ("The Dhofar Ledger") and so is its furniture: none
of its lines is in the built-in chrome list, so only learning can drop them.
Every expected value is the text written below, not the importer's output.
"""

from __future__ import annotations

import html

import pytest
from django.contrib.contenttypes.models import ContentType

from newsdesk import furniture
from newsdesk.ingest import DRY_RUN, DUPLICATE, IMPORTED, WireImporter, import_many, import_story
from newsdesk.models import Article, FurnitureLine, NewsSource
from newsdesk.sanitize import clean_html
from newsdesk.wire import DEFAULT_CHROME_PHRASES, parse
from newsdesk.wire.chrome import phrase_key
from newsdesk.wire.furniture import count_page_lines, furniture_key

pytestmark = pytest.mark.django_db

# The Ledger's furniture: above the headline, under it, between two
# paragraphs, and at the bottom.  The two sentences would pass for story
# text on any one page; only their recurring gives them away.
TOP = ["Ledger Live", "Switch edition ▸"]
UNDER_HEADLINE = "Dhofar Ledger · Est. 1987"
MIDDLE = "Tip us off"
BOTTOM = [
    "Prices and times quoted by the Ledger were correct when the story went to press.",
    "Listen ▶ 3 min",
    "Get the Ledger in your inbox every single morning.",
]
FURNITURE = [*TOP, UNDER_HEADLINE, MIDDLE, *BOTTOM]

# (headline, dateline, paragraphs): the first paragraph follows the dateline.
STORIES = [
    (
        "Frankincense harvest begins early in Dhofar hills",
        "SALALAH",
        [
            "Farmers in the hills above Salalah began tapping frankincense trees two weeks earlier than usual "
            "this year, saying the monsoon rains had left the bark softer and the resin quicker to flow.",
            "Traders at the Al Haffa market expect the first grade of the season to reach the stalls by the "
            "end of the month, when buyers from across the Gulf usually arrive.",
            "The ministry said it would count the trees in each wadi again next spring.",
            "Growers asked for better roads to the upper slopes, where the oldest trees stand.",
        ],
    ),
    (
        "Mirbat fishermen report record kingfish catch",
        "MIRBAT",
        [
            "Fishermen landing at the Mirbat harbour on Thursday brought in the largest catch of kingfish "
            "recorded in a single morning, the harbour master said, after three weeks of calm seas.",
            "Prices at the auction fell by a third before noon as buyers from Salalah and Taqah filled "
            "their trucks and cold stores ran short of room.",
            "The fisheries office urged crews to respect the closed season that starts next month.",
            "Several boats stayed out overnight to follow the shoals further east.",
        ],
    ),
    (
        "Taqah school opens science wing built by parents",
        "TAQAH",
        [
            "Parents in Taqah spent two summers building a new science wing for the town's girls' school, "
            "and on Sunday the first classes were held in its three laboratories and small library.",
            "The headmistress said donations of equipment had come from former pupils now working in "
            "hospitals and oil fields across the country.",
            "A solar roof will power the wing during school hours from next term.",
            "The education directorate has asked other towns to copy the scheme.",
        ],
    ),
    (
        "Khareef visitors fill Ayn Razat gardens",
        "SALALAH",
        [
            "More than forty thousand visitors walked through the Ayn Razat gardens over the weekend, "
            "drawn by the mist and waterfalls of the khareef season, the municipality said on Monday.",
            "Volunteers handed out maps and water at the gates while police directed traffic on the narrow "
            "road that climbs from the coastal plain.",
            "Stall holders sold fresh coconut, roasted corn and hot sweet tea.",
            "The gardens will stay open late until the end of September.",
        ],
    ),
    (
        "Shisr excavation uncovers older city walls",
        "SHISR",
        [
            "Archaeologists working at Shisr in the desert north of the mountains have found a stretch of "
            "city wall that appears several centuries older than the fortress that stands there today.",
            "The team said pottery found at the foot of the wall matched pieces from ancient trading "
            "settlements along the frankincense route to the north.",
            "The dig will pause during the hottest weeks and resume in October.",
            "Visitors may watch the work from a raised path beside the site.",
        ],
    ),
]

# A later story of the same paper, imported on its own.
LATER = (
    "Sadah divers restore coral nursery after storm",
    "SADAH",
    [
        "Volunteer divers in Sadah have replanted more than two hundred coral fragments on the nursery frames "
        "that a storm tore from the sea floor last winter, the environment authority said on Wednesday.",
        "The frames sit in shallow water a short swim from the beach, where schoolchildren help to clean "
        "them each month.",
        "Fishermen have agreed to keep their nets away from the nursery until spring.",
        "Divers will survey the frames again before the next monsoon.",
    ],
)


def page(story, *, middle: str = MIDDLE, bottom: list[str] | None = None) -> str:
    """One Ledger page: furniture, headline, furniture, the story with a
    furniture line between its second and third paragraphs, furniture."""
    headline, dateline, paragraphs = story
    first, second, third, fourth = paragraphs
    lines = [
        *TOP, "", headline, UNDER_HEADLINE, "",
        f"{dateline}: {first}", "", second, "", middle, "", third, "", fourth, "",
        *(BOTTOM if bottom is None else bottom),
    ]
    return "\n".join(lines) + "\n"


def body_of(paragraphs: list[str]) -> str:
    """The body a correct import stores: each written paragraph, escaped, in
    ``<p>``, as the sanitiser writes it out."""
    return clean_html("\n".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs))


def paragraphs_in(article: Article) -> list[str]:
    return [html.unescape(part.split(">", 1)[1]) for part in article.body.split("</p>") if part.strip()]


def pages(stories=STORIES) -> list[tuple[str, str]]:
    return [(f"ledger/{number}.txt", page(story)) for number, story in enumerate(stories, start=1)]


def test_the_invented_furniture_is_in_no_built_in_list():
    built_in = {phrase_key(phrase) for phrase in DEFAULT_CHROME_PHRASES}
    assert not built_in & {phrase_key(line) for line in FURNITURE}


# --- one batch ---------------------------------------------------------------------------------


def test_a_batch_of_the_papers_pages_imports_clean_and_teaches_its_source():
    results = list(import_many(pages(), source="The Dhofar Ledger"))

    assert [r.status for r in results] == [IMPORTED] * len(STORIES), [r.error for r in results]
    source = NewsSource.objects.get()
    assert source.name == "The Dhofar Ledger"
    for result, (headline, dateline, paragraphs) in zip(results, STORIES, strict=True):
        article = result.article
        assert article.headline == headline
        assert article.dateline == dateline
        assert paragraphs_in(article) == paragraphs
        assert article.body == body_of(paragraphs)
        assert article.news_source == source
        assert result.as_dict()["news_source"] == "The Dhofar Ledger"
        for line in FURNITURE:
            assert line not in html.unescape(article.body)

    # Every furniture line is stored for the source, as printed, seen on every story.
    stored = {line.text: line.stories_seen for line in source.furniture_lines.all()}
    assert stored == {line: len(STORIES) for line in FURNITURE}
    assert set(furniture.enabled_keys(source)) == {furniture_key(line) for line in FURNITURE}


def test_a_dry_run_reads_the_pages_with_the_same_furniture_and_stores_nothing():
    dry = list(import_many(pages(), dry_run=True))
    assert [r.status for r in dry] == [DRY_RUN] * len(STORIES), [r.error for r in dry]
    assert not NewsSource.objects.exists() and not FurnitureLine.objects.exists()
    assert not Article.objects.exists()

    real = list(import_many(pages()))
    assert [r.status for r in real] == [IMPORTED] * len(STORIES)
    for before, after, (_headline, _dateline, paragraphs) in zip(dry, real, STORIES, strict=True):
        assert list(before.story.paragraphs) == list(after.story.paragraphs) == paragraphs
        assert before.story.dropped == after.story.dropped
        assert before.article.body == after.article.body
        # The dry run names the source the real run creates.
        assert before.news_source.name == after.news_source.name
        assert before.news_source.pk is None and after.news_source.pk is not None


def test_an_unnamed_run_creates_a_source_named_after_it_and_a_later_page_is_matched_to_it():
    results = list(import_many(pages(), new_source_name="ledger"))
    assert [r.status for r in results] == [IMPORTED] * len(STORIES)
    source = NewsSource.objects.get()
    assert source.name == "ledger"
    assert {r.article.news_source_id for r in results} == {source.pk}

    # Another paper's page, and an editor's rename, change nothing.
    source.name = "The Dhofar Ledger"
    source.save()
    later = import_story(page(LATER), source_name="later.txt")

    assert later.status == IMPORTED, later.error
    assert later.news_source == source
    assert later.article.news_source == source
    assert later.article.headline == LATER[0]
    assert later.article.body == body_of(LATER[2])
    assert NewsSource.objects.count() == 1
    # The lines it carried are counted once more.
    assert set(source.furniture_lines.values_list("stories_seen", flat=True)) == {len(STORIES) + 1}


def test_an_unnamed_run_whose_name_is_taken_makes_a_new_source():
    NewsSource.objects.create(name="Ledger")  # another paper, no lines
    list(import_many(pages(), new_source_name="ledger"))
    assert sorted(NewsSource.objects.values_list("name", flat=True)) == ["Ledger", "ledger (2)"]
    assert not NewsSource.objects.get(name="Ledger").furniture_lines.exists()


def test_a_source_named_in_another_case_is_the_same_source():
    existing = NewsSource.objects.create(name="The Dhofar Ledger")
    result = import_story(page(LATER), source=" the  DHOFAR ledger ")
    assert result.status == IMPORTED
    assert result.article.news_source == existing
    assert NewsSource.objects.count() == 1


@pytest.mark.usefixtures("no_update_recognition")
def test_an_editor_unticking_a_line_keeps_it_in_the_body_from_then_on():
    list(import_many(pages(), source="The Dhofar Ledger"))
    line = FurnitureLine.objects.get(text=BOTTOM[0])
    line.is_furniture = False
    line.save()

    # The same paper's next batch (the later story among three more copies of
    # the paper's furniture), with no source named: matched by its other lines.
    more = [LATER, *[(f"{h} (update)", d, p) for h, d, p in STORIES[:3]]]
    results = list(import_many(pages(more)))
    assert [r.status for r in results] == [IMPORTED] * len(more), [r.error for r in results]
    for result, (_headline, _dateline, paragraphs) in zip(results, more, strict=True):
        assert result.article.news_source.name == "The Dhofar Ledger"
        # The unticked sentence is story text again: the last paragraph.
        assert paragraphs_in(result.article) == [*paragraphs, BOTTOM[0]]
    # Never counted nor learnt again; the others counted on.
    line.refresh_from_db()
    assert (line.is_furniture, line.stories_seen) == (False, len(STORIES))
    assert FurnitureLine.objects.get(text=MIDDLE).stories_seen == len(STORIES) + len(more)


@pytest.mark.usefixtures("no_update_recognition")
def test_a_story_imported_three_times_with_different_furniture_keeps_its_body():
    # The same story three times (an update, a copy from another edition),
    # each page with some furniture of its own, so three different texts,
    # among four other stories of the paper.
    headline, _dateline, paragraphs = STORIES[0]
    copies = [
        (f"copy{number}.txt", page(STORIES[0], bottom=[BOTTOM[0], f"Listen ▶ {number} min", BOTTOM[2]]))
        for number in (4, 5, 6)
    ]
    results = list(import_many([*copies, *pages(STORIES[1:])]))

    assert [r.status for r in results] == [IMPORTED] * 7, [r.error for r in results]
    for result in results[:3]:
        assert result.article.headline == headline
        assert paragraphs_in(result.article) == paragraphs
    # Its headline and paragraphs (the two last are short) were not learnt;
    # the paper's lines were, and counted once per article written.
    assert not FurnitureLine.objects.filter(text__in=[headline, *paragraphs]).exists()
    assert FurnitureLine.objects.get(text=MIDDLE).stories_seen == 7


@pytest.mark.usefixtures("no_update_recognition")
def test_a_brief_of_short_paragraphs_imported_three_times_keeps_its_body():
    # No line of a brief is long enough to name the story; its copies still
    # count as one story, so none of its lines is learnt from them.
    brief = (
        "Salalah airport adds Friday flights",
        "SALALAH",
        [
            "Salalah airport will add two Friday flights to Muscat from next week, the airport company said.",
            "Tickets for the new flights go on sale on Sunday at the usual offices and online.",
            "The airline said demand had risen sharply since the khareef season began in June.",
            "More flights to other cities may follow in the winter months, it added.",
        ],
    )
    copies = [
        (f"brief{number}.txt", page(brief, bottom=[BOTTOM[0], f"Listen ▶ {number} min", BOTTOM[2]]))
        for number in (1, 2, 3)
    ]
    results = list(import_many([*copies, *pages()]))
    assert [r.status for r in results] == [IMPORTED] * 8, [r.error for r in results]
    for result in results[:3]:
        assert result.article.headline == brief[0]
        assert paragraphs_in(result.article) == brief[2]
    assert not FurnitureLine.objects.filter(text__in=[brief[0], *brief[2]]).exists()


def test_data_lines_are_never_learnt_even_when_every_page_prints_them():
    # The same date bar, weather reading and staff byline on every page read
    # that day: the page's data, not furniture.
    date_bar = "Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H"
    byline = "By Staff Reporter"
    texts = [
        (f"{number}.txt", f"{date_bar}\n\n" + page(story).replace(UNDER_HEADLINE, f"{UNDER_HEADLINE}\n{byline}"))
        for number, story in enumerate(STORIES)
    ]
    results = list(import_many(texts, source="The Dhofar Ledger"))
    assert [r.status for r in results] == [IMPORTED] * len(STORIES), [r.error for r in results]
    assert not FurnitureLine.objects.filter(text__in=[date_bar, byline]).exists()
    for result in results:
        assert result.article.page_date.isoformat() == "2025-12-07"
        assert result.article.byline == "Staff Reporter"


def test_a_page_is_parsed_with_the_stored_lines_of_the_source_named():
    source = NewsSource.objects.create(name="The Dhofar Ledger")
    for line in FURNITURE:
        FurnitureLine.objects.create(source=source, text=line, stories_seen=9)
    # One page only: nothing can be learnt from it; the stored lines do it all.
    result = import_story(page(LATER), source=source)
    assert result.article.body == body_of(LATER[2])
    # What parse() is given is exactly what a bare parse with those lines does.
    bare = parse(page(LATER), furniture=FURNITURE)
    assert list(result.story.paragraphs) == list(bare.paragraphs)


# --- matching ------------------------------------------------------------------------------------


def make_sources(count: int, lines_each: int) -> None:
    """``count`` other papers, each with its own lines and two common ones."""
    for number in range(count):
        other = NewsSource.objects.create(name=f"Paper {number}")
        FurnitureLine.objects.bulk_create(
            [FurnitureLine(source=other, text=text, key=furniture_key(text)) for text in
             [*(f"Paper {number} line {i}" for i in range(lines_each)), "Ledger Live", "Follow"]]
        )


def ledger_source() -> NewsSource:
    source = NewsSource.objects.create(name="The Dhofar Ledger")
    FurnitureLine.objects.bulk_create(
        [FurnitureLine(source=source, text=line, key=furniture_key(line)) for line in FURNITURE]
    )
    return source


def test_a_page_goes_to_the_source_sharing_most_lines_at_least_two():
    ledger = ledger_source()
    make_sources(3, 2)
    assert furniture.match_source(count_page_lines(page(LATER))) == ledger
    # "Ledger Live" and "Follow" alone are shared with every other paper: two
    # lines, the most any of them shares; the oldest of those wins.
    assert furniture.match_source({"ledger live", "follow"}).name == "Paper 0"
    assert furniture.match_source({"ledger live"}) is None  # one line is not enough
    assert furniture.match_source(set()) is None


def test_a_line_an_editor_unticked_does_not_count_for_matching():
    ledger = ledger_source()
    keys = {furniture_key(line) for line in FURNITURE}
    FurnitureLine.objects.filter(source=ledger).exclude(text__in=TOP).update(is_furniture=False)
    assert furniture.match_source(keys) == ledger
    FurnitureLine.objects.filter(source=ledger, text=TOP[1]).update(is_furniture=False)
    assert furniture.match_source(keys) is None


@pytest.mark.parametrize("others", [0, 40])
def test_matching_a_page_is_one_query_however_many_sources_and_lines(others, django_assert_num_queries):
    ledger = ledger_source()
    make_sources(others, 25)
    keys = count_page_lines(page(LATER))
    # 1: SELECT the sources with their count of enabled lines among the
    #    page's keys (JOIN furniture line, GROUP BY source, HAVING >= 2),
    #    best first, LIMIT 1.
    with django_assert_num_queries(1):
        assert furniture.match_source(keys) == ledger


@pytest.mark.parametrize("others", [0, 40])
def test_importing_a_page_of_a_known_source_costs_the_same_however_many_sources(
    others, django_assert_num_queries
):
    ledger = ledger_source()
    make_sources(others, 25)
    # Constructing the importer:
    #   1 SELECT active wire credits, 1 SELECT tags (the vocabulary).
    # The batch (the test runs in a transaction, so savepoints not BEGIN):
    #   1 EXISTS: any furniture stored before the run?
    #   1 SELECT (source, key, is_furniture) of the lines among the page's keys
    #   1 SELECT the matched source (in_bulk)
    #   2 SELECT articles and agency updates with the page's fingerprint
    #     (the duplicate check)
    #   recording the lines the page carried, a transaction of its own:
    #     1 SAVEPOINT, 1 SELECT the source's lines among them, 1 UPDATE
    #     stories_seen = stories_seen + 1, 1 RELEASE
    #   writing: 1 SAVEPOINT (batch), 1 SAVEPOINT (story), 1 SELECT the
    #     articles of the source it may be a new version of, 1 INSERT
    #     article, its revision (1 SELECT its captions, 1 SELECT it still
    #     exists, 1 INSERT revision, 1 INSERT version), 1 INSERT its version
    #     bands, 1 RELEASE, 1 RELEASE (no captions, no tags)
    ContentType.objects.get_for_model(Article)  # cached for the rest of the process, as on a running site
    with django_assert_num_queries(2 + 5 + 4 + 11):
        result = import_story(page(LATER))
    assert result.article.news_source == ledger
    assert result.article.body == body_of(LATER[2])


# --- options and edge cases ----------------------------------------------------------------------


def test_pages_matching_no_source_and_sharing_no_learnt_lines_get_none():
    results = list(import_many([("a.txt", page(LATER))]))
    assert results[0].status == IMPORTED
    assert results[0].news_source is None and results[0].article.news_source is None
    assert results[0].as_dict()["news_source"] is None
    assert not NewsSource.objects.exists()


def test_a_repeated_page_is_counted_once():
    list(import_many(pages(), source="The Dhofar Ledger"))
    again = list(import_many(pages(), source="The Dhofar Ledger"))
    assert [r.status for r in again] == [DUPLICATE] * len(STORIES)
    assert set(FurnitureLine.objects.values_list("stories_seen", flat=True)) == {len(STORIES)}


def test_inputs_read_only_once_learn_batch_by_batch():
    # A generator cannot be read twice: the first batch of three learns from
    # itself, the second (two pages) with what the first taught.
    results = list(import_many((item for item in pages()), batch_size=3, source="The Dhofar Ledger"))
    assert [r.status for r in results] == [IMPORTED] * len(STORIES)
    for result, (_headline, _dateline, paragraphs) in zip(results, STORIES, strict=True):
        assert result.article.body == body_of(paragraphs)


def test_the_learning_pre_pass_keeps_one_window_at_a_time():
    texts = [text for _, text in pages()]
    # Windows of two pages: no window holds a line on three stories.
    assert furniture.learn(texts, window=2) == {}
    assert set(furniture.learn(texts, window=5)) == {furniture_key(line) for line in FURNITURE}
    assert set(furniture.learn(texts, window=3)) == {furniture_key(line) for line in FURNITURE}


def test_an_importer_given_learnt_lines_uses_them_and_learns_nothing():
    keys = [furniture_key(line) for line in FURNITURE]
    importer = WireImporter(learnt_furniture=keys, source="The Dhofar Ledger")
    [result] = importer.import_many([("later.txt", page(LATER))])
    assert result.article.body == body_of(LATER[2])
    # Even from pages that would teach otherwise: the recurring sentence
    # is not dropped.
    importer = WireImporter(learnt_furniture=[], dry_run=True, source="Another paper")
    results = list(importer.import_many(pages()))
    assert importer.furniture.learnt == {}
    assert all(BOTTOM[0] in r.story.paragraphs for r in results)


def test_a_background_paragraph_the_paper_repeats_is_learnt_but_stays_in_each_body_with_a_warning():
    # The Ledger prints the same background sentence between the second and
    # third paragraphs of every story: it recurs like furniture and is
    # learnt, yet between two paragraphs it is the story's text.
    background = "The Ledger has reported on the Dhofar governorate from its Salalah office since 1987."
    texts = [(f"ledger/{number}.txt", page(story, middle=background)) for number, story in enumerate(STORIES, 1)]
    results = list(import_many(texts, source="The Dhofar Ledger"))

    assert [r.status for r in results] == [IMPORTED] * len(STORIES), [r.error for r in results]
    assert FurnitureLine.objects.get(text=background).is_furniture
    for result, (_headline, _dateline, paragraphs) in zip(results, STORIES, strict=True):
        first, second, third, fourth = paragraphs
        assert paragraphs_in(result.article) == [first, second, background, third, fourth]
        kept = [w for w in result.warnings if background in w]
        assert len(kept) == 1 and "although it is learnt furniture of this source" in kept[0]
        # The paper's sentence under every story is still its furniture.
        assert BOTTOM[0] not in paragraphs_in(result.article)
