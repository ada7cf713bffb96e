"""One bad story never stops the others (issue 19, item 5 and part of 9).

A ninjs file with a lone surrogate escape (``"\\udc00"``: half of a UTF-16
pair, not a character, which no database can store) among six good files
is one failed story, named, with the line and column of the escape; the six
others land, through the command, the admin's preview and the background
queue alike, and a background item that cannot succeed is marked failed
instead of being enqueued again for ever.  A NUL character (PostgreSQL
refuses it in text) is dropped from the story that carries it, and a value
longer than its column (a ninjs ``copyrightholder`` over 100 characters) is
cut to the column's length with a warning instead of failing its story.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from newsdesk import background, ingest
from newsdesk.models import Article, Caption, ImportItem
from newsdesk.tasks import TaskResultStatus
from tests.factories import make_staff
from tests.test_background_imports import DATABASE_TASKS, _drain
from tests.wire_import_support import FALCON_STORY, PORT_STORY, WADI_STORY, ensure_wire_credits

# The escape stands on line 3 at column 21: a space, "body_text": (12
# characters), a space, the opening quote, then "Text " (columns 16-20).
BAD_NINJS = '{"uri": "urn:ona:bad-1",\n "headline": "Lone half of a pair",\n "body_text": "Text \\udc00 lone."}\n'
BAD_WHERE = "line 3, column 21"


def good_ninjs(number: int, headline: str, paragraph: str) -> str:
    return json.dumps({
        "uri": f"urn:ona:good-{number}", "version": 1, "headline": headline,
        "body_text": f"MUSCAT: {paragraph}\n\nOfficials said more would follow next week.",
    })


SIX_GOOD = {
    "port.txt": PORT_STORY,
    "wadi.txt": WADI_STORY,
    "falcon.txt": FALCON_STORY,
    "bridge.json": good_ninjs(1, "New bridge links Seeb and Barka", "A new bridge opened on Sunday."),
    "library.json": good_ninjs(2, "Library opens in Nizwa fort", "The library holds 20,000 books."),
    "market.json": good_ninjs(3, "Fish market moves to Mutrah", "Traders moved on Saturday morning."),
}
HEADLINES = sorted([
    "Muscat port opens new container terminal",
    "Heavy rain floods wadis across Dhofar",
    "Falcon festival draws record crowd",
    "New bridge links Seeb and Barka",
    "Library opens in Nizwa fort",
    "Fish market moves to Mutrah",
])


def assert_names_the_escape(error: str) -> None:
    assert error.startswith("bad.json: not usable ninjs JSON: " + BAD_WHERE + ": "), error
    assert "\\udc00" in error
    assert "surrogate" in error


@pytest.fixture
def wire_dir(tmp_path):
    for name, text in SIX_GOOD.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "bad.json").write_text(BAD_NINJS, encoding="utf-8")
    return tmp_path


# --- the command ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_command_fails_the_bad_story_alone_and_imports_the_six_others(wire_dir):
    ensure_wire_credits()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_wire", str(wire_dir), "--glob", "*", "--json", stdout=out, stderr=err)
    assert failure.value.returncode == 1
    assert sorted(Article.objects.values_list("headline", flat=True)) == HEADLINES
    results = {line["source"]: line for line in map(json.loads, out.getvalue().splitlines())}
    assert sorted(results) == sorted([*SIX_GOOD, "bad.json"])
    assert [name for name, line in results.items() if line["status"] != "imported"] == ["bad.json"]
    assert results["bad.json"]["status"] == "failed"
    assert_names_the_escape(results["bad.json"]["error"])
    assert "FAILED bad.json: bad.json: not usable ninjs JSON: " + BAD_WHERE in err.getvalue()
    assert "6 imported, 0 duplicates, 1 failed" in err.getvalue()


@pytest.mark.django_db
def test_a_lone_surrogate_in_a_ninjs_list_fails_its_item_alone():
    ensure_wire_credits()
    items = json.loads("[" + SIX_GOOD["bridge.json"] + "," + BAD_NINJS + "," + SIX_GOOD["market.json"] + "]")
    text = json.dumps(items)  # the escape stays an escape: json.dumps writes ASCII
    assert "\\udc00" in text
    results = list(ingest.import_many([("list.json", text)]))
    assert [(r.source_name, r.status) for r in results] == [
        ("list.json#1", "imported"), ("list.json#2", "failed"), ("list.json#3", "imported"),
    ]
    assert results[1].error.startswith("list.json#2: not usable ninjs JSON: line ")
    assert "\\udc00" in results[1].error


@pytest.mark.django_db
def test_text_holding_a_lone_surrogate_is_one_failed_input_naming_where():
    ensure_wire_credits()
    broken = "Lone half in plain text\n\nMUSCAT: The text \udc00 holds half a pair.\n"
    results = list(ingest.import_many([("port.txt", PORT_STORY), ("broken.txt", broken)]))
    assert [r.status for r in results] == ["imported", "failed"]
    # Line 3, column 18: "MUSCAT: The text " is 17 characters.
    assert results[1].error == (
        "broken.txt: the text holds U+DC00 at line 3, column 18, half of a UTF-16 surrogate pair "
        "without its other half, which is not a character; ask the sender for a correct file"
    )


@pytest.mark.django_db(transaction=True)
def test_a_file_name_that_is_not_utf8_is_shown_with_a_replacement_character(tmp_path):
    ensure_wire_credits()
    (tmp_path / "port.txt").write_text(PORT_STORY, encoding="utf-8")
    directory = bytes(tmp_path)
    with open(directory + b"/caf\xe9.txt", "wb") as handle:  # Latin-1 "café": not UTF-8
        handle.write(FALCON_STORY.encode())
    out = io.StringIO()
    call_command("import_wire", str(tmp_path), stdout=out)
    assert sorted(Article.objects.values_list("source_name", flat=True)) == ["caf\ufffd.txt", "port.txt"]
    assert "2 imported, 0 duplicates, 0 failed" in out.getvalue()


# --- the admin's preview ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_preview_shows_the_failure_and_imports_the_six_others(client):
    ensure_wire_credits()
    client.force_login(make_staff("editor", "add_article", "change_article", "view_article"))
    uploads = [SimpleUploadedFile(name, text.encode(), content_type="text/plain") for name, text in SIX_GOOD.items()]
    uploads.append(SimpleUploadedFile("bad.json", BAD_NINJS.encode(), content_type="text/plain"))
    url = reverse("admin:newsdesk_article_import")

    preview = client.post(url, {"text": "", "uploads": uploads})

    assert preview.status_code == 200
    assert preview.context["importable"] == 6
    [failed] = [r for r in preview.context["results"] if r.status == ingest.FAILED]
    assert_names_the_escape(failed.error)
    assert "not usable ninjs JSON: " + BAD_WHERE in preview.content.decode()
    assert Article.objects.count() == 0

    done = client.post(url, {"state": preview.context["state"]})
    assert done.status_code == 200
    assert sorted(Article.objects.values_list("headline", flat=True)) == HEADLINES


@pytest.mark.django_db
def test_the_admin_preview_reads_each_story_of_a_ninjs_list(client):
    client.force_login(make_staff("editor", "add_article", "change_article", "view_article"))
    text = "[" + SIX_GOOD["bridge.json"] + "," + SIX_GOOD["library.json"] + "]"
    upload = SimpleUploadedFile("two.json", text.encode(), content_type="text/plain")
    url = reverse("admin:newsdesk_article_import")

    preview = client.post(url, {"text": "", "uploads": [upload]})

    assert preview.status_code == 200
    assert [r.source_name for r in preview.context["results"]] == ["two.json#1", "two.json#2"]
    assert preview.context["importable"] == 2
    client.post(url, {"state": preview.context["state"]})
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "Library opens in Nizwa fort", "New bridge links Seeb and Barka",
    ]


# --- the background queue ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_background_item_with_a_lone_surrogate_ends_failed_and_is_not_enqueued_again():
    ensure_wire_credits()
    inputs = [(name, text.encode()) for name, text in SIX_GOOD.items()] + [("bad.json", BAD_NINJS.encode())]
    with override_settings(TASKS=DATABASE_TASKS):
        batch = background.enqueue_import(inputs)
    _drain()

    items = {item.name: item for item in batch.items.all()}
    assert {name: (item.state, item.status) for name, item in items.items()} == {
        **{name: ("done", "imported") for name in SIX_GOOD}, "bad.json": ("done", "failed"),
    }
    assert_names_the_escape(items["bad.json"].error)
    assert sorted(Article.objects.values_list("headline", flat=True)) == HEADLINES
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
    with override_settings(TASKS=DATABASE_TASKS):
        assert background.requeue_stalled(older_than=0) == 0


@pytest.mark.django_db(transaction=True)
def test_an_item_whose_task_cannot_succeed_is_marked_failed_not_run_for_ever():
    ensure_wire_credits()
    with override_settings(TASKS=DATABASE_TASKS):
        batch = background.enqueue_import([("port.txt", PORT_STORY)])
    # A batch whose options no importer accepts (stored by an older
    # version, or edited by hand): every run of its task would fail alike.
    batch.options = {**batch.options, "status": "on-air"}
    batch.save(update_fields=["options"])
    _drain()

    item = batch.items.get()
    assert (item.state, item.status) == ("done", "failed")
    assert item.error == (
        "port.txt: unexpected error importing this story (ValueError: status must be one of draft, ready, "
        "published, not 'on-air'); the details are in the log"
    )
    batch.refresh_from_db()
    assert batch.finished_at is not None
    with override_settings(TASKS=DATABASE_TASKS):
        assert background.requeue_stalled(older_than=0) == 0


@pytest.mark.django_db(transaction=True)
def test_an_item_whose_task_failed_every_time_is_given_up_after_its_last_attempt():
    ensure_wire_credits()
    with override_settings(TASKS=DATABASE_TASKS):
        batch = background.enqueue_import([("port.txt", PORT_STORY), ("wadi.txt", WADI_STORY)])
        port, wadi = batch.items.order_by("position")
        # Both tasks failed (their workers were killed, say); port.txt has
        # had all its attempts, wadi.txt one more to go.
        DBTaskResult.objects.update(status=TaskResultStatus.FAILED)
        ImportItem.objects.filter(pk=port.pk).update(attempts=background.MAX_ATTEMPTS)
        ImportItem.objects.filter(pk=wadi.pk).update(attempts=background.MAX_ATTEMPTS - 1)

        assert background.requeue_stalled(older_than=0) == 1

    port.refresh_from_db()
    wadi.refresh_from_db()
    assert (port.state, port.status, port.attempts) == ("done", "failed", background.MAX_ATTEMPTS)
    assert port.error == (
        f"port.txt: given up after {background.MAX_ATTEMPTS} attempts, each of which failed "
        "or was left unfinished; see the task backend's log"
    )
    assert (wadi.state, wadi.attempts) == ("queued", background.MAX_ATTEMPTS)
    _drain()
    wadi.refresh_from_db()
    assert (wadi.state, wadi.status) == ("done", "imported")
    batch.refresh_from_db()
    assert batch.finished_at is not None


# --- characters and lengths no column takes ------------------------------------------------


@pytest.mark.django_db
def test_nul_characters_are_dropped_from_the_story_that_carries_them():
    ensure_wire_credits()
    story = json.dumps({
        "uri": "urn:ona:nul-1", "headline": "Port\u0000 reopens", "byline": "Sara\u0000 Said",
        "body_text": "MUSCAT: The port\u0000 reopened on Monday.\n\nShips queued at dawn.",
        "associations": {"p": {"type": "picture", "description_text": "Ships\u0000 at dawn",
                               "copyrightholder": "Lens\u0000 Studio"}},
    })
    assert "\\u0000" in story
    results = list(ingest.import_many([("port.txt", PORT_STORY), ("nul.json", story)]))
    assert [r.status for r in results] == ["imported", "imported"], [r.error for r in results]
    article = Article.objects.get(guid="urn:ona:nul-1")
    assert (article.headline, article.byline, article.dateline) == ("Port reopens", "Sara Said", "MUSCAT")
    assert article.body == "<p>The port reopened on Monday.</p>\n<p>Ships queued at dawn.</p>"
    caption = Caption.objects.get(article=article)
    assert (caption.text, caption.credit_text) == ("Ships at dawn", "Lens Studio")
    assert "\x00" not in article.source_text
    assert any("NUL" in warning for warning in results[1].warnings), results[1].warnings


@pytest.mark.django_db
def test_values_longer_than_their_column_are_cut_with_a_warning_naming_the_field():
    ensure_wire_credits()
    holder = "Gulf Lens Studio and Partners " * 4  # 120 characters; 119 without the last space
    byline = " and ".join(["Reporter Name"] * 20)  # 20 * 13 + 19 * 5 = 355 characters
    story = json.dumps({
        "uri": "urn:ona:long-" + "x" * 300, "headline": "Long credit line", "copyrightholder": holder,
        "byline": byline, "located": "MUSCAT " * 30,
        "body_text": "MUSCAT: A story whose credit is long.\n\nIt imports all the same.",
    })
    [result] = ingest.import_many([("long.json", story)])
    assert result.status == "imported", result.error
    article = result.article
    holder_words = holder.strip()
    assert article.credit_text == holder_words[:100]
    assert article.byline == byline[:200]
    assert article.dateline == " ".join(("MUSCAT " * 30).split())[:120]
    assert article.guid == ("urn:ona:long-" + "x" * 300)[:255]
    warnings = "\n".join(result.warnings)
    assert "credit (text) was 119 characters, more than the 100 it can hold" in warnings
    assert "byline was 355 characters, more than the 200 it can hold" in warnings
    assert "dateline was 209 characters, more than the 120 it can hold" in warnings
    assert "agency guid was 313 characters, more than the 255 it can hold" in warnings
