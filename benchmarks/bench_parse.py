"""Parse throughput of the pure wire parser on seed-sized stories, one core.

Usage: ``.venv/bin/python benchmarks/bench_parse.py [--stories N] [--seconds S]``

Prints stories/s and MB/s for the seed page, for a mix of the test
fixtures grown to seed size (so the Arabic, caption-heavy and chrome-heavy
paths are measured too) and for the graded pages of Gulf papers in
``tests/fixtures/pages`` as they are.  The target is 5,000 stories/s on
seed-sized pages.  The parser makes
no database queries; Django is configured only so the script runs like the
other benchmarks.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from newsdesk.wire import decode, parse  # noqa: E402
from newsdesk.wire.line_model import HAND_RULES  # noqa: E402
from newsdesk.wire.parser import parse_text  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "wire"
PAGES = ROOT / "tests" / "fixtures" / "pages"
TARGET = 5_000


def seed_sized(text: str, size: int) -> str:
    """Lengthen a fixture's middle paragraphs until the story is about ``size`` characters.

    Paragraphs grow in place (as long as the seed's, about 500 characters)
    rather than multiply, so the page keeps the seed's shape: a few dozen
    lines, one dateline, one credit.
    """
    blocks = text.split("\n\n")
    if len(blocks) < 4:
        return text
    middle = range(2, len(blocks) - 1)
    while len(text) < size:
        for i in middle:
            blocks[i] = f"{blocks[i]} {blocks[i].split(chr(10))[0]}"
        text = "\n\n".join(blocks)
    return text


def corpus() -> dict[str, list[str]]:
    seed = decode((FIXTURES / "seed_000.txt").read_bytes(), name="seed_000.txt")
    mix = []
    for path in sorted(FIXTURES.glob("*.txt")):
        encoding = "cp1256" if "cp1256" in path.name else "utf-8"
        mix.append(seed_sized(decode(path.read_bytes(), encoding=encoding, name=path.name),
                              len(seed)))
    # Whole pages in the layouts of Gulf papers, as scraped (not resized).
    pages = [path.read_text(encoding="utf-8") for path in sorted(PAGES.glob("*/*.txt"))]
    return {"seed page": [seed], "fixture mix (seed-sized)": mix, "Gulf paper pages (as is)": pages}


def hand_rules_only(text: str):
    """The parser without its learnt line-role model: the old parser, measured in the same run."""
    return parse_text(text, line_model=HAND_RULES)


def measure(texts: list[str], stories: int, seconds: float, parse=parse) -> tuple[int, float, int]:
    done = chars = 0
    start = time.perf_counter()
    deadline = start + seconds
    while done < stories and time.perf_counter() < deadline:
        for text in texts:
            parse(text)
            chars += len(text.encode("utf-8"))
            done += 1
    return done, time.perf_counter() - start, chars


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=50_000, help="stories per run (max)")
    parser.add_argument("--seconds", type=float, default=5.0, help="time limit per run")
    args = parser.parse_args()
    ok = True
    for label, texts in corpus().items():
        for text in texts[:3]:
            parse(text)  # warm up compiled patterns and imports
        done, elapsed, size = measure(texts, args.stories, args.seconds)
        rate = done / elapsed
        if "seed" in label:
            ok = ok and rate >= TARGET
        avg = size / done / 1024
        print(
            f"{label:28} {done:7d} stories in {elapsed:5.2f}s  "
            f"{rate:8.0f} stories/s  {size / elapsed / 1e6:6.2f} MB/s  "
            f"(avg {avg:.1f} KiB, target {TARGET} stories/s: {'ok' if rate >= TARGET else 'MISSED'})"
        )
        done, elapsed, size = measure(texts, args.stories, args.seconds, hand_rules_only)
        print(f"{'  hand rules only (old)':28} {done:7d} stories in {elapsed:5.2f}s  {done / elapsed:8.0f} stories/s")
    print("database queries: 0 (the parser is pure Python)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
