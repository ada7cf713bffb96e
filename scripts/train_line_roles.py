"""Fit the line-role model on the real-layouts corpus and measure it leaving whole sites out.

    .venv/bin/pip install -e ".[train]"
    .venv/bin/python scripts/train_line_roles.py            # leave-one-site-out report
    .venv/bin/python scripts/train_line_roles.py --write    # also fit on every page and write the weights

Each page of ``tests/fixtures/pages/real`` labels every line with its role;
:func:`newsdesk.wire.line_vectors.line_vectors` turns the lines into named
features.  A multinomial logistic regression is fitted with scikit-learn
(training only: the package reads the weights as data).  Honest measure: the
pages of a site are never in the training set of the model that labels them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsdesk.wire.line_vectors import line_vectors  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "pages" / "real"
STORY_ROLES = ("body", "subheading")


def load_pages(folder: Path) -> list[dict]:
    pages = []
    for path in sorted(folder.glob("*.json")):
        labels = json.loads(path.read_text(encoding="utf-8"))
        lines = path.with_suffix(".txt").read_text(encoding="utf-8").splitlines()
        if len(lines) != len(labels["roles"]):
            print(f"skipped {path.stem}: {len(labels['roles'])} roles for {len(lines)} lines", file=sys.stderr)
            continue
        pages.append({"id": path.stem, "site": labels["site"], "lines": lines, "roles": labels["roles"],
                      "vectors": line_vectors(lines)})
    return pages


def rows(pages: list[dict]) -> tuple[list[dict], list[str]]:
    features, roles = [], []
    for page in pages:
        for vector, role in zip(page["vectors"], page["roles"], strict=True):
            if role != "blank":
                features.append(vector)
                roles.append(role)
    return features, roles


def fit(pages: list[dict], c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    features, roles = rows(pages)
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(features)
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    model.fit(matrix, roles)
    return vectorizer, model


def leave_one_site_out(pages: list[dict], c: float) -> None:
    by_site: dict[str, list[dict]] = defaultdict(list)
    for page in pages:
        by_site[page["site"]].append(page)
    confusion: Counter = Counter()
    body_clean = headline_right = headline_pages = 0
    for site, held in sorted(by_site.items()):
        vectorizer, model = fit([p for p in pages if p["site"] != site], c)
        for page in held:
            kept = [i for i, role in enumerate(page["roles"]) if role != "blank"]
            if not kept:
                continue
            matrix = vectorizer.transform([page["vectors"][i] for i in kept])
            predicted = model.predict(matrix)
            for i, guess in zip(kept, predicted, strict=True):
                confusion[(page["roles"][i], guess)] += 1
            truth_story = {i for i in kept if page["roles"][i] in STORY_ROLES}
            guessed_story = {i for i, guess in zip(kept, predicted, strict=True) if guess in STORY_ROLES}
            body_clean += truth_story == guessed_story
            if "headline" in page["roles"]:
                headline_pages += 1
                column = list(model.classes_).index("headline")
                best = kept[int(model.predict_proba(matrix)[:, column].argmax())]
                headline_right += page["lines"][best].strip() in {
                    page["lines"][i].strip() for i in kept if page["roles"][i] == "headline"
                }
    roles = sorted({truth for truth, _ in confusion})
    print(f"{len(pages)} pages of {len(by_site)} sites, leave-one-site-out, C={c}")
    print(f"body clean (every story line and nothing else): {body_clean}/{len(pages)}")
    print(f"headline (most likely line is a headline copy): {headline_right}/{headline_pages}")
    print(f"{'role':12} {'lines':>6} {'recall':>7} {'precision':>9}")
    for role in roles:
        total = sum(n for (truth, _), n in confusion.items() if truth == role)
        guessed = sum(n for (_, guess), n in confusion.items() if guess == role)
        right = confusion[(role, role)]
        print(f"{role:12} {total:6} {right / total:7.2f} {right / guessed if guessed else 0:9.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("-C", type=float, default=1.0, help="inverse regularisation strength")
    args = parser.parse_args()
    pages = load_pages(args.corpus)
    if not pages:
        sys.exit(f"no labelled pages in {args.corpus}")
    leave_one_site_out(pages, args.C)


if __name__ == "__main__":
    main()
