"""Numbers with units written as prose: "30 seconds", "Every 15 minutes", "10000/day", "8 (1 initial + 7 retries)".

Each parser returns ``None`` when the text states no such quantity; callers turn that into a diagnostic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# At most 15 significant digits: longer runs are not quantities a document means (and would not fit a float).
_NUMBER = r"(\d{1,3}(?:[,_]\d{3}){1,4}(?:\.\d{1,6})?|\d{1,15}(?:_\d{3}){0,4}(?:\.\d{1,6})?)(?![.\d])"
_UNIT_SECONDS = {
    "ms": 0.001, "msec": 0.001, "millisecond": 0.001, "milliseconds": 0.001,
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
    "d": 86400, "day": 86400, "days": 86400,
    "w": 604800, "wk": 604800, "week": 604800, "weeks": 604800,
    "month": 2592000, "months": 2592000, "mo": 2592000,
    "year": 31536000, "years": 31536000, "yr": 31536000,
}  # fmt: skip
_UNITS = "|".join(sorted(_UNIT_SECONDS, key=len, reverse=True))
_DURATION = re.compile(rf"(?<![\w.]){_NUMBER}\s*-?\s*({_UNITS})\b", re.IGNORECASE)
_WORD_PERIODS = {
    "hourly": 3600.0, "daily": 86400.0, "nightly": 86400.0, "weekly": 604800.0, "monthly": 2592000.0,
    "every minute": 60.0, "every second": 1.0, "every hour": 3600.0, "every day": 86400.0,
    "per minute": 60.0, "per hour": 3600.0, "per day": 86400.0, "half an hour": 1800.0,
}  # fmt: skip
_RATE_PERIOD = {
    "s": 1, "sec": 1, "second": 1, "seconds": 1,
    "m": 60, "min": 60, "minute": 60, "minutes": 60,
    "h": 3600, "hr": 3600, "hour": 3600, "hours": 3600,
    "d": 86400, "day": 86400, "days": 86400,
    "w": 604800, "wk": 604800, "week": 604800, "weeks": 604800,
    "month": 2592000, "mo": 2592000, "year": 31536000, "yr": 31536000,
}  # fmt: skip
_PERIODS = "|".join(sorted(_RATE_PERIOD, key=len, reverse=True))
_RATE = re.compile(
    rf"(?<![\w.]){_NUMBER}\s*(?:[A-Za-z]+\s*)?(?:/|\bper\b|\ba\b)\s*({_PERIODS})\b",
    re.IGNORECASE,
)
_COUNT = re.compile(rf"^\s*[~≈]?\s*(?:up to\s+|max(?:imum)?\s+)?{_NUMBER}(?![\w.])", re.IGNORECASE)
_PERCENT = re.compile(r"(?<![\d.])(\d{1,6}(?:\.\d{1,6})?)\s*%")

Backoff = Literal["exponential", "linear", "fixed"]


@dataclass(frozen=True, slots=True)
class Rate:
    count: float
    per_seconds: float


def to_number(text: str) -> float:
    """``"10,000"`` -> 10000.0; ``"30_000"`` -> 30000.0; ``"1.5"`` -> 1.5."""
    cleaned = text.replace(",", "").replace("_", "")
    return float(cleaned)


def parse_duration(text: str) -> float | None:
    """The first duration in ``text``, in seconds: "30 seconds", "6h", "7-day", "Every 15 minutes"."""
    match = _DURATION.search(text)
    if match:
        return to_number(match[1]) * _UNIT_SECONDS[match[2].lower()]
    lowered = text.lower()
    for words, seconds in _WORD_PERIODS.items():
        if re.search(rf"\b{words}\b", lowered):
            return seconds
    return None


def parse_durations(text: str) -> list[float]:
    """Every duration in ``text``, in order: "10s → 1m → 5m" -> [10, 60, 300]."""
    return [to_number(m[1]) * _UNIT_SECONDS[m[2].lower()] for m in _DURATION.finditer(text)]


def parse_count(value: object) -> int | None:
    """A leading whole number: ``8`` or ``"8 (1 initial + 7 retries)"`` -> 8; ``"five"`` -> None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    match = _COUNT.match(str(value))
    if not match:
        return None
    number = to_number(match[1])
    return int(number) if number.is_integer() else None


def parse_rate(text: str) -> Rate | None:
    """ "10000/day", "100/second", "600 requests/minute", "3,000/min", "300 req/min" -> Rate."""
    match = _RATE.search(text)
    if not match:
        return None
    return Rate(count=to_number(match[1]), per_seconds=float(_RATE_PERIOD[match[2].lower()]))


def parse_percent(text: str) -> float | None:
    """ "±20% jitter" -> 0.2."""
    match = _PERCENT.search(text)
    return float(match[1]) / 100 if match else None


def parse_backoff(text: str) -> Backoff | None:
    lowered = text.lower()
    if "exponential" in lowered:
        return "exponential"
    if "linear" in lowered or "incremental" in lowered:
        return "linear"
    if any(word in lowered for word in ("fixed", "constant", "static", "uniform")):
        return "fixed"
    return None
