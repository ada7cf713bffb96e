"""``manage.py import_wire``: inputs, options, output and exit codes
(DESIGN.md's contract).  Exit codes are checked through ``run_from_argv``,
the path ``manage.py`` takes, so argparse usage errors count too."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from newsdesk.management.commands.import_wire import Command
from newsdesk.models import Article, WireCredit
from tests.wire_import_support import FALCON_STORY, PORT_STORY, WADI_STORY, ensure_wire_credits, seed_text

pytestmark = pytest.mark.django_db(transaction=True)

DESIGN_KEYS = {"headline", "dateline", "byline", "credit", "captions", "paragraphs",
               "page_date", "page_hijri", "weather", "warnings"}


@pytest.fixture(autouse=True)
def _credits(transactional_db):
    ensure_wire_credits()


def run_cli(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    """Run the command as ``manage.py`` would; return (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    command = Command(stdout=out, stderr=err)
    argv = ["manage.py", "import_wire", *args]
    code = 0
    try:
        if stdin is not None:
            # run_from_argv has no stdin option: go through execute() the same way.
            parser = command.create_parser("manage.py", "import_wire")
            options = vars(parser.parse_args(args))
            command.execute(*options.pop("args", ()), stdin=io.BytesIO(stdin), **options)
        else:
            command.run_from_argv(argv)
    except SystemExit as exc:
        code = exc.code
    except CommandError as exc:
        code = exc.returncode
        err.write(str(exc))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def wire_dir(tmp_path):
    (tmp_path / "port.txt").write_text(PORT_STORY, encoding="utf-8")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "falcon.txt").write_text(FALCON_STORY, encoding="utf-8")
    (tmp_path / "nested" / "notes.md").write_text(WADI_STORY, encoding="utf-8")
    return tmp_path


def test_directory_is_searched_recursively_for_txt(wire_dir, capsys):
    code, out, err = run_cli(str(wire_dir))
    assert code == 0, err
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "Falcon festival draws record crowd",
        "Muscat port opens new container terminal",
    ]
    assert "2 imported, 0 duplicates, 0 failed" in out
    assert all(a.status == "draft" for a in Article.objects.all())


def test_glob_changes_what_is_found(wire_dir):
    code, out, err = run_cli(str(wire_dir), "--glob", "*.md")
    assert code == 0, err
    assert list(Article.objects.values_list("headline", flat=True)) == ["Heavy rain floods wadis across Dhofar"]


def test_bad_file_among_good_ones_fails_alone_exit_1(tmp_path):
    (tmp_path / "a_good.txt").write_text(PORT_STORY, encoding="utf-8")
    (tmp_path / "b_bad.txt").write_bytes(b"Headline\n\nCaf\xe9 au lait\n")
    (tmp_path / "c_good.txt").write_text(FALCON_STORY, encoding="utf-8")

    code, out, err = run_cli(str(tmp_path))

    assert code == 1
    assert "b_bad.txt" in err
    assert "a_good.txt" not in err and "c_good.txt" not in err
    assert Article.objects.count() == 2
    assert "2 imported, 0 duplicates, 1 failed" in out


def test_second_run_reports_duplicates_and_exits_0(wire_dir):
    assert run_cli(str(wire_dir))[0] == 0
    code, out, err = run_cli(str(wire_dir))
    assert code == 0, err
    assert "0 imported, 2 duplicates, 0 failed" in out
    assert Article.objects.count() == 2


def test_dry_run_saves_nothing_and_says_so(wire_dir):
    code, out, err = run_cli(str(wire_dir), "--dry-run")
    assert code == 0, err
    assert "dry run: nothing saved" in out
    assert "2 would be imported" in out
    assert Article.objects.count() == 0


def test_json_prints_one_object_per_story_with_design_keys(tmp_path):
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text(), encoding="utf-8")
    (tmp_path / "port.txt").write_text(PORT_STORY, encoding="utf-8")

    code, out, err = run_cli(str(seed), str(tmp_path / "port.txt"), "--json")

    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2  # nothing but JSON on stdout; the summary is on stderr
    first, second = (json.loads(line) for line in lines)
    assert DESIGN_KEYS | {"id", "status", "source"} <= set(first)
    assert first["headline"] == "Russia, US diplomats discuss 'next steps' on Ukraine"
    assert first["credit"] == "AFP"
    assert first["status"] == "imported"
    assert first["id"] == Article.objects.get(headline=first["headline"]).pk
    assert first["source"] == str(seed)
    assert second["dateline"] == "MUSCAT"
    assert second["credit"] == "ONA"
    assert "1 imported" not in out and "2 imported" in err


def test_json_dry_run_has_no_id(tmp_path):
    (tmp_path / "port.txt").write_text(PORT_STORY, encoding="utf-8")
    code, out, err = run_cli(str(tmp_path), "--json", "--dry-run")
    assert code == 0
    [data] = [json.loads(line) for line in out.splitlines()]
    assert data["status"] == "dry-run"
    assert data["id"] is None
    assert "dry run: nothing saved" in err


def test_stdin_dash_imports_one_story():
    code, out, err = run_cli("-", stdin=PORT_STORY.encode("utf-8"))
    assert code == 0, err
    article = Article.objects.get()
    assert article.headline == "Muscat port opens new container terminal"
    assert article.source_name == "<stdin>"


def test_call_command_accepts_stdin():
    call_command("import_wire", "-", stdin=io.BytesIO(FALCON_STORY.encode()), stdout=io.StringIO())
    assert Article.objects.get().dateline == "DUBAI"


def test_cp1256_encoding(tmp_path):
    text = "افتتاح مهرجان مسقط\n\nمسقط: افتتح مهرجان مسقط مساء الخميس بحضور آلاف الزوار.\n"
    (tmp_path / "ar.txt").write_bytes(text.encode("cp1256"))
    # Read as UTF-8 these bytes are invalid: the default encoding fails the file.
    assert run_cli(str(tmp_path))[0] == 1
    code, out, err = run_cli(str(tmp_path), "--encoding", "cp1256")
    assert code == 0, err
    assert Article.objects.get().headline == "افتتاح مهرجان مسقط"


def test_status_option(wire_dir):
    code, out, err = run_cli(str(wire_dir / "port.txt"), "--status", "ready")
    assert code == 0, err
    assert Article.objects.get().status == "ready"


def test_credit_option_forces_the_agency(wire_dir):
    code, out, err = run_cli(str(wire_dir / "port.txt"), "--credit", "Reuters")
    assert code == 0, err
    assert Article.objects.get().credit == WireCredit.objects.get(short_name="Reuters")


@pytest.mark.parametrize(
    "args",
    [
        ["--status", "withdrawn"],
        ["--status", "live"],
        ["--credit", "Nowhere Agency"],
        ["--encoding", "klingon-8"],
        [],  # no PATH at all
    ],
)
def test_bad_usage_exits_2_and_imports_nothing(wire_dir, args, capsys):
    paths = [str(wire_dir)] if args else []
    code, out, err = run_cli(*paths, *args)
    assert code == 2
    assert Article.objects.count() == 0


def test_missing_path_is_bad_usage_and_nothing_is_imported(wire_dir):
    code, out, err = run_cli(str(wire_dir / "port.txt"), str(wire_dir / "missing.txt"))
    assert code == 2
    assert "missing.txt" in err
    assert Article.objects.count() == 0


def test_verbosity_2_names_each_story_and_0_is_silent(wire_dir):
    code, out, err = run_cli(str(wire_dir / "port.txt"), "-v", "2")
    assert "imported #" in out and "Muscat port opens new container terminal" in out
    code, out, err = run_cli(str(wire_dir / "port.txt"), "-v", "0")
    assert code == 0 and out == ""


def test_failure_with_call_command_raises_command_error(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_wire", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    assert excinfo.value.returncode == 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_with_many_files(tmp_path):
    for i in range(8):
        (tmp_path / f"{i}.txt").write_text(PORT_STORY.replace("Monday", f"day {i}"), encoding="utf-8")
    terminal = _Terminal()
    Command(stdout=terminal, stderr=io.StringIO()).run_from_argv(["manage.py", "import_wire", str(tmp_path)])
    assert "\r[" in terminal.getvalue() and "8/8" in terminal.getvalue()
    assert "8 imported" in terminal.getvalue()

    plain = io.StringIO()
    Command(stdout=plain, stderr=io.StringIO()).run_from_argv(["manage.py", "import_wire", str(tmp_path)])
    assert "\r[" not in plain.getvalue()
    assert "0 imported, 8 duplicates" in plain.getvalue()


def test_directory_files_are_imported_in_name_order(tmp_path):
    # Created in reverse so that creation order and name order differ.
    (tmp_path / "b").mkdir()
    (tmp_path / "c.txt").write_text(WADI_STORY, encoding="utf-8")
    (tmp_path / "b" / "z.txt").write_text(FALCON_STORY, encoding="utf-8")
    (tmp_path / "a.txt").write_text(PORT_STORY, encoding="utf-8")
    code, out, err = run_cli(str(tmp_path), "-v", "2")
    assert code == 0, err
    sources = [line.rsplit(" from ", 1)[1] for line in out.splitlines() if line.startswith("imported #")]
    assert sources == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "z.txt"), str(tmp_path / "c.txt")]
