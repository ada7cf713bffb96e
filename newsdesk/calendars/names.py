"""Month and weekday names: the output tables and every spelling the parser knows.

Output uses one table per language (English transliteration as the seed page
prints it, and Arabic); a site may replace the English table with its own 12
names.  The parser knows many more spellings, because English-language Gulf
papers do not agree on one (see DESIGN.md, "Hijri facts").
"""

from __future__ import annotations

import unicodedata

#: Default English month names, spelled as on the seed page.
HIJRI_MONTHS_EN: tuple[str, ...] = (
    "Muharram", "Safar", "Rabi al-awwal", "Rabi al-thani", "Jumada al-ula",
    "Jumada al-akhirah", "Rajab", "Shaaban", "Ramadan", "Shawwal",
    "Dhu al-qadah", "Dhu al-hijjah",
)

#: Arabic month names.
HIJRI_MONTHS_AR: tuple[str, ...] = (
    "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
    "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة",
)

#: Every spelling the parser recognises, by month number.  Case, apostrophes,
#: hyphens and spaces between words do not matter when matching; nor do Arabic
#: hamza forms, alef maqsura or taa marbuta.
MONTH_SPELLINGS: dict[int, tuple[str, ...]] = {
    1: ("Muharram", "Moharram", "Muharam", "Moharam", "Al-Muharram", "محرم", "المحرم"),
    2: ("Safar", "Safer", "Safar al-Muzaffar", "صفر"),
    3: (
        "Rabi al-awwal", "Rabi' al-Awwal", "Rabi Al Awwal", "Rabiul Awwal", "Rabi ul Awwal",
        "Rabi-ul-Awwal", "Rabi ul Awal", "Rabiul Awal", "Rabi al-Awal", "Rabi al-Oula",
        "Rabi I", "Rabi 1", "Rabee al-Awwal", "Rabia al-Awwal",
        "ربيع الأول", "ربيع أول",
    ),
    4: (
        "Rabi al-thani", "Rabi' al-Thani", "Rabi Al Thani", "Rabi al-Akhir", "Rabi' al-Akhir",
        "Rabiul Akhir", "Rabi ul Akhir", "Rabi-ul-Akhir", "Rabi al-Sani", "Rabi ul Sani",
        "Rabiul Sani", "Rabi al-Akhar", "Rabi II", "Rabi 2", "Rabee al-Thani", "Rabia al-Thani",
        "ربيع الآخر", "ربيع الثاني", "ربيع آخر", "ربيع ثاني",
    ),
    5: (
        "Jumada al-ula", "Jumada al-Awwal", "Jumada Al Ula", "Jumada al-Oula", "Jumada al-Ulaa",
        "Jumada al-Awal", "Jumadal Ula", "Jumadil Awal", "Jumadil Awwal", "Jamadi ul Awal",
        "Jamadi ul Awwal", "Jumada I", "Jumada 1", "Jumada Ula",
        "جمادى الأولى", "جمادى الأول", "جمادى أولى",
    ),
    6: (
        "Jumada al-akhirah", "Jumada Al Akhira", "Jumada al-Akhirah", "Jumada al-Akhira",
        "Jumada al-Akhir", "Jumada al-Akhar", "Jumada al-Ukhra", "Jumada al-Thani",
        "Jumada al-Thaniyah", "Jumada al-Thania", "Jumada al-Thaniya", "Jumadal Akhira",
        "Jumadil Akhir", "Jumadil Akhirah", "Jamadi ul Akhir", "Jamadi ul Sani", "Jumada II",
        "Jumada 2", "Jumada Akhira", "Jumada Thani",
        "جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "جمادى الثاني", "جمادى آخرة",
    ),
    7: ("Rajab", "Rajjab", "رجب"),
    8: ("Shaaban", "Sha'ban", "Sha'aban", "Shaban", "Shabaan", "شعبان"),
    9: ("Ramadan", "Ramadhan", "Ramazan", "Ramzan", "Ramadaan", "رمضان"),
    10: ("Shawwal", "Shawal", "Shawaal", "Shawwaal", "شوال"),
    11: (
        "Dhu al-qadah", "Dhu al-Qa'dah", "Dhu al-Qi'dah", "Dhul Qa'ada", "Dhul Qaada",
        "Dhul Qadah", "Dhul-Qa'dah", "Dhul Qa'dah", "Dhu'l-Qi'dah", "Dhu'l-Qa'dah",
        "Dhul Qida", "Dhul Qidah", "Thul-Qi'dah", "Thul Qadah", "Zul Qadah", "Zul Qaada",
        "Zil Qadah", "Zilqad", "Zul Qa'dah", "Dhu al-Qaada", "Dhu al-Qadah",
        "ذو القعدة", "ذي القعدة", "ذو قعدة",
    ),
    12: (
        "Dhu al-hijjah", "Dhul Hijja", "Dhul Hijjah", "Dhu'l-Hijjah", "Dhu al-Hijja",
        "Dhul-Hijjah", "Thul-Hijjah", "Thul Hijjah", "Zul Hijjah", "Zil Hijjah", "Zil-Haj",
        "Zilhaj", "Zul Hijja", "Dhu al-Hijjah",
        "ذو الحجة", "ذي الحجة", "ذو حجة",
    ),
}

GREGORIAN_MONTHS_EN: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)
#: Arabic Gregorian month names as printed in the Gulf.
GREGORIAN_MONTHS_AR: tuple[str, ...] = (
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
    "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)
#: Extra Gregorian spellings the parser accepts (abbreviations, Levantine Arabic).
GREGORIAN_SPELLINGS: dict[int, tuple[str, ...]] = {
    1: ("January", "Jan", "يناير", "كانون الثاني"),
    2: ("February", "Feb", "فبراير", "شباط"),
    3: ("March", "Mar", "مارس", "آذار"),
    4: ("April", "Apr", "أبريل", "إبريل", "نيسان"),
    5: ("May", "مايو", "أيار"),
    6: ("June", "Jun", "يونيو", "يونيه", "حزيران"),
    7: ("July", "Jul", "يوليو", "يوليه", "تموز"),
    8: ("August", "Aug", "أغسطس", "آب"),
    9: ("September", "Sept", "Sep", "سبتمبر", "أيلول"),
    10: ("October", "Oct", "أكتوبر", "تشرين الأول"),
    11: ("November", "Nov", "نوفمبر", "تشرين الثاني"),
    12: ("December", "Dec", "ديسمبر", "كانون الأول"),
}

#: Monday first, as ``date.weekday()`` counts.
WEEKDAYS_EN: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)
WEEKDAYS_AR: tuple[str, ...] = (
    "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد",
)
WEEKDAY_SPELLINGS: tuple[str, ...] = (
    *WEEKDAYS_EN, "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
    *WEEKDAYS_AR, "الإثنين", "أحد", "اثنين", "ثلاثاء", "أربعاء", "خميس", "جمعة", "سبت",
)

ERA_EN = "H"
ERA_AR = "هـ"

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def arabic_digits(text: str) -> str:
    """Western digits → Arabic-Indic (hijridate has none)."""
    return text.translate(_ARABIC_INDIC)


def hijri_month_name(month: int, *, lang: str = "en", month_names=None) -> str:
    """The name of Hijri ``month`` (1–12) for output."""
    if lang == "ar":
        return HIJRI_MONTHS_AR[month - 1]
    return (month_names or HIJRI_MONTHS_EN)[month - 1]


_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")})
_ARABIC_FOLD = {
    **{ord(c): "ا" for c in "أإآٱ"},
    ord("ى"): "ي",
    ord("ة"): "ه",
    **{ord(c): None for c in "'’ʼ‘`´ʻ\u0640"},  # apostrophes and tatweel
    **{cp: None for cp in range(0x064B, 0x0653)},  # harakat
    0x0670: None,  # superscript alef
}


def normalise(text: str) -> str:
    """Fold a line for matching: NFKC, Western digits, no apostrophes or
    harakat, one alef / yaa / haa form, case-folded.

    Only matching uses this; nothing normalised is ever shown to readers.
    """
    return unicodedata.normalize("NFKC", text).translate(_DIGITS).translate(_ARABIC_FOLD).casefold()


def _fold(normalised: str) -> str:
    return "".join(ch for ch in normalised if ch.isalnum())


_HIJRI_LOOKUP = {_fold(normalise(s)): m for m, names in MONTH_SPELLINGS.items() for s in names}
_GREGORIAN_LOOKUP = {
    _fold(normalise(s)): m for m, names in GREGORIAN_SPELLINGS.items() for s in names
}


def lookup_hijri_month(name: str) -> int | None:
    """The Hijri month number (1–12) for any known spelling, else ``None``.

    >>> lookup_hijri_month("Dhul Qa'ada")
    11
    """
    return _HIJRI_LOOKUP.get(_fold(normalise(name)))


def lookup_gregorian_month(name: str) -> int | None:
    """The Gregorian month number for an English or Arabic name, else ``None``."""
    return _GREGORIAN_LOOKUP.get(_fold(normalise(name)))
