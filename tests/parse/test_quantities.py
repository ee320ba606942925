import pytest

from generator.parse.quantities import (
    Rate,
    parse_backoff,
    parse_count,
    parse_duration,
    parse_durations,
    parse_percent,
    parse_rate,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30 seconds", 30),
        ("6 hours", 21600),
        ("Every 15 minutes", 900),
        ("60 minutes (JWT, RS256)", 3600),
        ("60 days sliding, rotated on use", 5184000),
        ("10s", 10),
        ("24h TTL", 86400),
        ("7-day TTL", 604800),
        ("1.5 hours", 5400),
        ("500ms", 0.5),
        ("~35 hours", 126000),
        ("Near-real-time via outbox (≤ 2 min) + nightly", 120),
        ("Hourly batch sync", 3600),
        ("Nightly at 02:00", 86400),
    ],
)
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["soon", "v59.0", "Max attempts: 5", "10 MB", ""])
def test_not_durations(text):
    assert parse_duration(text) is None


def test_schedules():
    assert parse_durations("10s → 1m → 5m → 30m → 2h") == [10, 60, 300, 1800, 7200]
    assert parse_durations("Exponential (30s, 5m, 45m, 6h)") == [30, 300, 2700, 21600]


@pytest.mark.parametrize(
    ("value", "count"),
    [
        (5, 5),
        ("8 (1 initial + 7 retries)", 8),
        ("10,000", 10000),
        (3.0, 3),
        ("five", None),
        (True, None),
        ("2.5", None),
    ],
)
def test_counts(value, count):
    assert parse_count(value) == count


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("10000/day", Rate(10000, 86400)),
        ("100/second", Rate(100, 1)),
        ("50000/month", Rate(50000, 2592000)),
        ("600 requests/minute per workspace key", Rate(600, 60)),
        ("3,000/min", Rate(3000, 60)),
        ("300 req/min per client", Rate(300, 60)),
        ("5,000 calls/day per tenant", Rate(5000, 86400)),
        ("100 per second", Rate(100, 1)),
        ("2,000/week", Rate(2000, 604800)),
    ],
)
def test_rates(text, rate):
    assert parse_rate(text) == rate


def test_not_a_rate():
    assert parse_rate("Not used") is None
    assert parse_rate("10 concurrent") is None


def test_backoff_and_jitter():
    assert parse_backoff("Exponential with ±20% jitter") == "exponential"
    assert parse_backoff("Linear") == "linear"
    assert parse_backoff("Constant 10s") == "fixed"
    assert parse_backoff("Fibonacci") is None
    assert parse_percent("±20% jitter") == pytest.approx(0.2)
