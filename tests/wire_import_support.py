"""Helpers shared by the importer's tests (ingest, command, admin, browser).

Stories here are written by hand for these tests; each test states the
values it expects, read off the text, not off the importer's output.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from django.apps import apps

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "wire"
SEED_PATH = FIXTURES / "seed_000.txt"


def seed_text() -> str:
    """The scraped Omani page DESIGN.md describes line by line."""
    return SEED_PATH.read_text(encoding="utf-8")


def ensure_wire_credits() -> None:
    """Put the seeded agencies (AFP, Reuters, ONA, ...) back.

    Transactional tests flush the database when they end, which also removes
    the rows the data migration seeded; every transactional test that needs
    them calls this first, so test order never matters.
    """
    migration = importlib.import_module("newsdesk.migrations.0002_seed_wire_credits")
    migration.seed(apps, None)


# A short story in the usual agency form: headline, dateline, credit.
PORT_STORY = """Muscat port opens new container terminal

MUSCAT: The new terminal at Sultan Qaboos Port opened on Monday, the ministry said.

It can handle two million containers a year, officials added. — ONA
"""

# Caption credited to a photographer that is no known agency.
WADI_STORY = """Heavy rain floods wadis across Dhofar

Cars cross a flooded wadi near Salalah on Tuesday. Photo: Dhofar Lens Studio

SALALAH: Heavy rain flooded several wadis across Dhofar on Tuesday, and the police urged drivers to stay away from running water.

The Civil Aviation Authority expects more rain until Thursday. — ONA
"""

# A third, different story; shares nothing with the two above.
FALCON_STORY = """Falcon festival draws record crowd

DUBAI: More than 40,000 visitors came to the falcon festival on Friday, organisers said.

Prizes worth one million dirhams will be handed out on Saturday. — WAM
"""

# An invented court story, printed under another title-like line.  Under a
# three-word section label ("Courts and Justice") the hand rules take the
# label for the headline; under a kicker that reads as a headline ("Court
# ruling ends years of waiting") the learnt model does too.  Either way the
# parser offers the real headline as the alternative.
COURT_HEADLINE = "Man jailed for ten years over Seeb land fraud ring"
COURT_SECTION_LABEL = "Courts and Justice"
COURT_KICKER = "Court ruling ends years of waiting"


def court_page(above: str) -> str:
    """The court story with ``above`` printed over its headline."""
    return "\n\n".join([
        above,
        COURT_HEADLINE,
        "By Salim Al Busaidi",
        "MUSCAT: The Primary Court in Seeb on Tuesday sentenced a man to ten years in prison for selling the "
        "same plots of land to several buyers, a court official said.",
        "The court heard that the scheme had cost more than forty families their savings over three years "
        "before a buyer went to the police.",
        "Two accomplices were given shorter sentences and ordered to repay the money.",
    ]) + "\n"

# Two title lines, the second printed again further down: a real toss-up
# between them for the headline, so the parser offers the other.
TWO_TITLES_PAGE = (
    "Dubai opens 12 new bus shelters\n\nRTA unveils cooled shelters in Al Barsha\n\n"
    "Dubai: Commuters in Al Barsha can now wait for their bus in air-conditioned comfort, "
    "the authority said on Wednesday.\n\nRTA unveils cooled shelters in Al Barsha\n\n"
    "Each shelter seats up to 12 people and stays cool in summer, the authority said.\n"
)
