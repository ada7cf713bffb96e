"""Items that are no text story (pictures, video, statistics) are skipped and
counted apart, never failed: by ``import_wire`` (text and ``--json``, exit
status 0), by background batches, by polls and by the admin's import preview.

The agency files are ``tests/fixtures/formats/`` (its README says what each
is).
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from newsdesk import background
from newsdesk.models import Article, IngestSource, StagedStory
from tests.factories import make_staff
from tests.sources_servers import allowed_drop_root, put_old_file  # noqa: F401 (fixture)
from tests.test_import_wire_command import run_cli
from tests.wire_import_support import PORT_STORY, ensure_wire_credits

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
PICTURES = ("ninjs_picture.json", "newsml_picture_item.xml", "newsml_statistics_item.xml")


@pytest.fixture
def drop_folder(tmp_path):
    """A story and three agency items that are no text story."""
    (tmp_path / "port.txt").write_text(PORT_STORY, encoding="utf-8")
    for name in PICTURES:
        shutil.copy(FORMATS / name, tmp_path / name)
    return tmp_path


@pytest.mark.django_db(transaction=True)
def test_import_wire_skips_pictures_counted_apart_and_exits_0(drop_folder):
    ensure_wire_credits()
    code, out, err = run_cli(str(drop_folder), "--glob", "*", "-v", "2")
    assert code == 0, err
    assert list(Article.objects.values_list("headline", flat=True)) == ["Muscat port opens new container terminal"]
    assert "1 imported, 0 duplicates, 3 skipped as not text (pictures, video, statistics), 0 failed" in out
    assert "skipped (not text): ninjs_picture.json: not text: a ninjs picture item" in out
    assert "FAILED" not in err


@pytest.mark.django_db(transaction=True)
def test_import_wire_json_gives_each_skipped_item_its_status_and_reason(drop_folder):
    ensure_wire_credits()
    code, out, err = run_cli(str(drop_folder), "--glob", "*", "--json", "--dry-run")
    assert code == 0, err
    objects = {Path(o["source"]).name: o for o in map(json.loads, out.splitlines())}
    assert objects["port.txt"]["status"] == "dry-run"
    for name, what in zip(PICTURES, ("ninjs picture", "NewsML-G2 picture", "NewsML-G2 statistics"), strict=True):
        assert objects[name]["status"] == "not-text"
        assert objects[name]["reason"] == f"{name}: not text: a {what} item"
        assert "error" not in objects[name]
    assert "3 skipped as not text" in err  # the summary, on stderr beside JSON


@pytest.mark.django_db(transaction=True)
def test_a_failure_beside_pictures_still_fails_the_run(drop_folder):
    ensure_wire_credits()
    shutil.copy(FORMATS / "bad_truncated.xml", drop_folder / "bad_truncated.xml")
    code, out, err = run_cli(str(drop_folder), "--glob", "*")
    assert code == 1
    assert "3 skipped as not text (pictures, video, statistics), 1 failed" in out
    assert "FAILED bad_truncated.xml" in err
    assert "1 of 5 inputs failed" in err


@pytest.mark.django_db
def test_a_background_batch_marks_a_picture_not_text_with_what_it_is(django_capture_on_commit_callbacks):
    ensure_wire_credits()
    with django_capture_on_commit_callbacks(execute=True):
        batch = background.enqueue_import(
            [("port.txt", PORT_STORY), ("photo.xml", (FORMATS / "newsml_picture_item.xml").read_bytes())]
        )
    items = {name: (status, error) for name, status, error in batch.items.values_list("name", "status", "error")}
    assert items == {
        "port.txt": ("imported", ""),
        "photo.xml": ("not-text", "photo.xml: not text: a NewsML-G2 picture item"),
    }
    statuses = background.batch_progress(batch)["statuses"]
    assert (statuses["imported"], statuses["not-text"], statuses["failed"]) == (1, 1, 0)


@pytest.mark.django_db
def test_the_admin_preview_shows_a_picture_skipped_and_offers_only_the_story(client):
    ensure_wire_credits()
    client.force_login(make_staff("editor", "add_article", "change_article", "view_article"))
    photo = SimpleUploadedFile("photo.json", (FORMATS / "ninjs_picture.json").read_bytes(), content_type="text/plain")
    response = client.post(reverse("admin:newsdesk_article_import"), {"text": PORT_STORY, "uploads": [photo]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 item is not a text story (a picture, a video, statistics) and will be skipped." in page
    section = next(s for s in re.findall(r"<section .*?</section>", page, re.DOTALL) if "photo.json —" in s)
    assert 'data-status="not-text"' in section
    assert "skipped, not a text story: photo.json: not text: a ninjs picture item" in section
    assert "errornote" not in section
    assert "Import 1 story as draft" in page
    assert list(StagedStory.objects.values_list("name", flat=True)) == ["pasted text"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("allowed_drop_root")
def test_a_polled_drop_folder_of_pictures_reports_them_not_text_and_no_error(tmp_path):
    ensure_wire_credits()
    drop = tmp_path / "drop"
    drop.mkdir()
    put_old_file(drop / "port.txt", PORT_STORY.encode("utf-8"))
    for name in PICTURES:
        put_old_file(drop / name, (FORMATS / name).read_bytes())
    source = IngestSource.objects.create(name="Drop", slug="drop", kind="directory", location=str(drop))
    stdout = io.StringIO()
    call_command("poll_sources", "--json", "--source", "drop", stdout=stdout)
    [report] = json.loads(stdout.getvalue())
    assert (report["ok"], report["error"], report["new"], report["failed"]) == (True, "", 4, 0)
    assert report["results"] == {"imported": 1, "not-text": 3}
    source.refresh_from_db()
    assert source.last_error == ""
    assert source.last_counts["results"] == {"imported": 1, "not-text": 3}


@pytest.mark.django_db(transaction=True)
def test_import_wire_enqueue_counts_not_text_apart_and_exits_0(drop_folder):
    ensure_wire_credits()
    code, out, err = run_cli(str(drop_folder), "--glob", "*", "--enqueue", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (report["stories"], report["failed"], report["not_text"]) == (4, 0, 3)
    code, out, err = run_cli(str(drop_folder), "--glob", "*.xml", "--enqueue")
    assert code == 0, err
    assert out.splitlines()[0].endswith("2 done, 0 failed, 2 skipped as not text")
