"""The peer conformance suite: agency documents as agencies really send them.

``../shared/peer_formats/`` (beside the repository; ``NEWSDESK_SHARED``
points elsewhere) holds documents from Superdesk's ingest tests and IPTC's
own examples, the values Superdesk's tests assert (``expected.json``), and
``run.py``, which grades a checkout.  Nothing of it is copied here: the
grader is run as it is, parse only (``--no-command``), on this checkout, and
its results are held to:

* at least :data:`FLOOR` fixtures read right: the count can only rise
  (raise :data:`FLOOR` when a change reads more of them right);
* none crashed;
* no document of the suite read as plain text (every one of them is a
  structured agency document, or a format refused by name).

Skipped, saying why, when the suite is not there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSDESK_SHARED") or ROOT.parent / "shared")
SUITE = SHARED / "peer_formats"
#: Fixtures read right on this checkout (of 125 graded); raise it, never lower it.
FLOOR = 124
#: A guard against a hang, ten times what the parse-only run needs on a busy machine.
TIMEOUT = 300

pytestmark = pytest.mark.skipif(
    not (SUITE / "run.py").is_file(),
    reason=f"the peer conformance suite is not at {SUITE} (set NEWSDESK_SHARED to the folder holding peer_formats/)",
)


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict:
    """The grader's results for every fixture, on this checkout's newsdesk."""
    out = tmp_path_factory.mktemp("peer") / "results.json"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    done = subprocess.run(
        [sys.executable, str(SUITE / "run.py"), "--no-command", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return json.loads(out.read_text("utf-8"))


def graded(results: dict) -> dict:
    """The fixtures the grader counts (probes of formats not claimed are not)."""
    return {name: r for name, r in results.items() if r["expect"] != "probe"}


def test_the_grader_ran_this_checkout(results):
    # The stories it read carry this checkout's formats (NewsML 1 is read here).
    assert results["sd__afp.xml"]["detected"] == "newsml-1"


def test_at_least_the_pinned_number_of_fixtures_read_right(results):
    counted = graded(results)
    right = sorted(name for name, r in counted.items() if r["verdict"] == "RIGHT")
    missed = sorted(f"{name} ({r['verdict']})" for name, r in counted.items() if r["verdict"] != "RIGHT")
    assert len(right) >= FLOOR, f"{len(right)} of {len(counted)} right, fewer than {FLOOR}; not right: {missed}"


def test_no_fixture_crashes_the_reader(results):
    crashed = {name: r["error"] for name, r in results.items() if r["kind"] == "crash" or r.get("later_crash")}
    assert crashed == {}


def test_no_agency_document_is_read_as_plain_text(results):
    as_text = sorted(f"{name} ({r['format']})" for name, r in results.items() if r["detected"] == "text")
    assert as_text == []
