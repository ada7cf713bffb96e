"""Every story fixture the team wrote, with its expected fields written by hand.

Fields left out of an entry take the value in ``DEFAULTS``; each entry lists
the paragraphs in full, as they read in the fixture minus dateline and credit.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from newsdesk.calendars.types import HijriDate
from newsdesk.wire import WeatherReading, decode, parse

FIXTURES = Path(__file__).parent / "fixtures" / "wire"

DEFAULTS = {
    "standfirst": "", "byline": "", "dateline": "", "credit": "", "credit_known": False,
    "captions": [], "subheadings": (), "page_date": None, "page_hijri": None, "weather": None,
    "dropped": (), "warnings": (), "language": "en",
}

EXPECTED = {
    "en_london_reuters.txt": {
        "headline": "Oil steadies as traders weigh Gulf supply outlook",
        "dateline": "LONDON",
        "credit": "Reuters", "credit_known": True,  # from "LONDON (Reuters) -"
        "captions": [("Tankers wait off the port of Fujairah.", "Reuters")],
        "paragraphs": (
            "Oil prices steadied on Monday as traders weighed signs of ample supply from the "
            "Gulf against a weaker dollar.",
            "Brent crude futures were little changed at $74.20 a barrel by 0900 GMT.",
            '"The market is looking for direction," said one analyst in Singapore.',
        ),
    },
    "en_dubai_wam.txt": {
        "headline": "UAE launches national literacy campaign",
        "dateline": "DUBAI",
        "credit": "WAM", "credit_known": True,
        "paragraphs": (
            "The UAE on Tuesday launched a national campaign to promote reading among school "
            "pupils, the education ministry said.",
            "The campaign will run in all seven emirates until the end of the school year.",
            "Libraries will open for longer hours during the campaign.",
        ),
    },
    "en_staff_no_dateline.txt": {
        "headline": "Muttrah souq traders prepare for the winter season",
        "byline": "Salim Al Harthy",
        "paragraphs": (
            "Shopkeepers in the old market have restocked frankincense, silver and textiles "
            "ahead of the busy cruise-ship season.",
            "Many traders said visitor numbers had risen compared with last year.",
            "The municipality has also repaved several alleys near the corniche.",
        ),
    },
    "en_no_headline.txt": {
        "headline": "The US Senate on Thursday passed a short-term funding bill that keeps the "
        "government open until the end of January, ending weeks of uncertainty for…",
        "dateline": "WASHINGTON",
        "paragraphs": (
            "The US Senate on Thursday passed a short-term funding bill that keeps the "
            "government open until the end of January, ending weeks of uncertainty for federal "
            "agencies and their employees across the country.",
            "The measure now goes to the House of Representatives.",
        ),
        "warnings": ("No headline found; used the first sentence of the first paragraph.",),
    },
    "en_several_captions.txt": {
        "headline": "Record crowds at the Muscat Nights festival",
        "dateline": "MUSCAT",
        "credit": "AFP", "credit_known": True,
        "captions": [
            ("Visitors walk through the lantern garden at Al Amerat Park.", "AFP"),
            ("A child watches the drone show over Qurum beach", "AFP"),
            ("Performers from Salalah dance at the opening night.", "AFP"),
        ],
        "paragraphs": (
            "More than 200,000 people visited the Muscat Nights festival in its first week, "
            "organisers said on Sunday.",
            "Fireworks are held every Friday at Qurum Natural Park.",
            "Food stalls offer Omani halwa and shuwa.",
            "The festival runs until the end of January.",
        ),
    },
    "en_several_captions_unknown.txt": {
        "headline": "New cable car proposed for Jebel Akhdar",
        "dateline": "Jebel Akhdar",
        "captions": [
            ("The plateau seen from the Saiq road.", "Oman Photo Club"),
            ("Terraced gardens near Wadi Bani Habib.", "Reuters"),
        ],
        "paragraphs": (
            "A cable car linking Birkat Al Mouz with the Saiq plateau is under study, the "
            "tourism ministry said on Wednesday.",
            "The project would cut the journey up the mountain to 15 minutes.",
        ),
        "warnings": (
            "Unknown agency “Oman Photo Club” in a photo credit; kept as printed. Add it to "
            "the wire credits to have it recognised.",
        ),
    },
    "en_subheadings.txt": {
        "headline": "What the new residency rules mean for families",
        "dateline": "KUWAIT CITY",
        "credit": "KUNA", "credit_known": True,
        "paragraphs": (
            "Kuwait has changed the income threshold for expatriates who wish to bring their "
            "families, the interior ministry said on Monday.",
            "Who is affected",
            "The new threshold applies to new applications filed from January 1.",
            "Existing permits remain valid until they expire.",
            "What happens next",
            "Officials said the ministry would publish detailed guidance next week.",
        ),
        "subheadings": (1, 4),
    },
    "en_weather_fahrenheit.txt": {
        "headline": "Qatar to host regional chess championship",
        "dateline": "DOHA, Dec 8",
        "credit": "QNA", "credit_known": True,
        "page_date": datetime.date(2025, 12, 8),
        "page_hijri": HijriDate(1447, 6, 17),
        "weather": WeatherReading(location="DOHA", description="clear sky", low=66, high=75,
                                  unit="F"),
        "dropped": ("Editor-in-Chief: Khalid Al Ahmad",),
        "paragraphs": (
            "Qatar will host the Asian youth chess championship in March, the national "
            "federation said.",
            "About 400 players from 30 countries are expected to take part.",
        ),
    },
    "en_chrome_related.txt": {
        "headline": "Bahrain opens new wing at children's hospital",
        "dateline": "MANAMA",
        "credit": "BNA", "credit_known": True,
        "dropped": (
            "A+", "A-", "Print", "Share", "No Image",
            "Read more: Bahrain expands school health programme",
            "Related", "Bahrain hospital waiting times fall", "New clinics open in Muharraq",
            "back to top",
        ),
        "paragraphs": (
            "Bahrain opened a new paediatric wing at the Salmaniya Medical Complex on "
            "Wednesday, adding 120 beds.",
            "The wing includes a neonatal intensive care unit.",
        ),
        "warnings": (
            "Dropped 2 line(s) listed under a “Related” heading as links to other stories.",
        ),
    },
    "en_byline_slash.txt": {
        "headline": "Saudi Arabia unveils plan for new desert rail link",
        "byline": "Jane Doe",
        "dateline": "RIYADH",
        "credit": "AFP", "credit_known": True,
        "paragraphs": (
            "Saudi Arabia on Thursday unveiled plans for a rail line linking Riyadh with the "
            "Red Sea coast.",
            "The 1,300-kilometre line is expected to take six years to build",
        ),
    },
    "en_unknown_credit.txt": {
        "headline": "Shipping lines resume Red Sea routes",
        "dateline": "MUSCAT",
        "credit": "Gulf Wire",
        "paragraphs": (
            "Two container lines said on Friday they would resume sailings through the Red Sea "
            "next month.",
            "Insurers have cut premiums for the route.",
        ),
        "warnings": (
            "Unknown agency “Gulf Wire” in the wire credit; kept as printed. Add it to the "
            "wire credits to have it recognised.",
        ),
    },
    "en_standfirst.txt": {
        "headline": "Oman's economy grows 2.1 percent in third quarter",
        "standfirst": "Higher gas output and tourism lifted growth despite lower oil prices",
        "dateline": "MUSCAT, Dec 7",
        "credit": "ONA", "credit_known": True,
        "paragraphs": (
            "Oman's economy grew 2.1 percent in the third quarter, the National Centre for "
            "Statistics said on Sunday.",
            "Non-oil activities grew faster than the oil sector.",
        ),
    },
    "en_paren_credit.txt": {
        "headline": "Doha metro adds late-night trains for holidays",
        "dateline": "DOHA",
        "credit": "Reuters", "credit_known": True,
        "paragraphs": (
            "Doha Metro will run trains until 2am on public holidays, the operator said.",
            "Trains will also run every three minutes at peak times",
        ),
    },
    "en_standalone_credit.txt": {
        "headline": "Kuwait reports higher non-oil revenue",
        "dateline": "KUWAIT CITY",
        "credit": "KUNA", "credit_known": True,
        "paragraphs": (
            "Kuwait's non-oil revenue rose 9 percent in the first half of the fiscal year, the "
            "finance ministry said on Tuesday.",
            "Officials credited higher fees and a new excise on tobacco.",
        ),
    },
    "en_title_case_dateline.txt": {
        "headline": "Ministry opens registration for Haj season",
        "dateline": "Muscat",
        "credit": "ONA", "credit_known": True,
        "paragraphs": (
            "The Ministry of Endowments and Religious Affairs opened online registration for "
            "next year's Haj on Monday.",
            "Applicants must be at least 18 years old.",
        ),
    },
    "en_muscat_crlf.txt": {
        "headline": "Sultanate marks National Day with celebrations across governorates",
        "byline": "Jane Doe",
        "dateline": "MUSCAT, Dec 7",
        "credit": "ONA", "credit_known": True,
        "paragraphs": (
            "Celebrations were held across Oman's governorates on Sunday to mark National Day.",
            "Schools and government offices will remain closed for two days.",
            "Fireworks were launched from Al Mouj and Qurum.",
        ),
    },
    "en_hygiene_crlf.txt": {
        "headline": "Gulf airlines add winter flights",
        "dateline": "ABU DHABI",
        "credit": "WAM", "credit_known": True,
        "paragraphs": (
            "Etihad and flydubai announced extra flights to Salalah and Khasab, the airlines "
            "said on Monday.",
            "Tickets go on sale this week.",
        ),
    },
    "ar_muscat_ona.txt": {
        "headline": "افتتاح معرض مسقط الدولي للكتاب",
        "dateline": "مسقط",
        "credit": "ONA", "credit_known": True,
        "page_date": datetime.date(2025, 12, 7),
        "page_hijri": HijriDate(1447, 6, 15),
        "dropped": ("مشاركة", "طباعة"),
        "paragraphs": (
            "افتتح معرض مسقط الدولي للكتاب اليوم بمشاركة أكثر من ألف دار نشر من ثلاثين دولة.",
            "ويستمر المعرض عشرة أيام، ويضم برنامجا ثقافيا متنوعا؛ يشمل ندوات وأمسيات شعرية.",
            "هل تنجح الدورة الجديدة في جذب الزوار؟ يتوقع المنظمون ذلك.",
        ),
        "language": "ar",
    },
    "ar_cairo_reuters.txt": {
        "headline": "مصر ترفع أسعار الوقود للمرة الثانية هذا العام",
        "dateline": "القاهرة",
        "credit": "Reuters", "credit_known": True,
        "captions": [("سيارات تصطف أمام محطة وقود في القاهرة.", "Reuters")],
        "paragraphs": (
            "رفعت مصر أسعار الوقود يوم الجمعة، في خطوة قالت الحكومة إنها ضرورية لخفض العجز.",
            "وقال مسؤول في وزارة البترول إن الزيادة تتراوح بين عشرة وخمسة عشر في المئة.",
        ),
        "language": "ar",
    },
    "ar_no_dateline.txt": {
        "headline": "كيف تستعد الأسر العمانية لموسم الشتاء؟",
        "byline": "سالم الحارثي",
        "paragraphs": (
            "تبدأ الأسر في الاستعداد لموسم الشتاء مبكرا، فتشتري الملابس الدافئة والحطب.",
            "التخييم في الصحراء",
            "يفضل كثيرون التخييم في رمال الشرقية، حيث تنخفض درجات الحرارة ليلا؛ ويجتمع "
            "الأصدقاء حول النار.",
            "ويقول أحد التجار إن الطلب على الخيام ارتفع هذا العام.",
        ),
        "subheadings": (1,),
        "language": "ar",
    },
    "ar_captions.txt": {
        "headline": "انطلاق مهرجان صلالة السياحي",
        "dateline": "صلالة",
        "credit": "ONA", "credit_known": True,
        "captions": [
            ("جانب من الفعاليات الشعبية في المهرجان.", "أحمد البلوشي"),
            ("زوار يتجولون في حديقة المهرجان.", "ONA"),
            ("أطفال يشاركون في ورشة للرسم.", "ONA"),
        ],
        "paragraphs": (
            "انطلقت اليوم فعاليات مهرجان صلالة السياحي بحضور عدد من المسؤولين.",
            "ويضم المهرجان عروضا فنية ومعارض للحرف التقليدية.",
            "ويستمر المهرجان حتى نهاية الشهر.",
        ),
        "warnings": (
            "Unknown agency “أحمد البلوشي” in a photo credit; kept as printed. Add it to the "
            "wire credits to have it recognised.",
        ),
        "language": "ar",
    },
    "ar_dubai_cp1256.txt": {
        "headline": "دبي تطلق خطة للنقل الذكي",
        "dateline": "دبي",
        "credit": "WAM", "credit_known": True,
        "paragraphs": (
            "أطلقت هيئة الطرق والمواصلات في دبي اليوم خطة جديدة للنقل الذكي حتى عام 2030.",
            "وتشمل الخطة زيادة عدد الحافلات الكهربائية وتوسيع شبكة المترو.",
            "وقال مسؤول في الهيئة إن الخطة ستخفض زمن التنقل.",
        ),
        "language": "ar",
    },
}


def load(name: str) -> str:
    encoding = "cp1256" if "cp1256" in name else "utf-8"
    return decode((FIXTURES / name).read_bytes(), encoding=encoding, name=name)


def test_every_fixture_has_expectations():
    on_disk = {p.name for p in FIXTURES.glob("*.txt")} - {"seed_000.txt"}
    assert on_disk == set(EXPECTED)
    assert len(EXPECTED) >= 20


def test_the_coverage_the_issue_asks_for():
    arabic = [n for n, e in EXPECTED.items() if e.get("language") == "ar"]
    no_dateline_or_credit = [n for n, e in EXPECTED.items() if not e.get("dateline") or
                             not e.get("credit")]
    several_captions = [n for n, e in EXPECTED.items() if len(e.get("captions", [])) >= 2]
    encoded = [n for n in EXPECTED if "crlf" in n or "cp1256" in n]
    assert len(arabic) >= 4
    assert len(no_dateline_or_credit) >= 3
    assert len(several_captions) >= 3
    assert len(encoded) >= 2


def test_encoded_fixtures_are_stored_as_such():
    assert b"\r\n" in (FIXTURES / "en_muscat_crlf.txt").read_bytes()
    raw = (FIXTURES / "en_hygiene_crlf.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r" in raw and b"\xc2\xa0" in raw
    with pytest.raises(UnicodeDecodeError):
        (FIXTURES / "ar_dubai_cp1256.txt").read_bytes().decode("utf-8")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture(name):
    story = parse(load(name))
    expected = {**DEFAULTS, **EXPECTED[name]}
    assert story.headline == expected["headline"]
    assert story.paragraphs == expected["paragraphs"]
    assert story.dateline == expected["dateline"]
    assert story.byline == expected["byline"]
    assert story.standfirst == expected["standfirst"]
    assert (story.credit, story.credit_known) == (expected["credit"], expected["credit_known"])
    assert [(c.text, c.credit) for c in story.captions] == expected["captions"]
    assert story.subheadings == expected["subheadings"]
    assert story.page_date == expected["page_date"]
    assert story.page_hijri == expected["page_hijri"]
    assert story.weather == expected["weather"]
    assert story.dropped == expected["dropped"]
    assert story.warnings == expected["warnings"]
    assert story.language == expected["language"]
