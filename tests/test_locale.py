"""The Arabic catalogue ships compiled and complete enough to use."""

from __future__ import annotations

from pathlib import Path

from django.utils import translation

from newsdesk.models import Article

LOCALE = Path(__file__).resolve().parents[1] / "newsdesk" / "locale" / "ar" / "LC_MESSAGES"


def test_arabic_names_for_models_and_admin_strings():
    with translation.override("ar"):
        assert str(Article._meta.verbose_name) == "مقال"
        assert translation.gettext("Import wire text") == "استيراد نص الوكالة"
        assert translation.gettext("Refresh now") == "حدّث الآن"
        assert translation.gettext("weather") == "الطقس"


def test_catalogue_has_no_untranslated_or_fuzzy_entries():
    po = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]  # the first block is the header
    live = [e for e in entries if "\nmsgid " in "\n" + e and not e.lstrip().startswith("#~")]
    untranslated = [e for e in live if '\nmsgstr ""' in "\n" + e and "msgstr \"\"\n\"" not in e]
    fuzzy = [e for e in live if "#, fuzzy" in e]
    assert not untranslated, untranslated[:3]
    assert not fuzzy, fuzzy[:3]
