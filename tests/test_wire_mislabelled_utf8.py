"""UTF-8 under another label (issue 19, item 9): bytes read as Windows-1256,
Latin-1... that are also valid UTF-8 beyond ASCII are read as labelled, with
a warning that shows the first such word both ways; the warning reaches the
command's ``--json``, a background item and the admin's preview.

Legacy text is almost never valid UTF-8 by chance (an Arabic letter in
Windows-1256 is a byte from 0xC1 up, and two of them in a row are never a
UTF-8 sequence), so such a file is very likely UTF-8 with a wrong label.

The garbled readings below were worked out by hand from the code pages:
"مسقط" is d9 85 d8 b3 d9 82 d8 b7 in UTF-8; in Windows-1256, d9 is "ظ", 85
"…", d8 "ط", b3 "³", 82 "‚", b7 "·".  "café" is 63 61 66 c3 a9; in Latin-1,
c3 is "Ã" and a9 "©".
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from newsdesk import background, ingest
from newsdesk.wire import WireDecodeError, decode, decode_text
from tests.factories import make_staff
from tests.wire_import_support import ensure_wire_credits

MUSCAT = "مسقط"
MUSCAT_AS_CP1256 = "ظ…ط³ظ‚ط·"
STORY = f"Port of {MUSCAT} reopens\n\n{MUSCAT}: The port reopened on Monday, officials said.\n"


def test_utf8_bytes_read_as_windows_1256_are_read_so_with_a_warning():
    decoded = decode_text(STORY.encode("utf-8"), encoding="windows-1256", name="port.txt")
    assert decoded.text == STORY.replace(MUSCAT, MUSCAT_AS_CP1256)
    assert decoded.warnings == (
        "port.txt: read as windows-1256 (as asked), but its bytes are also valid UTF-8, which windows-1256 "
        f"text almost never is: where UTF-8 reads \u201c{MUSCAT}\u201d, windows-1256 reads "
        f"\u201c{MUSCAT_AS_CP1256}\u201d. If the text looks garbled, import the file again as UTF-8.",
    )


def test_an_xml_declaration_naming_latin1_over_utf8_bytes_is_believed_with_a_warning():
    data = '<?xml version="1.0" encoding="ISO-8859-1"?><nitf><p>café</p></nitf>'.encode()
    decoded = decode_text(data, name="cafe.xml")
    assert decoded.text == '<?xml version="1.0" encoding="ISO-8859-1"?><nitf><p>cafÃ©</p></nitf>'
    [warning] = decoded.warnings
    assert warning.startswith("cafe.xml: read as ISO-8859-1 (as its XML declaration says), but its bytes are ")
    assert (
        "where UTF-8 reads \u201c<nitf><p>café</p></nitf>\u201d, ISO-8859-1 reads \u201c<nitf><p>cafÃ©</p></nitf>\u201d"
    ) in warning
    assert warning.endswith("If the text looks garbled, the file is UTF-8 and its XML declaration is wrong.")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (MUSCAT.encode("cp1256"), "cp1256"),  # really Windows-1256: e3 d3 de d8 is no UTF-8
        ("café".encode("latin-1"), "latin-1"),  # e9 then nothing: no UTF-8 either
        (b"Plain ASCII text", "cp1256"),  # the same in every one of these encodings
        (STORY.encode("utf-8"), "utf-8"),
        (STORY.encode("utf-16"), "utf-8"),  # the byte-order mark says UTF-16
    ],
)
def test_text_read_as_what_it_is_has_no_warning(data, encoding):
    assert decode_text(data, encoding=encoding).warnings == ()


def test_decode_still_gives_the_text_alone():
    assert decode(STORY.encode("utf-8"), encoding="cp1256") == STORY.replace(MUSCAT, MUSCAT_AS_CP1256)


def test_utf8_bytes_that_are_invalid_in_the_label_say_they_are_utf8():
    data = f'<?xml version="1.0" encoding="iso-8859-6"?><a>{MUSCAT}</a>'.encode()
    with pytest.raises(WireDecodeError) as caught:
        decode(data, name="b.xml")
    assert str(caught.value).endswith("; its bytes are valid UTF-8: the file is most likely UTF-8")
    with pytest.raises(WireDecodeError) as caught:
        decode(STORY.encode("utf-8"), encoding="ascii", name="c.txt")
    assert str(caught.value) == (
        "c.txt: not valid ascii text: byte 0xd9 at offset 8 cannot be decoded; "
        "its bytes are valid UTF-8: the file is most likely UTF-8"
    )


# --- the warning reaches the editor -------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_command_reports_the_warning_with_the_story(tmp_path):
    ensure_wire_credits()
    (tmp_path / "port.txt").write_bytes(STORY.encode("utf-8"))
    out = io.StringIO()
    call_command("import_wire", str(tmp_path), "--encoding", "windows-1256", "--json", stdout=out, stderr=io.StringIO())
    [result] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert result["status"] == "imported"
    assert result["headline"] == f"Port of {MUSCAT_AS_CP1256} reopens"
    # The command names the codec as Python does (cp1256).
    assert result["warnings"][0].startswith("port.txt: read as cp1256 (as asked), but its bytes are also valid UTF-8")


@pytest.mark.django_db
def test_a_background_item_keeps_the_warning(django_capture_on_commit_callbacks):
    ensure_wire_credits()
    with django_capture_on_commit_callbacks(execute=True):
        batch = background.enqueue_import([("port.txt", STORY.encode("utf-8"))], encoding="cp1256")
    item = batch.items.get()
    assert (item.state, item.status) == ("done", ingest.IMPORTED)
    assert item.warnings[0].startswith("port.txt: read as cp1256 (as asked), but its bytes are also valid UTF-8")


@pytest.mark.django_db
def test_the_admin_preview_shows_the_warning(client):
    client.force_login(make_staff("editor", "add_article", "change_article", "view_article"))
    upload = SimpleUploadedFile("port.txt", STORY.encode("utf-8"), content_type="text/plain")
    response = client.post(reverse("admin:newsdesk_article_import"), {"uploads": [upload], "encoding": "cp1256"})
    assert response.status_code == 200
    assert response.context["decoding_warnings"][0].startswith(
        "port.txt: read as cp1256 (as asked), but its bytes are also valid UTF-8"
    )
    assert "If the text looks garbled, import the file again as UTF-8." in response.content.decode()
