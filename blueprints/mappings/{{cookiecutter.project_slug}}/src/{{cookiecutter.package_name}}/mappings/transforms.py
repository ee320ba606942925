"""The transforms a field mapping can apply, one function each, named as in the spec's vocabulary.

Every function takes the value first and the spec's parameters as keywords. ``None`` (a field with no
value) passes through unchanged, except in ``default``. A value a transform cannot read raises
``ValueError`` naming it, so a bad record fails loudly instead of syncing wrong data.
"""

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1", "on", "checked"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0", "off", "unchecked", ""})
DATE_TOKENS = (("YYYY", "%Y"), ("YY", "%y"), ("MM", "%m"), ("DD", "%d"))
READABLE_DATES = ("%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y", "%d.%m.%Y", "%Y%m%d")


def text_of(value: object) -> str:
    return value if isinstance(value, str) else str(value)


def trim(value: object) -> str | None:
    return None if value is None else text_of(value).strip()


def lowercase(value: object) -> str | None:
    return None if value is None else text_of(value).lower()


def uppercase(value: object) -> str | None:
    return None if value is None else text_of(value).upper()


def title_case(value: object) -> str | None:
    return None if value is None else " ".join(word.capitalize() for word in text_of(value).split(" "))


def prefix(value: object, text: str) -> str | None:
    """Adds ``text`` in front, once: a value that already starts with it is left as it is."""
    if value is None:
        return None
    written = text_of(value)
    return written if written.startswith(text) else text + written


def suffix(value: object, text: str) -> str | None:
    """Adds ``text`` at the end, once."""
    if value is None:
        return None
    written = text_of(value)
    return written if written.endswith(text) else written + text


def strip_prefix(value: object, text: str) -> str | None:
    return None if value is None else text_of(value).removeprefix(text)


def strip_suffix(value: object, text: str) -> str | None:
    return None if value is None else text_of(value).removesuffix(text)


def truncate(value: object, length: int) -> str | None:
    return None if value is None else text_of(value)[:length]


def replace(value: object, old: str, new: str) -> str | None:
    return None if value is None else text_of(value).replace(old, new)


def remove(value: object, characters: str) -> str | None:
    return None if value is None else text_of(value).translate({ord(char): None for char in characters})


def digits_only(value: object) -> str | None:
    return None if value is None else re.sub(r"\D", "", text_of(value))


def default(value: object, fallback: object) -> object:
    """``fallback`` when the value is missing or blank; the value otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return fallback
    return value


def number(value: object, decimals: int | None) -> float | None:
    if value is None:
        return None
    parsed = float(decimal_of(value))
    return parsed if decimals is None else round(parsed, decimals)


def integer(value: object) -> int | None:
    if value is None:
        return None
    return int(decimal_of(value).to_integral_value(rounding=ROUND_HALF_UP))


def currency(value: object, code: str | None, minor_units: str | None) -> Decimal | None:
    """An amount to two decimals. ``minor_units`` ``"from_minor"`` reads cents as dollars (1999 -> 19.99),
    ``"to_minor"`` the reverse (19.99 -> 1999). A value naming another currency than ``code`` is refused."""
    if value is None:
        return None
    written = text_of(value).strip()
    named = re.findall(r"[A-Za-z]{3}", written)
    if code is not None and named and named[0].upper() != code.upper():
        raise ValueError(f"amount {written!r} is not in {code}")
    amount = decimal_of(re.sub(r"[A-Za-z]{3}", "", written))
    if minor_units == "from_minor":
        return (amount / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if minor_units == "to_minor":
        return (amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def decimal_of(value: object) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    cleaned = re.sub(r"[\s,$€£¥_]", "", text_of(value))
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None


def date(value: object, format: str) -> str | None:
    """The date written as ``format`` (``YYYY-MM-DD``, ``MM/DD/YYYY``, ...); reads dates, datetimes and
    the common written forms."""
    if value is None:
        return None
    return date_of(value).strftime(strftime_format(format))


def date_of(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    written = text_of(value).strip()
    try:
        return dt.date.fromisoformat(written[:10])
    except ValueError:
        pass
    for pattern in READABLE_DATES:
        try:
            return dt.datetime.strptime(written, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{written!r} is not a date")


def strftime_format(format: str) -> str:
    for token, directive in DATE_TOKENS:
        format = format.replace(token, directive)
    return format


def datetime(value: object, timezone: str) -> str | None:
    """ISO 8601 in ``timezone`` (``2024-03-05T14:30:00Z`` for UTC). Reads datetimes, ISO strings and Unix
    epoch seconds; a datetime without a zone is taken as UTC."""
    if value is None:
        return None
    moment = datetime_of(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    if timezone.upper() == "UTC":
        return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.astimezone(ZoneInfo(timezone)).isoformat(timespec="seconds")


def datetime_of(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value, dt.UTC)
    written = text_of(value).strip()
    try:
        return dt.datetime.fromisoformat(written)
    except ValueError:
        raise ValueError(f"{written!r} is not an ISO 8601 date and time") from None


def boolean(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    word = text_of(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"{value!r} is not a yes/no value")


def phone_e164(value: object, country_code: str | None) -> str | None:
    """``+<country><number>``. A number written without ``+`` or ``00`` gets ``country_code`` (a national
    trunk ``0`` is dropped: ``07700 900123`` with 44 is ``+447700900123``)."""
    if value is None:
        return None
    written = text_of(value).strip()
    digits = re.sub(r"\D", "", re.split(r"(?i)\s*(?:ext\.?|x|#)\s*\d+$", written)[0])
    if written.startswith("+"):
        international = digits
    elif digits.startswith("00"):
        international = digits[2:]
    elif country_code is None:
        raise ValueError(f"phone number {written!r} has no country code and the spec gives no default region")
    elif digits.startswith(country_code) and len(digits) > 10:
        international = digits
    else:
        international = country_code + digits.lstrip("0")
    if not 8 <= len(international) <= 15:
        raise ValueError(f"phone number {written!r} is not a valid international number")
    return "+" + international


def enum_map(value: object, pairs: Mapping[str, str], default: str | None, skip: Sequence[str]) -> str | None:
    """The picklist value for ``value``: exact first, then ignoring case. A value listed in ``skip`` gives
    ``None`` (not synced); another value gives ``default``, or raises when the spec names none."""
    if value is None:
        return None
    key = text_of(value).strip()
    if key in skip:
        return None
    if key in pairs:
        return pairs[key]
    folded = {name.casefold(): mapped for name, mapped in pairs.items()}
    if key.casefold() in folded:
        return folded[key.casefold()]
    if default is not None:
        return default
    raise ValueError(f"{key!r} is not one of {', '.join(pairs) or 'the mapped values'}")


def concat(value: object, fields: Sequence[str], separator: str) -> str | None:
    """The parts joined by ``separator``: ``value`` is a mapping holding ``fields``, or a sequence of parts.
    Empty parts are left out."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        parts: list[object] = [value.get(field) for field in fields]
    elif isinstance(value, Sequence) and not isinstance(value, str):
        parts = list(value)
    else:
        parts = [value]
    return separator.join(text_of(part).strip() for part in parts if part is not None and text_of(part).strip())


def split(value: object, separator: str | None, part: int | None) -> str | list[str] | None:
    """The value split on ``separator`` (whitespace when ``None``): every part, or the one at ``part``
    (``0`` first, ``-1`` last; ``""`` when there is no such part)."""
    if value is None:
        return None
    parts = text_of(value).split(separator)
    if part is None:
        return parts
    return parts[part] if -len(parts) <= part < len(parts) else ""
