"""The dashboard in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by Playwright,
against the app served by uvicorn on 127.0.0.1 with its in-process worker delivering to a real receiver.

Skipped when Chromium or Playwright is missing, unless INTSPEC_REQUIRE_BROWSER=1 (CI), where that fails."""

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import uvicorn
from sqlalchemy import select

from {{ cookiecutter.package_name }}.api.routes.webhooks import MANAGE_SCOPE
from {{ cookiecutter.package_name }}.core.config import Settings
from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.models.webhook import WebhookDelivery
from {{ cookiecutter.package_name }}.services.api_keys import create_api_key
from {{ cookiecutter.package_name }}.services.webhook_endpoints import create_endpoint
from {{ cookiecutter.package_name }}.webhooks.emit import emit
from {{ cookiecutter.package_name }}.webhooks.schemas import WebhookEndpointCreate

from .conftest import EVENT_TYPE, Receiver, Reply, sample_data
from .test_operations import GIVE_UP

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        return f"chromium is not installed ({CHROMIUM})"
    return None


@pytest.fixture
def browser_page() -> Iterator[Any]:
    missing = browser_missing()
    if missing:
        if os.environ.get("INTSPEC_REQUIRE_BROWSER") == "1":
            pytest.fail(f"INTSPEC_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=["--no-sandbox"])
        try:
            yield browser.new_page()
        finally:
            browser.close()


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The app on an ephemeral port of 127.0.0.1, its lifespan (and so its worker) running."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(settings), lifespan="on", log_config=None, access_log=False, ws="none", http="h11")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.01)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def wait_until(check: Any, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the condition did not hold in time"
        time.sleep(0.05)


def test_a_dead_letter_is_retried_from_the_dashboard(browser_page: Any, migrated: Settings, receiver: Receiver) -> None:
    settings = migrated.model_copy(update={"webhook_worker_in_process": True, "webhook_poll_seconds": 0.05})
    receiver.script(Reply(GIVE_UP, body=b"account closed"))
    with serving(settings) as base:
        database = create_app(settings).state.db
        with database.session() as session:
            key = create_api_key(session, "dashboard", [MANAGE_SCOPE]).key
            endpoint = create_endpoint(session, WebhookEndpointCreate(url=receiver.url, events=[EVENT_TYPE]))
            endpoint_id = endpoint.id
            event_id = emit(EVENT_TYPE, sample_data(), session)
            session.commit()

        def status() -> str:
            with database.session() as session:
                query = select(WebhookDelivery.status).where(WebhookDelivery.event_id == event_id)
                return str(session.scalars(query).one())

        wait_until(lambda: status() == "dead")
        page = browser_page
        page.goto(f"{base}/dashboard/webhooks")
        page.fill("#key", key)
        page.click("button[type=submit]")
        section = page.locator(f'section.endpoint[data-endpoint-id="{endpoint_id}"]')
        assert section.locator("h2").inner_text() == receiver.url
        assert section.locator(".dead-letters").inner_text() == "1"
        assert section.locator(".success-rate").inner_text() == "0.0%"
        assert "account closed" in section.inner_text()

        section.locator("tr.dead-letter button.retry").click()
        page.wait_for_url("**/dashboard/webhooks?notice=retried")
        assert "queued again" in page.locator(".notice").inner_text()
        first, second = receiver.wait_for(2, timeout=15)
        assert first.headers["webhook-id"] == second.headers["webhook-id"] == event_id
        wait_until(lambda: status() == "delivered")

        page.reload()
        section = page.locator(f'section.endpoint[data-endpoint-id="{endpoint_id}"]')
        assert section.locator(".dead-letters").inner_text() == "0"
        assert section.locator(".success-rate").inner_text() == "50.0%"
        database.dispose()
