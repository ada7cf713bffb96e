"""Two ``poll_sources`` runs at once, for real (cron started the next run
before the last one ended): a due source is polled by one of them only.

Only PostgreSQL and MariaDB: the suite's SQLite database lives in one
process's memory, so no second process can reach it.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from newsdesk.models import Article, FetchedItem, IngestSource
from newsdesk.sources import polling
from tests.processes import command_process, needs_other_processes
from tests.sources_servers import fixture_bytes, http_server  # noqa: F401 (fixture)
from tests.wire_import_support import ensure_wire_credits

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_other_processes,
]


def run_poll() -> subprocess.Popen:
    return command_process("poll_sources", "--json")


def test_two_runs_at_once_poll_a_due_source_once(http_server):
    ensure_wire_credits()
    # The endpoint answers after a second: the first run is still polling
    # when the second one looks at the source.
    http_server.publish("/latest", fixture_bytes("ninjs.json"), content_type="application/json", delay=1)
    IngestSource.objects.create(name="Gulf Wire", slug="gulf-wire", kind="documents",
                                location=http_server.url("/latest"), timeout=10)

    processes = [run_poll(), run_poll()]
    outputs = [process.communicate(timeout=120) for process in processes]
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err[-3000:]

    reports = [json.loads(out)[0] for out, _ in outputs]
    polled = [report for report in reports if report["polled"]]
    skipped = [report for report in reports if not report["polled"]]
    assert len(polled) == 1 and polled[0]["new"] == 1
    # The other run read the source either before the claim (and lost it)
    # or after (and found it polled a moment ago).
    assert len(skipped) == 1 and skipped[0]["skipped"] in (polling.BUSY, polling.NOT_DUE)
    assert len(http_server.asked("/latest")) == 1
    assert FetchedItem.objects.count() == 1
    assert Article.objects.filter(guid="urn:gulfwire:ninjs:2025:abu-dhabi-solar").count() == 1
