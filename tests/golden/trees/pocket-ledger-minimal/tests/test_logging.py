import json
import logging

import pytest
from fastapi.testclient import TestClient

from pocket_ledger.core.logging import JsonFormatter, mask_text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("mail jane.doe@example.com now", "mail [EMAIL] now"),
        ("call +1 617 555 0143", "call [PHONE]"),
        ("call (617) 555-0143", "call [PHONE]"),
        ("card 4242 4242 4242 4242", "card [CARD]"),
        ("Authorization: Bearer abc.def.ghi", "Authorization: Bearer [REDACTED]"),
        ("secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "secret [REDACTED]"),
        ("order 1718035200000 at 2024-06-14", "order 1718035200000 at 2024-06-14"),
    ],
)
def test_personal_data_is_masked(text: str, masked: str) -> None:
    assert mask_text(text) == masked


def test_log_lines_are_json_with_masked_extras() -> None:
    record = logging.makeLogRecord(
        {"msg": "signup from %s", "args": ("ana@example.org",), "levelname": "INFO", "name": "test", "password": "hunter2"}
    )
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "signup from [EMAIL]"
    assert line["password"] == "[REDACTED]"
    assert line["level"] == "INFO"


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


def test_request_logs_carry_the_request_id(client: TestClient) -> None:
    logger = logging.getLogger("pocket_ledger.test")
    collect = Collect()
    logger.addHandler(collect)

    @client.app.get("/_test/log")  # type: ignore[attr-defined, untyped-decorator]
    def log_something() -> dict[str, bool]:
        logger.warning("hello from %s", "bob@example.com")
        return {"ok": True}

    try:
        client.get("/_test/log", headers={"X-Request-ID": "req_log_1"})
    finally:
        logger.removeHandler(collect)
    (entry,) = collect.lines
    assert entry["request_id"] == "req_log_1"
    assert entry["message"] == "hello from [EMAIL]"
