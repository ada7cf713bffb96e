"""Fit the parser's learnt line-role decisions on the real-layouts corpus, measured leaving sites out.

    .venv/bin/pip install -e ".[train]"
    .venv/bin/python scripts/train_line_roles.py                # leave-one-site-out report
    .venv/bin/python scripts/train_line_roles.py --folds 10     # grouped 10-fold by site (faster)
    .venv/bin/python scripts/train_line_roles.py --write        # also fit on every page, write the weights

Each page of the corpus (``tests/fixtures/pages/real``, or ``--corpus``, or
the ``NEWSDESK_REAL_PAGES`` environment variable) labels every line with its
role.  The parser is run once per page with the hand rules alone and
*records* every decision it reaches (:mod:`newsdesk.wire.learnt_roles`): the
headline candidates, the standfirst candidates, the lines of the story span
in doubt, each as named features.  A logistic regression per decision is
fitted with scikit-learn (training only: the package reads the weights as
data, ``newsdesk/wire/data/line_roles.json``).

Honest measure: pages are grouped by the site's registrable domain
(``english.aawsat.com`` and ``aawsat.com`` are one site); the model that
parses a page was never fitted on a page of its site.  The WHOLE parser is
graded per fold with ``tests/fixtures/pages/grade.py``'s fields.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsdesk.wire.agencies import index_for  # noqa: E402
from newsdesk.wire.chrome import matcher_for  # noqa: E402
from newsdesk.wire.line_model import DECISIONS, HAND_RULES, WEIGHTS_FILE, LineRoleModel  # noqa: E402
from newsdesk.wire.parser import _Parser, parse_text  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "pages" / "real"
GRADE = ROOT / "tests" / "fixtures" / "pages" / "grade.py"
#: What counts as the decision's role, per decision.
POSITIVE = {"byline": ("byline",), "lead": (), "start": ("body",), "headline": ("headline",),
            "standfirst": ("standfirst",), "story": ("body", "subheading")}
#: Inverse regularisation strength per decision: one value, chosen on the leave-one-site-out figures
#: as a whole (0.3, 1 and 3 were tried), never per page.
C = dict.fromkeys(("start", "headline", "standfirst", "byline", "story", "lead"), 1.0)
_SECOND_LEVEL = frozenset({"com", "co", "net", "org", "gov", "edu", "ac", "news"})


def site_group(site: str) -> str:
    """The registrable domain: ``english.aawsat.com`` → ``aawsat.com``, ``bbc.co.uk`` stays."""
    parts = site.casefold().strip(".").split(".")
    if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL and len(parts[-1]) == 2:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def default_corpus() -> Path:
    return Path(os.environ.get("NEWSDESK_REAL_PAGES", CORPUS))


def load_grader():
    spec = importlib.util.spec_from_file_location("grade_pages", GRADE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def record(text: str) -> list[tuple[str, int, dict[str, float]]]:
    """Every decision the parser reaches on ``text``, with its features (hand rules deciding)."""
    parser = _Parser(index_for(None), matcher_for((), ()), HAND_RULES)
    parser.record = []
    parser.run(text)
    return parser.record


def load_pages(folder: Path) -> list[dict]:
    pages = []
    for path in sorted(folder.glob("*.json")):
        labels = json.loads(path.read_text(encoding="utf-8"))
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        roles = labels.get("roles") or []
        if len(text.split("\n")) - 1 != len(roles) and len(text.splitlines()) != len(roles):
            print(f"skipped {path.stem}: {len(roles)} roles for {len(text.splitlines())} lines", file=sys.stderr)
            continue
        first = " ".join(labels["paragraphs"][0].split()) if labels.get("paragraphs") else None
        rows = []
        for decision, number, features, *extra in record(text):
            if decision == "lead":  # a split of the first paragraph: right when the rest is it
                rows.append((decision, features, " ".join(extra[0].split()) == first))
            elif number < len(roles):
                rows.append((decision, features, roles[number] in POSITIVE[decision]))
        pages.append({"id": path.stem, "path": str(path.with_suffix(".txt")),
                      "group": site_group(labels["site"]), "rows": rows})
    return pages


def fit(pages: list[dict]) -> LineRoleModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    weights: dict[str, dict[str, float]] = {}
    for decision in DECISIONS:
        features = [row[1] for page in pages for row in page["rows"] if row[0] == decision]
        labels = [row[2] for page in pages for row in page["rows"] if row[0] == decision]
        if len(set(labels)) < 2:
            continue
        vectorizer = DictVectorizer()
        matrix = vectorizer.fit_transform(features)
        model = LogisticRegression(C=C[decision], max_iter=3000)
        model.fit(matrix, labels)
        table = {"bias": round(float(model.intercept_[0]), 5)}
        for name, weight in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True):
            if abs(weight) >= 1e-4:
                table[str(name)] = round(float(weight), 5)
        weights[decision] = table
    return LineRoleModel(weights)


#: Set by ``--diffs``: print what differs on every held-out page.
SHOW_DIFFS = False


def grade(pages: list[dict], model: LineRoleModel, grader, show: bool = False) -> dict[str, int]:
    """grade.py's fields over ``pages``, each parsed with ``model``."""
    grader.parse = lambda text, source_name="": parse_text(text, line_model=model)
    canon = grader.make_canon(True)
    totals = {field: 0 for field in grader.FIELDS}
    for page in pages:
        name, results, diffs, _counts = grader.grade_page(page["path"], False, canon)
        for field in grader.FIELDS:
            totals[field] += bool(results.get(field))
        if show and diffs:
            print(f"== {name}\n" + "\n".join(diffs))
    return totals


def folds_of(pages: list[dict], k: int | None) -> list[list[dict]]:
    """The held-out pages of each fold: one site each, or ``k`` folds of whole sites."""
    by_group: dict[str, list[dict]] = defaultdict(list)
    for page in pages:
        by_group[page["group"]].append(page)
    groups = sorted(by_group)
    if not k:
        return [by_group[group] for group in groups]
    # Whole sites dealt round-robin, largest first, so folds are about even.
    groups.sort(key=lambda group: (-len(by_group[group]), group))
    folds: list[list[dict]] = [[] for _ in range(k)]
    for n, group in enumerate(groups):
        folds[n % k].extend(by_group[group])
    return [fold for fold in folds if fold]


def cross_validate(pages: list[dict], k: int | None, grader) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for held in folds_of(pages, k):
        held_ids = {page["id"] for page in held}
        model = fit([page for page in pages if page["id"] not in held_ids])
        for field, value in grade(held, model, grader, SHOW_DIFFS).items():
            totals[field] += value
    return dict(totals)


def table(rows: dict[str, dict[str, int]], count: int) -> str:
    names = list(rows)
    fields = list(next(iter(rows.values())))
    lines = [f"{'field':<12}" + "".join(f"{name:>16}" for name in names)]
    for field in fields:
        cells = "".join(f"{rows[name][field]:>9}/{count} {100 * rows[name][field] / count:3.0f}%" for name in names)
        lines.append(f"{field:<12}{cells}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--folds", type=int, default=0, help="grouped k-fold by site instead of leave-one-site-out")
    parser.add_argument("--write", action="store_true", help=f"fit on every page and write {WEIGHTS_FILE.name}")
    parser.add_argument("--diffs", action="store_true", help="print what differs on every held-out page")
    args = parser.parse_args()
    global SHOW_DIFFS
    SHOW_DIFFS = args.diffs
    pages = load_pages(args.corpus)
    if not pages:
        sys.exit(f"no labelled pages in {args.corpus}")
    grader = load_grader()
    sites = len({page["group"] for page in pages})
    scheme = f"grouped {args.folds}-fold by site" if args.folds else "leave-one-site-out"
    rows = {"hand rules": grade(pages, HAND_RULES, grader), scheme: cross_validate(pages, args.folds, grader)}
    print(f"{len(pages)} pages of {sites} sites ({scheme})")
    if args.write:
        model = fit(pages)
        rows["in-sample"] = grade(pages, model, grader)
        model.meta = {"pages": len(pages), "sites": sites, "in_sample": rows["in-sample"],
                      scheme: rows[scheme], "hand_rules": rows["hand rules"],
                      "page_ids": sorted(page["id"] for page in pages)}
        WEIGHTS_FILE.parent.mkdir(exist_ok=True)
        WEIGHTS_FILE.write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                                encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE.relative_to(ROOT)}")
    print(table(rows, len(pages)))


if __name__ == "__main__":
    main()
