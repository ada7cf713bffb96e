"""The example site as `make demo` serves it, in a real browser.

Runs the demo's own steps (migrate, setup_demo) against a fresh SQLite file,
starts ``manage.py runserver`` on a free loopback port and reads the pages
with headless Chromium: the front page lists the imported sample stories
under the dual date bar and the weather widget, and the demo login works.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import chromium_executable, chromium_page

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "example_project"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=EXAMPLE, env=env,
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    chromium_executable()  # skip (or fail in CI) before the slow set-up
    db = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    env = {
        key: value for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "NEWSDESK_TEST_DB"}
    }
    env.update(DATABASE_URL=f"sqlite:///{db}", PYTHONPATH=str(ROOT))
    _manage(env, "migrate", "--no-input", "-v", "0")
    setup_output = _manage(env, "setup_demo")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=EXAMPLE, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the demo server did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", setup_output
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def page(demo_site):
    with chromium_page() as page:
        yield page


def test_setup_demo_prints_the_login(demo_site):
    _, output = demo_site
    assert "Demo login: username 'demo', password 'newsdesk-demo'" in output


def test_setup_demo_shows_a_failed_refresh_keeping_the_reading(demo_site):
    _, output = demo_site
    assert "oman: failed (openweathermap): OpenWeatherMap needs an API key" in output
    assert "kept the last reading" in output


def test_front_page_lists_the_imported_samples_under_the_header(demo_site, page):
    base, _ = demo_site
    response = page.goto(base + "/")
    assert response.status == 200
    # Headlines as written in example_project/wire_samples/.
    assert page.get_by_role("link", name="Russia, US diplomats discuss 'next steps' on Ukraine").is_visible()
    assert page.get_by_role("link", name="Sohar port handles record container volumes in 2025").is_visible()
    header = page.locator("header.site-header").inner_text()
    assert " H" in header and "|" in header  # the dual date bar
    assert "broken clouds" in header and "OMAN" in header  # the weather widget, seeded offline


def test_article_page_shows_credit_and_dateline_but_no_imageless_caption(demo_site, page):
    base, _ = demo_site
    page.goto(base + "/")
    page.get_by_role("link", name="Russia, US diplomats discuss 'next steps' on Ukraine").click()
    text = page.locator("article").inner_text()
    assert "Source: AFP" in text
    assert "WASHINGTON" in text
    # The imported caption waits for its photo: a caption with no image is
    # not printed (the admin shows it, under Captions).
    assert "in Chernihiv, Ukraine." not in text
    assert page.locator("article figure").count() == 0


def test_demo_login_opens_the_admin(demo_site, page):
    base, _ = demo_site
    response = page.goto(base + "/admin/login/")
    assert response.status == 200
    page.fill("#id_username", "demo")
    page.fill("#id_password", "newsdesk-demo")
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")
    assert page.get_by_role("link", name="Articles").first.is_visible()
