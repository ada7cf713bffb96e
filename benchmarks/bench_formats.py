"""Parse throughput per agency format (NITF, NewsML-G2, ninjs, IPTC 7901, ANPA-1312), one core.

Usage: ``.venv/bin/python benchmarks/bench_formats.py [--stories N] [--seconds S]``

Prints stories/s and MB/s for each format's samples in
``tests/fixtures/formats`` (the usable stories, each message of the 7901
stream on its own), for :func:`~newsdesk.wire.split_documents` on the
multi-story files, and for :func:`~newsdesk.wire.detect_format` on plain
text (the cost every plain story now pays before the text parser).  The
parsers make no database queries; Django is configured only so the script
runs like the other benchmarks.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from newsdesk.wire import FormatError, decode, detect_format, parse, split_documents  # noqa: E402

FORMATS = ROOT / "tests" / "fixtures" / "formats"
SEED = ROOT / "tests" / "fixtures" / "wire" / "seed_000.txt"


def corpus() -> dict[str, list[str]]:
    by_format: dict[str, list[str]] = {}
    for path in sorted(FORMATS.iterdir()):
        if path.name.startswith("bad_") or path.suffix not in (".xml", ".json", ".txt", ".tst"):
            continue
        text = decode(path.read_bytes(), name=path.name)
        for _, piece in split_documents(text):
            try:
                parse(piece)
            except FormatError:  # not text, or refused by name: no story to time
                continue
            by_format.setdefault(detect_format(piece), []).append(piece)
    return by_format


def measure(call: Callable[[str], object], texts: list[str], stories: int, seconds: float) -> tuple[int, float, int]:
    done = size = 0
    start = time.perf_counter()
    deadline = start + seconds
    while done < stories and time.perf_counter() < deadline:
        for text in texts:
            call(text)
            size += len(text.encode("utf-8"))
            done += 1
    return done, time.perf_counter() - start, size


def report(label: str, call: Callable[[str], object], texts: list[str], args: argparse.Namespace) -> None:
    for text in texts:
        call(text)  # warm up
    done, elapsed, size = measure(call, texts, args.stories, args.seconds)
    print(
        f"{label:34} {done:7d} in {elapsed:5.2f}s  {done / elapsed:9.0f} /s  "
        f"{size / elapsed / 1e6:7.2f} MB/s  (avg {size / done / 1024:.1f} KiB)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=50_000, help="stories per run (max)")
    parser.add_argument("--seconds", type=float, default=3.0, help="time limit per run")
    args = parser.parse_args()
    for name, texts in corpus().items():
        report(f"parse {name} ({len(texts)} samples)", parse, texts, args)
    multi = [
        decode((FORMATS / name).read_bytes(), name=name)
        for name in ("iptc7901_stream.txt", "newsml_message.xml", "ninjs_list.json")
    ]
    report("split_documents (multi-story files)", split_documents, multi, args)
    seed = decode(SEED.read_bytes(), name=SEED.name)
    report("detect_format (plain seed page)", detect_format, [seed], args)
    print("database queries: 0 (the parsers are pure Python)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
