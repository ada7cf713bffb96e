"""``manage.py import_wire``: inputs, options, output and exit codes
(DESIGN.md's contract).  Exit codes are checked through ``run_from_argv``,
the path ``manage.py`` takes, so argparse usage errors count too."""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from newsdesk.management.commands.import_wire import Command
from newsdesk.models import Article, HijriMonthStart, WireCredit
from tests.news_messages import news_message
from tests.wire_import_support import (
    COURT_HEADLINE,
    COURT_SECTION_LABEL,
    FALCON_STORY,
    PORT_STORY,
    WADI_STORY,
    court_page,
    ensure_wire_credits,
    seed_text,
)

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
    assert first["source"] == "seed.txt"  # the file name, not the server path
    assert second["dateline"] == "MUSCAT"
    assert second["credit"] == "ONA"
    assert "1 imported" not in out and "2 imported" in err


def test_json_has_the_alternative_the_parser_considered(tmp_path):
    # An invented court story under a three-word section label: the real
    # headline is read as the headline, and the label it won over is offered
    # as the alternative (the choice is close enough to be doubtful).
    (tmp_path / "court.txt").write_text(court_page(COURT_SECTION_LABEL), encoding="utf-8")
    (tmp_path / "port.txt").write_text(PORT_STORY, encoding="utf-8")
    code, out, err = run_cli(str(tmp_path / "court.txt"), str(tmp_path / "port.txt"), "--json", "--dry-run")
    assert code == 0, err
    court, port = (json.loads(line) for line in out.splitlines())
    assert court["headline"] == COURT_HEADLINE
    assert court["alternatives"] == {"headline": COURT_SECTION_LABEL}
    assert port["alternatives"] == {}


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


@pytest.mark.usefixtures("no_update_recognition")
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
    assert sources == ["a.txt", "b/z.txt", "c.txt"]  # relative to the directory given


# --- issue 8: bounds and kinds of input, unreadable directories, JSON for failures ---


def test_json_has_one_object_per_input_failures_included(tmp_path):
    (tmp_path / "a_good.txt").write_text(PORT_STORY, encoding="utf-8")
    (tmp_path / "b_bad.txt").write_bytes(b"Headline\n\nCaf\xe9 au lait\n")
    (tmp_path / "c_empty.txt").write_text("\n\n  \n", encoding="utf-8")

    code, out, err = run_cli(str(tmp_path), "--json")

    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["source"] for line in lines] == ["a_good.txt", "b_bad.txt", "c_empty.txt"]
    assert [line["status"] for line in lines] == ["imported", "failed", "failed"]
    undecodable, empty = lines[1], lines[2]
    # Same keys as every other object, with the error and no id.
    assert set(undecodable) == set(lines[0]) | {"error"}
    assert undecodable["id"] is None and undecodable["headline"] == ""
    assert "byte 0xe9 at offset 13" in undecodable["error"]  # H-e-a-d-l-i-n-e, 2 newlines, C-a-f: 13 bytes before it
    assert empty["id"] is None and empty["error"]
    assert "FAILED" in err and "b_bad.txt" in err and "c_empty.txt" in err  # still named on stderr


@override_settings(NEWSDESK={"IMPORT_MAX_STORY_SIZE": 200})
def test_a_story_over_the_size_limit_is_refused_without_being_read(tmp_path):
    (tmp_path / "a_big.txt").write_text(WADI_STORY, encoding="utf-8")
    # (A one-word line is read as a section label, so the headline has a few words.)
    (tmp_path / "b_small.txt").write_text("A small harbour story\n\nMUSCAT: A small story.\n", encoding="utf-8")
    size = len(WADI_STORY.encode())
    assert size > 200

    code, out, err = run_cli(str(tmp_path), "--json")

    assert code == 1
    big, small = (json.loads(line) for line in out.splitlines())
    assert big["status"] == "failed"
    assert f"too large to be one story: {size:,} bytes" in big["error"]
    assert "over the limit of 200 bytes" in big["error"] and "IMPORT_MAX_STORY_SIZE" in big["error"]
    assert small["status"] == "imported"
    assert list(Article.objects.values_list("headline", flat=True)) == ["A small harbour story"]


@override_settings(NEWSDESK={"IMPORT_MAX_FILE_SIZE": 200, "IMPORT_MAX_STORY_SIZE": 200})
def test_standard_input_over_the_file_limit_is_refused_without_reading_it_all():
    code, out, err = run_cli("-", stdin=WADI_STORY.encode())
    assert code == 1
    assert "<stdin>" in err and "too large to import: more than 200 bytes" in err and "IMPORT_MAX_FILE_SIZE" in err
    assert Article.objects.count() == 0


@override_settings(NEWSDESK={"IMPORT_MAX_STORY_SIZE": 200})
def test_standard_input_of_one_story_over_the_story_limit_is_refused():
    code, out, err = run_cli("-", stdin=WADI_STORY.encode())
    assert code == 1
    assert f"<stdin>: too large to be one story: {len(WADI_STORY.encode())} bytes" in err
    assert Article.objects.count() == 0


@override_settings(NEWSDESK={"IMPORT_MAX_STORY_SIZE": 2000})
@pytest.mark.parametrize("enqueue", [False, True], ids=["here", "enqueued"])
def test_a_message_file_larger_than_a_story_imports_every_story(tmp_path, enqueue):
    message = news_message(30).encode()
    assert len(message) > 8 * 2000
    (tmp_path / "wire.xml").write_bytes(message)
    code, out, err = run_cli(str(tmp_path), "--glob", "*.xml", *(["--enqueue"] if enqueue else []))
    assert code == 0, err
    assert sorted(Article.objects.values_list("guid", "source_name")) == sorted(
        (f"urn:gulfwire:bulk:{n}", f"wire.xml#{n + 1}") for n in range(30)
    )


@override_settings(NEWSDESK={"IMPORT_MAX_FILE_SIZE": 5000, "IMPORT_MAX_STORY_SIZE": 2000})
def test_a_file_over_the_file_limit_is_refused_without_being_read(tmp_path):
    message = news_message(30).encode()
    (tmp_path / "wire.xml").write_bytes(message)
    code, out, err = run_cli(str(tmp_path), "--glob", "*.xml", "--json")
    assert code == 1
    [result] = (json.loads(line) for line in out.splitlines())
    assert result["error"] == (
        f"wire.xml: too large to import: {len(message):,} bytes (0.0 MB), over the limit of 5,000 bytes (0.0 MB) "
        "set by IMPORT_MAX_FILE_SIZE"
    )
    assert Article.objects.count() == 0


def test_a_device_is_refused_and_not_read(tmp_path):
    (tmp_path / "good.txt").write_text(PORT_STORY, encoding="utf-8")
    # /dev/zero never ends: reading it would eat all memory.
    code, out, err = run_cli("/dev/zero", str(tmp_path / "good.txt"))
    assert code == 1
    assert "FAILED zero: zero: not a regular file but a character device; only regular files are imported" in err
    assert Article.objects.count() == 1


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # nobody ever writes to it: opening it for reading would block for ever
    (tmp_path / "good.txt").write_text(PORT_STORY, encoding="utf-8")
    code, out, err = run_cli(str(fifo), str(tmp_path / "good.txt"))
    assert code == 1
    assert "pipe.txt: not a regular file but a FIFO" in err
    assert Article.objects.count() == 1


def test_a_fifo_found_in_a_directory_is_skipped(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(PORT_STORY, encoding="utf-8")
    code, out, err = run_cli(str(tmp_path))
    assert code == 0, err
    assert Article.objects.count() == 1


@contextmanager
def _as_nobody():
    """Run as an unprivileged user: root reads any directory whatever its
    mode, so the permission test would prove nothing as root."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_an_unreadable_directory_is_named_and_the_rest_of_the_tree_imported():
    root = tempfile.mkdtemp(prefix="newsdesk-perm-")
    try:
        os.chmod(root, 0o755)
        for name, story in (("a", PORT_STORY), ("c", FALCON_STORY)):
            os.mkdir(os.path.join(root, name))
            with open(os.path.join(root, name, "story.txt"), "w", encoding="utf-8") as file:
                file.write(story)
            os.chmod(os.path.join(root, name), 0o755)
            os.chmod(os.path.join(root, name, "story.txt"), 0o644)
        locked = os.path.join(root, "b_locked")
        os.mkdir(locked)
        with open(os.path.join(locked, "story.txt"), "w", encoding="utf-8") as file:
            file.write(WADI_STORY)
        os.chmod(locked, 0o000)

        with _as_nobody():
            code, out, err = run_cli(root, "--json")

        assert code == 1
        statuses = {json.loads(line)["source"]: json.loads(line) for line in out.splitlines()}
        assert statuses["b_locked"]["status"] == "failed"
        assert statuses["b_locked"]["error"] == "b_locked: cannot list the directory: Permission denied"
        assert statuses["a/story.txt"]["status"] == "imported"
        assert statuses["c/story.txt"]["status"] == "imported"
        assert sorted(Article.objects.values_list("headline", flat=True)) == [
            "Falcon festival draws record crowd", "Muscat port opens new container terminal",
        ]
    finally:
        os.chmod(os.path.join(root, "b_locked"), 0o755)
        shutil.rmtree(root)


def test_a_nul_byte_is_dropped_and_the_story_imports(tmp_path):
    """PostgreSQL refuses NUL in text; the hygiene drops it like other
    invisible characters, from the stored source text too."""
    text = PORT_STORY.replace("new terminal", "new\x00 terminal").replace("Muscat port", "Muscat\x00 port")
    (tmp_path / "nul.txt").write_bytes(text.encode())
    code, out, err = run_cli(str(tmp_path))
    assert code == 0, err
    article = Article.objects.get()
    assert article.headline == "Muscat port opens new container terminal"
    assert "The new terminal at Sultan Qaboos Port" in article.body
    assert "\x00" not in article.source_text
    assert article.source_text == text.replace("\x00", "")


def test_a_utf16_file_with_a_byte_order_mark_imports_without_an_encoding(tmp_path):
    text = "افتتاح مهرجان مسقط\n\nمسقط: افتتح مهرجان مسقط مساء الخميس بحضور آلاف الزوار.\n"
    (tmp_path / "ar.txt").write_bytes(text.encode("utf-16"))  # Windows "Unicode": BOM FF FE
    code, out, err = run_cli(str(tmp_path))
    assert code == 0, err
    assert Article.objects.get().source_text == text


# --- issue 13: editors see file names, never the server's directories ---


def test_names_are_relative_to_the_directory_given_for_articles_and_month_starts(tmp_path, admin_client):
    (tmp_path / "2025" / "12").mkdir(parents=True)
    (tmp_path / "2025" / "12" / "seed.txt").write_text(seed_text(), encoding="utf-8")

    code, out, err = run_cli(str(tmp_path), "-v", "2")

    assert code == 0, err
    assert "from 2025/12/seed.txt" in out
    assert Article.objects.get().source_name == "2025/12/seed.txt"
    # The seed page's date bar (7 December 2025, 15 Jumada II 1447) implies a month start.
    observed = HijriMonthStart.objects.get(year=1447, month=6)
    assert (observed.source, observed.source_name) == ("observed", "2025/12/seed.txt")
    table = io.StringIO()
    call_command("hijri_calendar", "--year", "1447", stdout=table)
    assert "observed, from 2025/12/seed.txt" in table.getvalue()
    changelist = admin_client.get(reverse("admin:newsdesk_hijrimonthstart_changelist")).content.decode()
    assert "2025/12/seed.txt" in changelist
    for shown in (table.getvalue(), changelist, out, err):
        assert str(tmp_path) not in shown


def test_a_file_given_by_its_path_is_named_by_its_file_name(tmp_path):
    story = tmp_path / "wires" / "seed.txt"
    story.parent.mkdir()
    story.write_text(seed_text(), encoding="utf-8")
    code, out, err = run_cli(str(story), "--json")
    assert code == 0, err
    assert json.loads(out)["source"] == "seed.txt"
    assert Article.objects.get().source_name == "seed.txt"
    assert HijriMonthStart.objects.get(year=1447, month=6).source_name == "seed.txt"


def test_import_files_names_each_story_by_its_file_name(tmp_path):
    from newsdesk.ingest import import_files

    (tmp_path / "port.txt").write_text(PORT_STORY, encoding="utf-8")
    [result] = import_files([tmp_path / "port.txt"])
    assert (result.status, result.source_name) == ("imported", "port.txt")
    assert Article.objects.get().source_name == "port.txt"


# --- --enqueue (background imports; more in tests/test_background_imports.py) ---


def test_enqueue_with_dry_run_is_a_usage_error_and_stores_nothing(wire_dir):
    from newsdesk.models import ImportBatch

    code, out, err = run_cli(str(wire_dir), "--enqueue", "--dry-run")
    assert code == 2
    assert "--dry-run and --enqueue cannot be used together" in err
    assert not ImportBatch.objects.exists()
    assert Article.objects.count() == 0


def test_enqueue_reads_standard_input_and_imports_with_the_immediate_backend():
    """tests/settings.py's immediate backend runs each story's task at once."""
    code, out, err = run_cli("-", "--enqueue", "--json", "--credit", "AFP", stdin=PORT_STORY.encode("utf-8"))
    assert code == 0, err
    report = json.loads(out)
    assert (report["stories"], report["enqueued"], report["failed"]) == (1, 1, 0)
    article = Article.objects.get()
    assert article.source_name == "<stdin>"
    assert article.credit.short_name == "AFP"
