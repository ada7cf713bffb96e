"""Saved web pages: body F1 and pages/s on the article extraction benchmark, one core.

Usage: ``.venv/bin/python benchmarks/bench_html_pages.py [--limit N]``

Reads the 181 pages of ``../shared/html_pages/`` (``NEWSDESK_SHARED``
points elsewhere; the pages are third-party text and stay out of the
repository) with :func:`newsdesk.wire.parse`, scores each body with the
benchmark's own grader (``grade.py``'s ``page_counts``: 4-token shingles,
per-page normalisation) and prints F1, precision and recall over all pages,
then pages/s and MB/s for reading them (decompressing and scoring not
counted).  ``grade.py`` alone prints the same F1; this adds the speed.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsdesk.wire import FormatError, parse  # noqa: E402

SHARED = Path(os.environ.get("NEWSDESK_SHARED") or ROOT.parent / "shared")
PAGES = SHARED / "html_pages"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="read only the first N pages")
    args = ap.parse_args()
    if not (PAGES / "grade.py").is_file():
        print(f"the article extraction benchmark is not at {PAGES} (set NEWSDESK_SHARED)", file=sys.stderr)
        return 1
    spec = importlib.util.spec_from_file_location("html_pages_grade", PAGES / "grade.py")
    assert spec is not None and spec.loader is not None
    grade = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(grade)
    truth = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[: args.limit or None]
    pages = {
        key: gzip.decompress((PAGES / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")
        for key in keys
    }
    bodies: dict[str, str] = {}
    refused = 0
    start = time.perf_counter()
    for key, page in pages.items():
        try:
            bodies[key] = "\n".join(parse(page).paragraphs)
        except FormatError:
            bodies[key] = ""
            refused += 1
    elapsed = time.perf_counter() - start
    sums = [0.0, 0.0, 0.0]
    for key in keys:
        for i, value in enumerate(grade.page_counts(truth[key]["articleBody"], bodies[key])):
            sums[i] += value
    tp, fp, fn = sums
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    size = sum(len(page.encode("utf-8")) for page in pages.values())
    print(f"html pages: F1 {f1:.4f} precision {precision:.4f} recall {recall:.4f} over {len(keys)} pages")
    print(
        f"read {len(keys)} pages ({refused} refused) in {elapsed:.1f} s: "
        f"{len(keys) / elapsed:.1f} pages/s, {size / elapsed / 1e6:.2f} MB/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
