"""The HTML alert email as a person sees it: rendered in headless Chromium, screenshots kept in artifacts/."""

from __future__ import annotations

import pytest

from tests.browser import ARGS, CHROMIUM, artifacts_dir, require_chromium
from tests.mailkit import PASSWORD, MailServer
from tests.test_alerts import add_hubspot, parts, setup_watch


@pytest.fixture
def received_html(site, seeds, project, tmp_path, monkeypatch) -> str:
    monkeypatch.setenv("POLICYWATCH_TEST_SMTP_PASSWORD", PASSWORD)
    mail = MailServer(tmp_path).start()
    try:
        text = seeds["ionect-privacy-policy"]
        setup_watch(site, project, text, {"email": mail.config(), "viewer_url": "http://127.0.0.1:8080"})
        site.html(
            "/privacy",
            add_hubspot(text)
            .replace("within three years", "within five years")
            .replace("Last updated: May 20th, 2026", "Last updated: November 2nd, 2026"),
        )
        assert project.run("check").returncode == 0
        [message] = mail.inbox.messages
        return parts(message)[1]
    finally:
        mail.stop()


def test_alert_email_looks_right_in_a_browser(received_html):
    require_chromium()
    from playwright.sync_api import sync_playwright

    folder = artifacts_dir("alert-email")
    page_file = folder / "email.html"
    page_file.write_text(received_html, encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for label, width in (("desktop", 1000), ("phone", 390)):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(page_file.as_uri())
                assert "Ionect: processor added (HubSpot" in page.locator("h1").inner_text()
                assert page.locator("ins").first.is_visible() and page.locator("del").first.is_visible()
                assert page.get_by_text("See the full diff").is_visible()
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 1, f"{label}: the email is {overflow}px wider than the screen"
                shot = folder / f"email-{label}.png"
                page.screenshot(path=str(shot), full_page=True)
                assert shot.stat().st_size > 10_000
                page.close()
        finally:
            browser.close()
