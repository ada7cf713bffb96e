"""Agency formats through the importer: each file read by its content, a
stream of several stories imported story by story, versions of one guid
updating one article, a cancellation withdrawing it, and a malformed or
unsafe document failing alone while the others land.

The files are ``tests/fixtures/formats/`` (its README says what each is);
the expected headlines and texts are read off those files.
"""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from newsdesk.ingest import FAILED, IMPORTED, UPDATED, WITHDRAWN, import_files
from newsdesk.models import Article, FurnitureLine

pytestmark = pytest.mark.django_db

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"

RUN = [
    "nitf_full_en.xml",
    "bad_xxe.xml",
    "nitf_update_en.xml",
    "iptc7901_stream.txt",
    "bad_billion_laughs.xml",
    "bad_truncated.xml",
    "bad_encoding_declaration.xml",
    "ninjs_list.json",
    "nitf_canceled.xml",
]


@pytest.fixture
def run_dir(tmp_path):
    for name in RUN:
        shutil.copy(FORMATS / name, tmp_path / name)
    return tmp_path


def test_a_mixed_run_imports_every_readable_story_and_fails_the_bad_files_alone(run_dir):
    results = list(import_files([run_dir / name for name in RUN]))
    by_name = {Path(r.source_name).name: r for r in results}

    # One result per story: the 7901 stream holds three, the ninjs list two.
    assert sorted(by_name) == sorted([
        "nitf_full_en.xml", "bad_xxe.xml", "nitf_update_en.xml",
        "iptc7901_stream.txt#1", "iptc7901_stream.txt#2", "iptc7901_stream.txt#3",
        "bad_billion_laughs.xml", "bad_truncated.xml", "bad_encoding_declaration.xml",
        "ninjs_list.json#1", "ninjs_list.json#2", "nitf_canceled.xml",
    ])

    for bad, words in [
        ("bad_xxe.xml", "forbidden: the document declares an external entity"),
        ("bad_billion_laughs.xml", "forbidden: the document declares an entity"),
        ("bad_truncated.xml", "not a well-formed NITF document"),
        ("bad_encoding_declaration.xml", "UTF-16"),
    ]:
        result = by_name[bad]
        assert result.status == FAILED
        assert bad in result.error and words in result.error, result.error

    # NITF: version 1 imported, version 2 (same doc-id) replaced the untouched
    # draft, and the cancellation withdrew it.
    assert by_name["nitf_full_en.xml"].status == IMPORTED
    assert by_name["nitf_update_en.xml"].status == UPDATED
    assert by_name["nitf_canceled.xml"].status == WITHDRAWN
    budget = Article.objects.get(guid="urn:ona:2025:oman-budget-0412")
    assert budget.status == Article.Status.WITHDRAWN
    assert budget.withdrawal_reason == "Story canceled: the session was postponed"
    assert by_name["nitf_canceled.xml"].as_dict()["id"] == budget.pk

    # 7901: the fisheries story, an Arabic one, and the fisheries story's
    # write-through, which updated the first.
    assert by_name["iptc7901_stream.txt#1"].status == IMPORTED
    assert by_name["iptc7901_stream.txt#2"].status == IMPORTED
    assert by_name["iptc7901_stream.txt#3"].status == UPDATED
    fisheries = Article.objects.get(pk=by_name["iptc7901_stream.txt#1"].article.pk)
    assert fisheries.headline == "Oman fish exports rise 12 percent"
    assert "cold-storage plants opened in Duqm" in fisheries.body
    assert fisheries.dateline.startswith("MUSCAT")

    assert by_name["ninjs_list.json#1"].status == IMPORTED
    assert by_name["ninjs_list.json#2"].status == IMPORTED

    # Budget, fisheries, the Arabic 7901 story and the two ninjs items.
    assert Article.objects.count() == 5


def test_the_same_run_again_creates_nothing(run_dir):
    list(import_files([run_dir / name for name in RUN]))
    before = Article.objects.count()
    again = list(import_files([run_dir / name for name in RUN]))
    assert Article.objects.count() == before
    assert {r.status for r in again} <= {"duplicate", FAILED, WITHDRAWN}


def test_markup_is_never_learnt_as_page_furniture(run_dir):
    # Ten NITF files share their XML lines; a run learning furniture from
    # them would take "</body.content>" for a paper's chrome.
    for index in range(10):
        text = (FORMATS / "nitf_full_en.xml").read_text(encoding="utf-8")
        text = text.replace("urn:ona:2025:oman-budget-0412", f"urn:ona:2025:story-{index}")
        text = text.replace("Oman approves", f"Oman approves ({index})")
        (run_dir / f"copy{index}.xml").write_text(text, encoding="utf-8")
    list(import_files(sorted(run_dir.glob("copy*.xml")), source="Oman News Agency"))
    assert not FurnitureLine.objects.filter(text__contains="<").exists()


def test_import_wire_json_reports_each_story_of_a_stream(run_dir):
    out = StringIO()
    call_command("import_wire", str(run_dir / "iptc7901_stream.txt"), "--json", stdout=out)
    stories = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    assert [s["status"] for s in stories] == [IMPORTED, IMPORTED, UPDATED]
    assert stories[0]["headline"] == "Oman fish exports rise 12 percent"
    assert stories[0]["format"] == "iptc7901"
    assert stories[2]["id"] == stories[0]["id"]
