"""Seed the agencies a Gulf newsroom meets daily.

Existing rows (matched by short name) are left alone, so editors' changes
survive; reversing removes only rows that still look exactly as seeded.
"""

from django.db import migrations

AGENCIES = [
    # short name, name, aliases (one per line), kind, website
    ("AFP", "Agence France-Presse", "Agence France Presse\nFrance-Presse\nأ ف ب\nفرانس برس", "news", "https://www.afp.com/"),
    ("Reuters", "Reuters", "Thomson Reuters\nREUTERS\nرويترز", "news", "https://www.reuters.com/"),
    ("AP", "Associated Press", "The Associated Press\nA.P.\nأسوشيتد برس", "news", "https://apnews.com/"),
    ("ONA", "Oman News Agency", "Oman News Agency (ONA)\nالعمانية\nوكالة الأنباء العمانية", "news", "https://omannews.gov.om/"),
    ("WAM", "Emirates News Agency", "Emirates News Agency (WAM)\nوام", "news", "https://www.wam.ae/"),
    ("SPA", "Saudi Press Agency", "واس\nSaudi Press Agency (SPA)", "news", "https://www.spa.gov.sa/"),
    ("KUNA", "Kuwait News Agency", "كونا", "news", "https://www.kuna.net.kw/"),
    ("QNA", "Qatar News Agency", "قنا", "news", "https://www.qna.org.qa/"),
    ("BNA", "Bahrain News Agency", "بنا", "news", "https://www.bna.bh/"),
    ("dpa", "Deutsche Presse-Agentur", "DPA\nDeutsche Presse Agentur", "news", "https://www.dpa.com/"),
    ("Xinhua", "Xinhua News Agency", "XINHUA\nشينخوا", "news", "https://english.news.cn/"),
    ("Bloomberg", "Bloomberg News", "Bloomberg L.P.", "news", "https://www.bloomberg.com/"),
    ("ANI", "Asian News International", "", "news", "https://www.aninews.in/"),
    ("IANS", "Indo-Asian News Service", "", "news", "https://ians.in/"),
    ("Anadolu", "Anadolu Agency", "AA\nAnadolu Ajansi", "news", "https://www.aa.com.tr/"),
    ("EPA", "European Pressphoto Agency", "EPA-EFE\nEFE", "photo", "https://www.epa.eu/"),
    ("Getty", "Getty Images", "Getty Images via AFP", "photo", "https://www.gettyimages.com/"),
]


def seed(apps, schema_editor):
    WireCredit = apps.get_model("newsdesk", "WireCredit")
    existing = set(WireCredit.objects.values_list("short_name", flat=True))
    WireCredit.objects.bulk_create(
        WireCredit(short_name=short, name=name, aliases=aliases, kind=kind, website=site)
        for short, name, aliases, kind, site in AGENCIES
        if short not in existing
    )


def unseed(apps, schema_editor):
    WireCredit = apps.get_model("newsdesk", "WireCredit")
    for short, name, aliases, kind, site in AGENCIES:
        WireCredit.objects.filter(
            short_name=short, name=name, aliases=aliases, kind=kind, website=site
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("newsdesk", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
