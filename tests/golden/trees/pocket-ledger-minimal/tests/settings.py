"""Settings every test runs with unless it sets its own."""

from typing import Any

TEST_SETTINGS: dict[str, Any] = {
}
