"""Agency formats behind ``wire.parse``: NITF, NewsML-G2, ninjs, IPTC 7901.

Every expected value below was read off the sample documents in
``tests/fixtures/formats`` (see its README), written for these tests.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.wire import (
    CaptionData,
    FormatError,
    WireDecodeError,
    decode,
    detect_format,
    parse,
    parse_text,
    split_documents,
)
from newsdesk.wire.formats import FORMATS as REGISTRY
from tests.news_messages import news_message

FORMATS = Path(__file__).parent / "fixtures" / "formats"
WIRE = Path(__file__).parent / "fixtures" / "wire"
GST = datetime.timezone(datetime.timedelta(hours=4))
AST = datetime.timezone(datetime.timedelta(hours=3))
UTC = datetime.timezone.utc


def read(name: str) -> str:
    return decode((FORMATS / name).read_bytes(), name=name)


def story(name: str):
    return parse(read(name))


# --- NITF ---------------------------------------------------------------------


def test_nitf_full_story_reads_every_field():
    s = story("nitf_full_en.xml")
    assert s.format == "nitf"
    assert s.guid == "urn:ona:2025:oman-budget-0412"
    assert s.version == 1
    assert s.urgency == 3
    assert s.pubstatus == "usable"
    assert s.headline == "Oman approves record 2026 budget"
    assert s.version_marker == ""
    assert s.standfirst == "Spending on schools and roads rises by a tenth"
    assert s.byline == "Salim al-Harthy"
    assert s.dateline == "MUSCAT, Dec 7"
    # The first paragraph prints the dateline and agency again; both come off it.
    assert s.paragraphs == (
        "The Shura Council on Sunday approved a 2026 state budget of 11.8 billion rials, "
        "the largest in the sultanate's history.",
        "The finance minister said spending on schools and roads would rise by ten percent.",
        "Oil price assumption",
        "The budget assumes an average oil price of 60 dollars a barrel, officials said.",
        "The deficit is expected to narrow to 620 million rials.",
    )
    assert s.subheadings == (2,)
    assert s.captions == (CaptionData("Members of the Shura Council vote on the budget in Muscat.", "ONA"),)
    # doc.copyright holder "Oman News Agency" resolves to its short name.
    assert (s.credit, s.credit_known) == ("ONA", True)
    assert s.published == datetime.datetime(2025, 12, 7, 10, 0, tzinfo=GST)
    assert s.embargo == datetime.datetime(2025, 12, 7, 12, 0, tzinfo=GST)
    assert s.language == "en"  # xml:lang="en-GB"
    assert s.keywords == ("budget", "Shura Council")
    assert s.subjects == ("public finance", "government budget")
    assert s.signals == ()
    assert s.warnings == ()


def test_nitf_update_has_the_same_guid_a_higher_version_and_its_signal():
    first, update = story("nitf_full_en.xml"), story("nitf_update_en.xml")
    assert update.guid == first.guid
    assert update.version == 2
    assert update.headline == "Oman approves record 2026 budget"
    assert update.version_marker == "UPDATE 1"
    assert update.signals == ("correction",)  # ed-msg "Corrects the size of the deficit …"
    assert update.urgency == 4
    assert update.paragraphs[-1] == "The deficit is expected to narrow to 640 million rials."
    assert (update.credit, update.credit_known) == ("ONA", True)
    assert update.published == datetime.datetime(2025, 12, 7, 11, 30, tzinfo=GST)
    assert update.embargo is None


def test_nitf_canceled_item_parses_without_a_body():
    s = story("nitf_canceled.xml")
    assert s.pubstatus == "canceled"
    assert s.guid == "urn:ona:2025:oman-budget-0412"
    assert s.version == 3
    assert s.paragraphs == ()


def test_nitf_in_windows_1256_is_decoded_by_its_declaration():
    data = (FORMATS / "nitf_arabic_windows1256.xml").read_bytes()
    # The caller's default (UTF-8) would fail on these bytes; the declaration wins.
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    s = parse(decode(data, name="doha.xml"))
    assert s.format == "nitf"
    assert s.headline == "افتتاح معرض الدوحة الدولي للكتاب بمشاركة 40 دولة"
    assert s.dateline == "الدوحة"
    assert s.paragraphs == (
        "افتتح معرض الدوحة الدولي للكتاب أبوابه اليوم بمشاركة أكثر من 500 دار نشر من 40 دولة.",
        "ويستمر المعرض عشرة أيام ويضم ندوات وأمسيات شعرية للأطفال والكبار.",
    )
    assert (s.credit, s.credit_known) == ("QNA", True)  # holder "قنا"
    assert s.language == "ar"
    assert s.guid == "qna-2025-12-08-doha-book-fair"
    assert s.urgency == 5
    assert s.keywords == ("معرض الكتاب",)
    assert s.published == datetime.datetime(2025, 12, 8, 9, 15, tzinfo=AST)


def test_credit_goes_through_the_callers_agency_mapping():
    s = parse(read("nitf_full_en.xml"), agencies={"Oman News Agency": "Oman NA"})
    assert (s.credit, s.credit_known) == ("Oman NA", True)
    unknown = parse(read("nitf_full_en.xml"), agencies={"Reuters": "Reuters"})
    assert (unknown.credit, unknown.credit_known) == ("Oman News Agency", False)
    assert any("Unknown agency “Oman News Agency”" in w for w in unknown.warnings)


# --- NewsML-G2 ----------------------------------------------------------------


def test_newsml_full_arabic_item():
    s = story("newsml_full_ar.xml")
    assert s.format == "newsml-g2"
    assert s.guid == "urn:newsml:wam.ae:20251209:dubai-metro-blue-line"
    assert s.version == 1
    assert s.urgency == 2
    assert s.pubstatus == "usable"
    assert s.headline == "دبي تفتتح الخط الأزرق للمترو بطول 30 كيلومترا"
    assert s.standfirst == "الخط الجديد يربط 14 محطة ويخدم 200 ألف راكب يوميا"
    assert s.byline == "مريم الكعبي"  # "بقلم" taken off
    assert s.dateline == "دبي"
    assert s.paragraphs == (
        "افتتحت هيئة الطرق والمواصلات في دبي اليوم الخط الأزرق للمترو بطول 30 كيلومترا.",
        "وقالت الهيئة إن الخط يربط 14 محطة ويخدم 200 ألف راكب يوميا.",
        "مواعيد التشغيل",
        "ويعمل الخط من الخامسة صباحا حتى منتصف الليل طوال أيام الأسبوع.",
    )
    assert s.subheadings == (2,)
    assert s.captions == (CaptionData("قطار الخط الأزرق في محطة المدينة الأكاديمية", "WAM"),)
    assert (s.credit, s.credit_known) == ("WAM", True)  # creditline "وام"
    assert s.language == "ar"
    assert s.published == datetime.datetime(2025, 12, 9, 7, 45, tzinfo=GST)  # firstCreated
    assert s.embargo == datetime.datetime(2025, 12, 9, 10, 0, tzinfo=GST)
    assert s.subjects == ("النقل العام", "البنية التحتية")
    assert s.keywords == ("الإمارات-مترو", "مترو دبي")
    assert s.signals == ()


def test_newsml_update_signals_and_version():
    s = story("newsml_update_ar.xml")
    assert s.guid == "urn:newsml:wam.ae:20251209:dubai-metro-blue-line"
    assert s.version == 2
    assert s.signals == ("update", "correction")
    assert s.headline == "دبي تفتتح الخط الأزرق للمترو بطول 30 كيلومترا"
    assert s.version_marker == "محدث"
    assert s.paragraphs[1] == "وقالت الهيئة إن الخط يربط 15 محطة ويخدم 200 ألف راكب يوميا."
    assert len(s.paragraphs) == 2  # inlineData: paragraphs split at the blank line
    assert (s.credit, s.credit_known) == ("WAM", True)
    assert s.published == datetime.datetime(2025, 12, 9, 9, 30, tzinfo=GST)  # versionCreated only


def test_newsml_withdrawn_item_keeps_guid_and_status():
    s = story("newsml_withdrawn.xml")
    assert s.pubstatus == "withdrawn"
    assert s.guid == "urn:newsml:wam.ae:20251209:dubai-metro-blue-line"
    assert s.version == 3
    assert s.paragraphs == ()


def test_newsml_message_splits_into_its_text_items():
    pieces = split_documents(read("newsml_message.xml"))
    assert [suffix for suffix, _ in pieces] == ["#1", "#2"]  # the package and the picture are no stories
    first, second = (parse(text) for _, text in pieces)
    assert first.guid == "urn:newsml:kuna.net.kw:20251210:rain"
    assert first.headline == "Heavy rain expected across Kuwait on Thursday"
    assert first.dateline == "KUWAIT CITY"
    assert first.paragraphs == (
        "The Meteorological Department warned of heavy rain and strong winds across the country on Thursday.",
        "Schools will stay open, the education ministry said.",
    )
    assert (first.credit, first.credit_known) == ("KUNA", True)
    assert first.warnings == ()
    assert second.guid == "urn:newsml:kuna.net.kw:20251210:ports"
    assert (second.version, second.urgency) == (4, 4)
    assert second.dateline == "KUWAIT CITY, Dec 10"
    assert (second.credit, second.credit_known) == ("KUNA", True)  # from "(KUNA)" in the dateline
    # Each piece is a document of its own, in the IPTC namespace it came in.
    assert 'xmlns="http://iptc.org/std/nar/2006-10-01/"' in pieces[1][1]
    assert pieces[1][1].startswith("<newsItem")


def test_newsml_message_read_whole_warns_of_the_other_stories():
    s = story("newsml_message.xml")
    assert s.guid == "urn:newsml:kuna.net.kw:20251210:rain"
    assert s.warnings == (
        "This NewsML-G2 message holds 2 stories; only the first was read here "
        "(the importer reads each on its own).",
    )


def test_newsml_picture_item_becomes_the_caption_of_the_one_text_item():
    text = read("newsml_message_picture.xml")
    assert split_documents(text) == [("", text)]
    s = parse(text)
    assert s.headline == "Bahrain confirms date of 2026 Grand Prix"
    assert s.captions == (CaptionData("Cars line up on the grid at Sakhir.", "BNA"),)
    assert s.dateline == "MANAMA"


# --- ninjs ----------------------------------------------------------------------


def test_ninjs_1_full_story():
    s = story("ninjs1_full_en.json")
    assert s.format == "ninjs"
    assert s.guid == "http://ninjs.example.com/ona/20251212-salalah-khareef"
    assert s.version == 1
    assert s.urgency == 4
    assert s.headline == "Salalah festival draws record visitors"
    assert s.standfirst == "More than a million people came to the Khareef season festival."
    assert s.byline == "Aisha al-Balushi"
    assert s.dateline == "SALALAH"
    assert s.paragraphs == (
        "The Khareef festival drew more than one million visitors this year, the municipality said on Friday.",
        "Hotels full",
        "Hotels in Dhofar reported full occupancy for six weeks.",
        "Officials plan to extend the festival by a week next year.",
    )
    assert s.subheadings == (1,)
    # The text association is no caption; the picture is, credited to ONA.
    assert s.captions == (CaptionData("Visitors walk through the misty hills near Salalah.", "ONA"),)
    assert (s.credit, s.credit_known) == ("ONA", True)
    assert s.published == datetime.datetime(2025, 12, 12, 7, 30, tzinfo=UTC)
    assert s.embargo == datetime.datetime(2025, 12, 12, 9, 0, tzinfo=UTC)
    assert s.subjects == ("tourism", "festival")
    assert s.keywords == ("Khareef", "Dhofar", "OMAN-TOURISM")
    assert s.language == "en"


def test_ninjs_1_update_with_a_correction_note():
    s = story("ninjs1_update_en.json")
    assert s.guid == "http://ninjs.example.com/ona/20251212-salalah-khareef"
    assert s.version == 2
    assert s.signals == ("correction",)
    assert s.paragraphs == (
        "The Khareef festival drew more than one million visitors this year, the municipality said on Friday.",
        "Hotels in Dhofar reported full occupancy for five weeks.",
    )
    assert s.dateline == "SALALAH"  # taken off the body text


def test_ninjs_2_arabic_item():
    s = story("ninjs2_full_ar.json")
    assert s.guid == "urn:spa.gov.sa:2025:riyadh-season-ninjs"
    assert s.version == 3
    assert s.urgency == 2
    assert s.headline == "موسم الرياض يستقبل مليوني زائر في شهره الأول"  # role "main", not "short"
    assert s.standfirst == "إقبال كبير على الفعاليات الترفيهية في العاصمة"
    assert s.byline == "فهد العتيبي"
    assert s.dateline == "الرياض"
    # The HTML body is preferred to the plain-text one.
    assert s.paragraphs == (
        "أعلنت الهيئة العامة للترفيه أن موسم الرياض استقبل مليوني زائر في شهره الأول.",
        "فعاليات جديدة",
        "وتشمل الفعاليات هذا العام حفلات موسيقية ومعارض فنية وسباقات.",
    )
    assert s.subheadings == (1,)
    assert s.captions == (CaptionData("زوار في منطقة بوليفارد الرياض", "SPA"),)
    assert (s.credit, s.credit_known) == ("SPA", True)  # "واس"
    assert s.language == "ar"  # "ar-SA"
    assert s.published == datetime.datetime(2025, 12, 13, 18, 0, tzinfo=AST)  # firstcreated
    assert s.subjects == ("الترفيه",)
    assert s.keywords == ("السعودية-ترفيه",)


def test_ninjs_2_canceled_item():
    s = story("ninjs2_canceled.json")
    assert (s.pubstatus, s.guid, s.version) == ("canceled", "urn:spa.gov.sa:2025:riyadh-season-ninjs", 4)
    assert s.headline == "" and s.paragraphs == ()


def test_ninjs_withheld_reads_as_withdrawn():
    item = {"uri": "urn:x:1", "version": "2", "pubstatus": "withheld"}
    assert parse(json.dumps(item)).pubstatus == "withdrawn"


@pytest.mark.parametrize("wrap", [lambda items: items, lambda items: {"items": items}, lambda items: {"data": items}])
def test_ninjs_list_splits_into_items(wrap):
    items = json.loads(read("ninjs_list.json"))
    pieces = split_documents(json.dumps(wrap(items)))
    assert [suffix for suffix, _ in pieces] == ["#1", "#2"]
    stories = [parse(text) for _, text in pieces]
    assert [s.guid for s in stories] == ["urn:kuna:2025:kuwait-stocks", "urn:kuna:2025:kuwait-weather"]
    assert [s.headline for s in stories] == ["Kuwait stocks close higher", "Cold nights ahead for Kuwait"]
    assert stories[1].paragraphs == (
        "Night temperatures will fall to 6 degrees Celsius this week, forecasters said.",
    )
    assert stories[1].dateline == "KUWAIT CITY"


# --- IPTC 7901 ------------------------------------------------------------------


def test_7901_stream_holds_three_stories():
    text = read("iptc7901_stream.txt")
    pieces = split_documents(text)
    assert [suffix for suffix, _ in pieces] == ["#1", "#2", "#3"]
    first, arabic, update = (parse(piece) for _, piece in pieces)

    assert first.format == "iptc7901"
    assert first.guid == "ONA:OMAN-FISHERIES"
    assert first.version is None
    assert first.urgency == 3
    assert first.subjects == ("economy",)
    assert first.keywords == ("OMAN-FISHERIES",)
    assert first.headline == "Oman fish exports rise 12 percent"
    assert first.dateline == "MUSCAT, Dec 14"
    # Wrapped lines are joined back into the paragraph they belong to.
    assert first.paragraphs == (
        "Oman's fish exports rose 12 percent in the first ten months of the year to 310,000 tonnes, "
        "the ministry of agriculture and fisheries said on Sunday.",
        "Most of the catch went to markets in the Gulf and East Asia, the ministry said.",
    )
    assert (first.credit, first.credit_known) == ("ONA", True)
    assert first.published == datetime.datetime(2025, 12, 14, 8, 15, tzinfo=UTC)  # "140815 GMT DEC 25"
    assert first.warnings == ()

    assert arabic.guid == "ONA:OMAN-SHURA-AR"
    assert arabic.urgency == 2
    assert arabic.subjects == ("politics",)
    assert arabic.headline == "مجلس الشورى يناقش مشروع قانون العمل"
    assert arabic.dateline == "مسقط"
    assert arabic.paragraphs == (
        "ناقش مجلس الشورى اليوم مشروع قانون العمل الجديد في جلسته الاعتيادية الثالثة.",
        "وقال رئيس المجلس إن المشروع يهدف إلى تنظيم سوق العمل وحماية حقوق العاملين.",
    )
    assert (arabic.credit, arabic.credit_known) == ("ONA", True)
    assert arabic.language == "ar"

    assert update.guid == first.guid
    assert update.version == 2  # "1st Ld-Writethru": the first lead is the second version
    assert update.signals == ("update",)
    assert update.version_marker == "UPDATE 1"
    assert update.headline == first.headline
    assert update.paragraphs[1] == (
        "Exports to East Asia doubled, the ministry added, after new cold-storage plants opened in Duqm."
    )


def test_7901_stream_read_whole_gives_the_first_story_and_says_so():
    s = story("iptc7901_stream.txt")
    assert s.headline == "Oman fish exports rise 12 percent"
    assert s.warnings == (
        "This IPTC 7901 stream holds 3 stories; only the first was read here "
        "(the importer reads each on its own).",
    )


def test_7901_kill_is_a_withdrawal_of_the_slug():
    s = story("iptc7901_kill.txt")
    assert s.pubstatus == "withdrawn"
    assert s.guid == "ONA:OMAN-FISHERIES"
    assert s.urgency == 1


def test_7901_telex_style_zczc_message():
    text = read("iptc7901_zczc.txt")
    assert detect_format(text) == "iptc7901"
    s = parse(text)
    assert s.guid == "ONA:OMAN-OPERA"
    assert (s.urgency, s.subjects, s.keywords) == (4, ("culture",), ("OMAN-OPERA",))
    assert s.headline == "Royal Opera House Muscat announces spring season"
    assert s.dateline == "MUSCAT"
    assert s.paragraphs == (
        "The Royal Opera House Muscat will stage eight productions in its spring season, "
        "including two Omani works, the house said on Monday.",
    )


def test_7901_anpa_style_heading():
    text = (
        "\x01a0412 u f BC-Oman-Budget, 2nd Ld-Writethru,0120\r\n\x02"
        "Oman raises budget\r\n"
        "   MUSCAT (AP) - Oman raised its budget on Sunday, the finance ministry said in a statement.\r\n"
        "\x03\x04"
    )
    s = parse(text)
    assert (s.urgency, s.keywords, s.version, s.signals) == (3, ("BC-Oman-Budget",), 3, ("update",))
    assert s.guid == "A:BC-Oman-Budget"
    assert s.subjects == ("f",)
    assert (s.headline, s.dateline, s.credit) == ("Oman raises budget", "MUSCAT", "AP")


# --- detection and splitting ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nitf_full_en.xml", "nitf"),
        ("nitf_canceled.xml", "nitf"),
        ("bad_truncated.xml", "nitf"),
        ("bad_xxe.xml", "nitf"),
        ("nitf_doctype.xml", "nitf"),
        ("bad_billion_laughs.xml", "newsml-g2"),
        ("newsml_full_ar.xml", "newsml-g2"),
        ("newsml_message.xml", "newsml-g2"),
        ("ninjs1_full_en.json", "ninjs"),
        ("ninjs2_full_ar.json", "ninjs"),
        ("ninjs_list.json", "ninjs"),
        ("bad_invalid.json", "ninjs"),
        ("iptc7901_stream.txt", "iptc7901"),
        ("iptc7901_zczc.txt", "iptc7901"),
    ],
)
def test_detect_format_by_content(name, expected):
    assert detect_format(read(name)) == expected
    # By content, not by name: the same text under any name, or with a BOM and blank lines first.
    assert detect_format("\ufeff\n\n" + read(name)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Oman approves budget\n\nMUSCAT: The Shura Council approved the budget on Sunday.",
        '{"temperature": 21, "city": "Muscat"}',  # JSON, but no ninjs keys
        "<p>An HTML fragment, not a page</p>",
        "< Back to news",
        "<b>Muscat</b> A pasted fragment of HTML",  # no XML declaration: not refused as XML
        "ZCZC is how telex messages begin, a reader wrote.",
    ],
)
def test_other_text_is_plain_text(text):
    expected = "iptc7901" if text.startswith("ZCZC ") else "text"
    assert detect_format(text) == expected
    assert split_documents(text) == [("", text)]


def test_plain_text_is_parsed_exactly_as_before():
    seed = decode((WIRE / "seed_000.txt").read_bytes(), name="seed_000.txt")
    assert detect_format(seed) == "text"
    s = parse(seed)
    assert s == parse_text(seed)
    assert s.format == "text" and s.guid == "" and s.pubstatus == "usable"
    assert s.headline == "Russia, US diplomats discuss 'next steps' on Ukraine"


def test_split_documents_leaves_single_and_malformed_documents_whole():
    for name in ("nitf_full_en.xml", "newsml_full_ar.xml", "ninjs1_full_en.json", "bad_invalid.json",
                 "bad_truncated.xml", "iptc7901_kill.txt"):
        text = read(name)
        assert split_documents(text) == [("", text)], name


# --- malformed and unsafe documents ----------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad_truncated.xml",
         "not a well-formed NITF document: line 10, column 0: no element found "
         "(the document ends before it is complete: the file may be cut short)"),
        ("bad_xxe.xml",
         "forbidden: the document declares an external entity “secret” that refers to “file:///etc/passwd”; "
         "agency files need none, and reading one could expose the server's files or network"),
        ("bad_billion_laughs.xml",
         "forbidden: the document declares an entity (“lol”); agency files need none, and entities can "
         "make a small file expand to gigabytes"),
        ("bad_invalid.json", "not valid ninjs JSON: line 4, column 33: Invalid control character"),
        ("bad_ninjs_no_headline.json", "not a usable ninjs item: it has no headline"),
    ],
)
def test_malformed_documents_raise_format_error(name, message):
    with pytest.raises(FormatError) as caught:
        parse(read(name))
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)
    assert caught.value.format == detect_format(read(name))


def test_mismatched_tag_names_line_and_column():
    text = '<?xml version="1.0"?>\n<nitf>\n<body><p>x</body>\n</nitf>'
    # Line 3 is "<body><p>x</body>": "</" at columns 10-11, the mismatched name at 12.
    with pytest.raises(FormatError, match=r"^not a well-formed NITF document: line 3, column 12: mismatched tag$"):
        parse(text)


def test_usable_item_without_text_is_a_format_error():
    text = '<newsItem guid="urn:x" version="1"><contentMeta><headline>Only a headline</headline></contentMeta></newsItem>'
    with pytest.raises(FormatError, match="^not a usable NewsML-G2 item: it has no story text$"):
        parse(text)


def test_documents_over_the_size_limit_are_refused():
    text = "<nitf>" + " " * 2035 + "</nitf>"  # 6 + 2035 + 7 = 2048 bytes
    with pytest.raises(FormatError, match=r"^too large: the NITF document is 2\.0 KiB, more than the 1\.0 KiB limit$"):
        parse(text, max_size=1024)
    full = read("nitf_full_en.xml")
    with pytest.raises(FormatError, match="^too large: the NITF document"):
        parse(full, max_size=len(full.encode("utf-8")) - 1)
    assert parse(full, max_size=len(full.encode("utf-8"))).guid == "urn:ona:2025:oman-budget-0412"


def test_documents_nested_too_deep_are_refused():
    text = "<nitf><body><body.content>" + "<block>" * 200 + "</block>" * 200 + "</body.content></body></nitf>"
    with pytest.raises(FormatError, match="^not a readable NITF document: elements are nested more than 100 deep$"):
        parse(text)


def test_a_str_ignores_its_declared_encoding():
    text = read("nitf_full_en.xml").replace('encoding="UTF-8"', 'encoding="ISO-8859-6"')
    text = text.replace("Oman approves", "عمان تقر")
    assert parse(text).headline == "عمان تقر record 2026 budget"


# --- encoding declarations (hygiene.decode) ----------------------------------------


def test_declaration_contradicted_by_the_bytes_is_a_decode_error():
    data = (FORMATS / "bad_encoding_declaration.xml").read_bytes()
    with pytest.raises(WireDecodeError) as caught:
        decode(data, name="wrong.xml")
    assert str(caught.value) == (
        "wrong.xml: the XML declaration says encoding 'UTF-16', but its bytes are in a single-byte "
        "or UTF-8 form, not UTF-16; fix the declaration or ask the sender for a correct file"
    )
    assert caught.value.encoding == "UTF-16"


def test_unknown_declared_encoding_is_named():
    with pytest.raises(WireDecodeError) as caught:
        decode(b'<?xml version="1.0" encoding="x-gulf-8"?><nitf/>', name="a.xml")
    assert str(caught.value) == "a.xml: the XML declaration names an unknown text encoding 'x-gulf-8'"


def test_bytes_invalid_in_the_declared_encoding_name_it_and_the_offset():
    data = '<?xml version="1.0" encoding="iso-8859-6"?><a>مسقط</a>'.encode()
    # The declaration is 43 bytes and "<a>" 3 more; UTF-8 "م" (d9 85) happens to be valid
    # ISO-8859-6, "س" (d8 b3) is not: 0xb3 is unassigned there, at offset 46 + 3 = 49.
    with pytest.raises(WireDecodeError) as caught:
        decode(data, name="b.xml")
    assert caught.value.offset == 49
    assert "says encoding 'iso-8859-6', but byte 0xb3 at offset 49" in str(caught.value)


def test_utf8_bom_with_another_declared_encoding_is_a_contradiction():
    with pytest.raises(WireDecodeError, match="starts with a UTF-8 byte-order mark"):
        decode(b'\xef\xbb\xbf<?xml version="1.0" encoding="windows-1256"?><a/>', name="c.xml")


def test_utf16_document_with_its_declaration_decodes():
    data = '<?xml version="1.0" encoding="UTF-16"?><nitf>مسقط</nitf>'.encode("utf-16")
    assert decode(data) == '<?xml version="1.0" encoding="UTF-16"?><nitf>مسقط</nitf>'
    wrong = '<?xml version="1.0" encoding="UTF-8"?><nitf/>'.encode("utf-16")
    with pytest.raises(WireDecodeError, match="its bytes are UTF-16"):
        decode(wrong, name="d.xml")


def test_declaration_wins_over_the_callers_encoding():
    data = '<?xml version="1.0" encoding="ISO-8859-1"?><a>café</a>'.encode("latin-1")
    assert decode(data, encoding="cp1256") == '<?xml version="1.0" encoding="ISO-8859-1"?><a>café</a>'
    # Without a declaration the caller's encoding is used as before.
    assert decode("مسقط".encode("cp1256"), encoding="cp1256") == "مسقط"


# --- properties --------------------------------------------------------------------

BOUNDED = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MARKUP = st.lists(
    st.sampled_from(
        ["<", ">", "/", "?", "!", "{", "}", "[", "]", '"', ":", ",", "\x01", "\x02", "\x03", "\x04",
         "ZCZC", "NNNN", "<?xml version='1.0'?>", "<nitf>", "</nitf>", "<newsItem>", "<newsMessage>",
         "<!DOCTYPE nitf [", "<!ENTITY a 'b'>", '"uri":', '"headline":', '"bodies":', " ", "\n", "a", "م"]
    ),
    max_size=60,
).map("".join)


@BOUNDED
@given(st.one_of(st.text(max_size=300), MARKUP))
def test_detection_and_splitting_never_raise(text):
    assert detect_format(text) in (*(fmt.name for fmt in REGISTRY), "text")
    pieces = split_documents(text)
    assert pieces and all(isinstance(suffix, str) and isinstance(piece, str) for suffix, piece in pieces)


@BOUNDED
@given(MARKUP)
def test_parse_raises_nothing_but_format_error(text):
    try:
        result = parse(text)
    except FormatError as exc:
        # Agency streams too: a message with no headline or no text is refused as its format.
        assert exc.format in {fmt.name for fmt in REGISTRY}
    else:
        assert result.format == detect_format(text)


def test_a_plain_doctype_line_is_accepted_and_its_dtd_never_fetched():
    # Many real NITF files name their DTD; the reference is never followed
    # (the address is on the public internet, which tests never reach, so a
    # fetch would fail or hang rather than pass).
    story = parse(read("nitf_doctype.xml"))
    assert story.format == "nitf"
    assert story.headline == "A document with a DTD"
    assert story.paragraphs == ("Nothing here needs the DTD, and it is never fetched.",)


@pytest.mark.parametrize(
    ("name", "note"),
    [
        ("nitf_canceled.xml", "Story canceled: the session was postponed"),
        ("newsml_withdrawn.xml", "Withdrawn: the opening date was given in error."),
        ("ninjs1_update_en.json", "Corrects number of weeks in second paragraph"),
        ("nitf_full_en.xml", ""),
    ],
)
def test_the_agencys_note_to_editors_is_kept(name, note):
    assert parse(read(name)).note == note


def test_a_newsml_message_of_ten_thousand_items_splits_into_every_one():
    # ~190,000 elements in all, far more than one story may hold (MAX_ELEMENTS):
    # the bound is for each story, read alone, not for the message.
    message = news_message(10_000)
    pieces = split_documents(message)
    assert len(pieces) == 10_000
    assert [suffix for suffix, _ in pieces[:2]] == ["#1", "#2"] and pieces[-1][0] == "#10000"
    assert parse(pieces[0][1]).guid == "urn:gulfwire:bulk:0"
    last = parse(pieces[-1][1])
    assert (last.guid, last.headline.rsplit(" ", 1)[1]) == ("urn:gulfwire:bulk:9999", "9999")


@pytest.mark.parametrize(
    "document",
    [
        "<nitf><body><body.content><p>\ud800</p></body.content></body></nitf>",
        '<?xml version="1.0"?><newsItem guid="x">\udc00</newsItem>',
        "<NewsML><NewsItem>\ud800</NewsItem></NewsML>",
    ],
    ids=["nitf", "newsml-g2", "newsml-1"],
)
def test_half_a_surrogate_pair_is_refused_by_name_not_a_crash(document):
    with pytest.raises(FormatError, match="line 1, column .*half of a surrogate pair") as refused:
        parse(document)
    assert refused.value.format == detect_format(document)
