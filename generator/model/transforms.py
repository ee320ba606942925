"""The transforms of Salesforce field mappings: one table, ``TRANSFORMS``, is the vocabulary.

Each entry names a transform, its parameters, the phrasings that recognise it and how its parameters are
read. A phrasing is a regular expression that must match a whole *step* of the Transform cell, ignoring
case, after a trailing parenthesised detail is set aside: ``Number (2 decimals)`` is the step ``Number``
with the detail ``2 decimals``. A reader gets the match and the detail and returns the parameters, or
``None`` when a parameter the transform needs is missing (the step is then not recognised).

``parse_transform`` reads a whole cell: the cell as one step first, else the cell split into steps at
top-level commas, semicolons, "and", "then" and arrows (``Lowercase, trim`` -> lowercase, trim). A cell
whose steps are not all recognised gives ``None``: the generated project gets a function for the user to
write (``custom_function_name``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.naming import snake_case

Params = dict[str, Any]
Reader = Callable[[re.Match[str], str], Params | None]

# A parameter as written: quoted ("SF-", 'SF-', “SF-”) or one word.
TOKEN = r"(?:\"[^\"]*\"|'[^']*'|“[^”]*”|‘[^’]*’|[^\s\"'“‘,;()]+)"
# One item of a list of characters: "spaces, dashes and dots".
CHARS = r"(?:\"[^\"]*\"|'[^']*'|[^\s,&/\"']+)"
DATE_FORMAT = r"[YMD]{1,4}(?:[-/. ][YMD]{1,4}){1,2}"
CHARACTER_NAMES = {
    "space": " ",
    "spaces": " ",
    "whitespace": " ",
    "blank": " ",
    "blanks": " ",
    "dash": "-",
    "dashes": "-",
    "hyphen": "-",
    "hyphens": "-",
    "underscore": "_",
    "underscores": "_",
    "dot": ".",
    "dots": ".",
    "period": ".",
    "periods": ".",
    "comma": ",",
    "commas": ",",
    "slash": "/",
    "slashes": "/",
    "colon": ":",
    "colons": ":",
    "semicolon": ";",
    "pipe": "|",
    "parentheses": "()",
    "parens": "()",
    "brackets": "[]",
    "quotes": "\"'",
    "apostrophes": "'",
    "nothing": "",
    "empty": "",
}
# Calling codes for regions a document may name instead of a "+44".
CALLING_CODES = {
    "US": "1",
    "CA": "1",
    "GB": "44",
    "UK": "44",
    "IE": "353",
    "FR": "33",
    "DE": "49",
    "ES": "34",
    "IT": "39",
    "NL": "31",
    "BE": "32",
    "CH": "41",
    "AT": "43",
    "SE": "46",
    "NO": "47",
    "DK": "45",
    "FI": "358",
    "PL": "48",
    "PT": "351",
    "AU": "61",
    "NZ": "64",
    "IN": "91",
    "JP": "81",
    "SG": "65",
    "MX": "52",
    "BR": "55",
    "ZA": "27",
}
_ENUM_PAIR = re.compile(r"([^,;()→:]+?)\s*(?:→|->|=>)\s*([^,;()→]+)")
_DEFAULT_KEYS = {"other", "others", "otherwise", "else", "anything else", "default", "*", "any other"}
_CHAIN = re.compile(r"\s*(?:,|;|→|->|=>|\band then\b|\bthen\b|\band\b|&)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Transform:
    """One transform of the vocabulary."""

    name: str
    params: tuple[str, ...]
    phrasings: tuple[re.Pattern[str], ...]
    read: Reader


@dataclass(frozen=True)
class Step:
    """One recognised step of a Transform cell, with its parameters."""

    name: str
    params: Params


def phrasings(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


# --- reading parameters ------------------------------------------------------------------------------


def no_params(match: re.Match[str], detail: str) -> Params:
    return {}


def unquote(token: str) -> str:
    """``"SF-"`` -> ``SF-``; an unquoted word stays as written."""
    for left, right in ('""', "''", "“”", "‘’"):
        if len(token) >= 2 and token[0] == left and token[-1] == right:
            return token[1:-1]
    return token


def characters(token: str) -> str | None:
    """A quoted string, a character's name (``spaces``) or a single symbol; else ``None``."""
    if unquote(token) != token:
        return unquote(token)
    word = token.lower()
    if word in CHARACTER_NAMES:
        return CHARACTER_NAMES[word]
    return token if len(token) == 1 and not token.isalnum() else None


def literal(token: str) -> Any:
    """A default value: quoted text as written; unquoted numbers, booleans and null as themselves."""
    if unquote(token) != token:
        return unquote(token)
    lowered = token.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("null", "none"):
        return None
    if re.fullmatch(r"-?\d{1,15}", token):
        return int(token)
    if re.fullmatch(r"-?\d{1,15}\.\d{1,15}", token):
        return float(token)
    return token


def read_affix(match: re.Match[str], detail: str) -> Params | None:
    text = match.group("text")
    return {"text": unquote(text)} if text else None


def read_truncate(match: re.Match[str], detail: str) -> Params | None:
    length = small_int(match.group("length") or first_group(r"(\d+)", detail))
    return {"length": length} if length else None


def read_replace(match: re.Match[str], detail: str) -> Params | None:
    old, new = characters(match.group("old")), characters(match.group("new"))
    if old is None or new is None or not old:
        return None
    return {"old": old, "new": new}


def read_remove(match: re.Match[str], detail: str) -> Params | None:
    items = [item for item in re.split(r"\s*[,&/]\s*|\s+(?:and|or)\s+", match.group("chars")) if item]
    found = [characters(item) for item in items]
    if not found or any(chars is None for chars in found):
        return None
    return {"characters": "".join(dict.fromkeys("".join(c for c in found if c)))}


def read_default(match: re.Match[str], detail: str) -> Params:
    return {"fallback": literal(match.group("value"))}


def read_number(match: re.Match[str], detail: str) -> Params:
    decimals = match.groupdict().get("decimals") or first_group(
        r"(\d+)\s*(?:decimals?|decimal places|dp|places|digits)", detail
    )
    return {"decimals": small_int(decimals)}


def read_currency(match: re.Match[str], detail: str) -> Params:
    text = f"{match.group(0)} ({detail})"
    code = first_group(r"\b([A-Z]{3})\b", text)
    return {"code": code, "minor_units": minor_units(text.lower())}


def minor_units(text: str) -> str | None:
    minor, major = r"(?:cents?|pence|minor units?)", r"(?:dollars?|pounds?|euros?|major units?)"
    if re.search(rf"{minor}\s*(?:→|->|to|into)\s*{major}|from {minor}|divided? by 100", text):
        return "from_minor"
    if re.search(rf"{major}\s*(?:→|->|to|into)\s*{minor}|(?:to|in) {minor}|multipl(?:y|ied) by 100", text):
        return "to_minor"
    return None


def read_date(match: re.Match[str], detail: str) -> Params:
    written = match.groupdict().get("format") or first_group(rf"\b({DATE_FORMAT})\b", detail)
    return {"format": written.upper() if written else "YYYY-MM-DD"}


def read_datetime(match: re.Match[str], detail: str) -> Params:
    text = f"{match.group(0)} {detail}"
    zone = first_group(r"\b(UTC|GMT|Z)\b", text) or first_group(r"\b([A-Za-z]+/[A-Za-z_]+)\b", detail)
    return {"timezone": "UTC" if zone in (None, "GMT", "Z") else zone}


def read_phone(match: re.Match[str], detail: str) -> Params | None:
    region = match.groupdict().get("region") or region_in(detail)
    if region is None:
        return {"country_code": country_code_from_example(detail)}
    if region.startswith("+"):
        return {"country_code": region[1:]}
    code = CALLING_CODES.get(region.upper())
    return {"country_code": code} if code else None


def region_in(detail: str) -> str | None:
    stated = first_group(
        r"(?:assume|default(?: region| country)?(?: code)?|region|country(?: code)?)[:=]?\s*(\+\d{1,3}(?!\d)|[A-Z]{2}\b)",
        detail,
        re.IGNORECASE,
    )
    return stated or first_group(r"(?<![\w+])(\+\d{1,3}(?!\d)|[A-Z]{2}\b)", detail)


def country_code_from_example(detail: str) -> str | None:
    """``(617) 555-0143 → +16175550143`` shows the calling code: the digits the national number lacks."""
    example = re.search(r"([\d()\s.-]{7,})\s*(?:→|->|=>)\s*\+(\d{8,15})", detail)
    if example is None:
        return None
    national, international = re.sub(r"\D", "", example.group(1)).lstrip("0"), example.group(2)
    code = international[: len(international) - len(national)]
    return code if international.endswith(national) and 1 <= len(code) <= 3 else None


def read_enum(match: re.Match[str], detail: str) -> Params:
    return enum_params(match.groupdict().get("pairs") or detail)


def enum_params(text: str) -> Params:
    """``a→A, b→B, other→Other, merged→skip`` -> pairs, the default for other values and values to skip."""
    pairs: dict[str, str] = {}
    default: str | None = None
    skip: list[str] = []
    for left, right in _ENUM_PAIR.findall(text):
        key, value = left.strip(" `'\"“”"), right.strip(" `'\"“”.")
        if key.lower() in _DEFAULT_KEYS:
            default = value
        elif value.lower() in ("skip", "skipped", "ignore", "ignored", "not synced"):
            skip.append(key)
        else:
            pairs[key] = value
    return {"pairs": pairs, "default": default, "skip": skip}


def read_lookup(match: re.Match[str], detail: str) -> Params:
    groups = match.groupdict()
    return {"object": groups.get("object"), "by": groups.get("by") or detail or None}


def read_concat(match: re.Match[str], detail: str) -> Params | None:
    fields = [f for f in re.split(r"\s*(?:\+|,|&|\band\b|\bwith\b)\s*", match.group("fields")) if f]
    separator = characters(match.group("sep")) if match.groupdict().get("sep") else " "
    if separator is None:
        return None
    return {"fields": fields, "separator": separator}


def read_split(match: re.Match[str], detail: str) -> Params | None:
    written = match.groupdict().get("sep")
    separator = characters(written) if written else None
    if written and separator is None:
        return None
    which = match.groupdict().get("which") or first_group(r"\b(first|last|second|third|\d+)", detail.lower())
    return {"separator": separator if separator != " " else None, "part": part_index(which)}


def part_index(which: str | None) -> int | None:
    if which is None:
        return None
    named = {"first": 0, "second": 1, "third": 2, "last": -1}
    if which.lower() in named:
        return named[which.lower()]
    digits = re.match(r"\d+", which)
    number = small_int(digits.group() if digits else None)
    return number - 1 if number else None


def small_int(digits: str | None) -> int | None:
    """A count written in the cell; ``None`` for one too long to be meant (``7777...``)."""
    return int(digits) if digits and len(digits) <= 6 else None


def first_group(pattern: str, text: str, flags: int = 0) -> str | None:
    match = re.search(pattern, text, flags)
    return match.group(1) if match else None


# --- the vocabulary ----------------------------------------------------------------------------------

TRANSFORMS: tuple[Transform, ...] = (
    Transform(
        "direct",
        (),
        phrasings(
            r"",
            r"[-—–]",
            r"direct(?:ly)?(?: (?:copy|map(?:ping)?))?",
            r"none|n/?a|as[- ]is|copy|copied|pass[- ]?through|same|identity|unchanged|no (?:transform|change)\w*",
        ),
        no_params,
    ),
    Transform(
        "trim",
        (),
        phrasings(
            r"trim(?:med)?(?: (?:leading (?:and|/) trailing )?(?:white ?space|spaces|blanks))?",
            r"(?:strip|remove) (?:leading (?:and|/) trailing|surrounding) (?:white ?space|spaces|blanks)",
            r"strip(?:ped)?(?: white ?space)?",
        ),
        no_params,
    ),
    Transform(
        "lowercase",
        (),
        phrasings(r"(?:(?:convert )?to |make )?lower(?:[ -]?cased?)?|downcase(?:d)?"),
        no_params,
    ),
    Transform(
        "uppercase",
        (),
        phrasings(r"(?:(?:convert )?to |make )?upper(?:[ -]?cased?)?|upcase(?:d)?|(?:all )?caps"),
        no_params,
    ),
    Transform(
        "title_case",
        (),
        phrasings(
            r"(?:(?:convert )?to )?(?:title|proper)[ -]?cased?",
            r"capitali[sz]ed?(?: (?:each|every|the first letter of each) word)?",
        ),
        no_params,
    ),
    Transform(
        "prefix",
        ("text",),
        phrasings(
            rf"(?:add (?:a |the )?)?prefix(?:ed)?(?: (?:with|by))?:? (?P<text>{TOKEN})",
            rf"prepend(?:ed)?(?: with)?:? (?P<text>{TOKEN})",
            rf"(?P<text>{TOKEN}) ?\+ ?(?:the )?(?:value|field|id)",
        ),
        read_affix,
    ),
    Transform(
        "suffix",
        ("text",),
        phrasings(
            rf"(?:add (?:a |the )?)?suffix(?:ed)?(?: (?:with|by))?:? (?P<text>{TOKEN})",
            rf"append(?:ed)?(?: with)?:? (?P<text>{TOKEN})",
            rf"(?:the )?(?:value|field|id) ?\+ ?(?P<text>{TOKEN})",
        ),
        read_affix,
    ),
    Transform(
        "strip_prefix",
        ("text",),
        phrasings(
            rf"(?:strip|remove|drop|trim)(?: the)?(?: leading)? prefix:? (?P<text>{TOKEN})",
            rf"(?:strip|remove|drop|trim) (?:the )?(?P<text>{TOKEN}) prefix",
            rf"(?:strip|remove|drop|trim) leading (?P<text>{TOKEN})",
        ),
        read_affix,
    ),
    Transform(
        "strip_suffix",
        ("text",),
        phrasings(
            rf"(?:strip|remove|drop|trim)(?: the)?(?: trailing)? suffix:? (?P<text>{TOKEN})",
            rf"(?:strip|remove|drop|trim) (?:the )?(?P<text>{TOKEN}) suffix",
            rf"(?:strip|remove|drop|trim) trailing (?P<text>{TOKEN})",
        ),
        read_affix,
    ),
    Transform(
        "truncate",
        ("length",),
        phrasings(
            r"(?:truncated?|trim(?:med)?|cut|shorten(?:ed)?|limit(?:ed)?|cap(?:ped)?|clip(?:ped)?)(?: (?:to|at))?"
            r"(?: (?:max(?:imum)?|first))?(?: (?P<length>\d+)(?: (?:chars?|characters?|letters))?)?",
            r"max(?:imum)?(?: length)?:? (?P<length>\d+)(?: (?:chars?|characters?))?",
            r"(?:first|left|keep (?:the )?first) (?P<length>\d+) (?:chars?|characters?)",
        ),
        read_truncate,
    ),
    Transform(
        "replace",
        ("old", "new"),
        phrasings(rf"replace (?:all )?(?P<old>{TOKEN}) (?:with|by|→|->) (?P<new>{TOKEN})"),
        read_replace,
    ),
    Transform(
        "digits_only",
        (),
        phrasings(
            r"(?:digits|numbers|numeric) only",
            r"(?:keep|only) (?:the )?digits(?: only)?",
            r"(?:remove|strip|drop) (?:all )?non[- ]?(?:digits?|numeric)(?: characters)?",
        ),
        no_params,
    ),
    Transform(
        "remove",
        ("characters",),
        phrasings(
            rf"(?:remove|strip|drop|delete)(?: all)? (?P<chars>{CHARS}(?:(?:\s*[,&/]\s*|\s+(?:and|or)\s+){CHARS})*)"
        ),
        read_remove,
    ),
    Transform(
        "default",
        ("fallback",),
        phrasings(
            rf"default(?:s)?(?: (?:to|value|of))?:? (?P<value>{TOKEN})(?: (?:if|when) (?:empty|blank|null|missing|none))?",
            rf"(?:if|when) (?:empty|blank|null|missing)[,:]? (?:use |default to |set to |then )?(?P<value>{TOKEN})",
            rf"(?P<value>{TOKEN}) (?:if|when) (?:empty|blank|null|missing)",
            rf"(?:fall ?back(?: to)?|or else):? (?P<value>{TOKEN})",
        ),
        read_default,
    ),
    Transform(
        "number",
        ("decimals",),
        phrasings(
            r"(?:(?:parse|convert to|cast to|format as) )?(?:a )?(?:number|numeric|decimal|float|double)",
            r"round(?:ed)?(?: to)? (?P<decimals>\d+) (?:decimals?|decimal places|dp|places)",
            r"(?P<decimals>\d+) (?:decimals?|decimal places|dp)",
        ),
        read_number,
    ),
    Transform(
        "integer",
        (),
        phrasings(
            r"(?:(?:parse|convert to|cast to|round to) )?(?:an )?(?:integer|int|whole number)",
        ),
        no_params,
    ),
    Transform(
        "currency",
        ("code", "minor_units"),
        phrasings(
            r"(?:(?:format as|convert to) )?(?:[A-Z]{3} )?(?:currency|money|amount|monetary)(?: amount)?",
            r"(?:cents?|pence|minor units?) (?:→|->|to|into) (?:dollars?|pounds?|euros?|major units?)",
            r"(?:dollars?|pounds?|euros?|major units?) (?:→|->|to|into) (?:cents?|pence|minor units?)",
            r"divided? by 100|multiply by 100",
        ),
        read_currency,
    ),
    Transform(
        "datetime",
        ("timezone",),
        phrasings(
            r"(?:(?:format(?:ted)? as|convert to|as) )?(?:iso(?: ?8601)? )?(?:date ?/ ?time|date[- ]?time|timestamp)"
            r"(?: \(?(?:utc|gmt)\)?)?",
            r"(?:(?:format(?:ted)? as|convert to|as) )?(?:iso ?8601|utc)(?: (?:date ?time|timestamp))?",
            r"(?:epoch|unix)(?: (?:seconds|time|timestamp))?(?: (?:→|->|to) (?:iso(?: ?8601)?|date ?time|utc))?",
        ),
        read_datetime,
    ),
    Transform(
        "date",
        ("format",),
        phrasings(
            r"(?:(?:format(?:ted)? as|convert to|as) )?(?:iso(?: ?8601)? )?date(?: only)?",
            rf"(?:(?:format(?:ted)? as|convert to|as) )?(?:date )?(?P<format>{DATE_FORMAT})",
        ),
        read_date,
    ),
    Transform(
        "boolean",
        (),
        phrasings(
            r"(?:(?:convert to|as|cast to) )?(?:a )?(?:bool(?:ean)?|checkbox|flag)",
            r"(?:yes ?/ ?no|y ?/ ?n|true ?/ ?false|1 ?/ ?0)(?: (?:→|->|to) (?:true ?/ ?false|bool(?:ean)?|checkbox))?",
        ),
        no_params,
    ),
    Transform(
        "phone_e164",
        ("country_code",),
        phrasings(
            r"(?:(?:format|normali[sz]e)(?: as| to)? )?(?:(?:tele|mobile )?phone(?: number)?,? ?)?\(?e\.?164\)?"
            r"(?: format)?(?:,? \(?(?:assume|default(?: region| country)?(?: code)?:?|region:?)?"
            r" ?(?P<region>\+\d{1,3}|[A-Z]{2})\)?)?",
            r"(?:(?:format|normali[sz]e)(?: as)? )?(?:tele|mobile )?phone(?: number)?(?: format)?",
        ),
        read_phone,
    ),
    Transform(
        "enum_map",
        ("pairs", "default", "skip"),
        phrasings(
            r"enum(?:eration)?(?: (?:map(?:ping)?|values?))?|(?:value|picklist) map(?:ping)?|picklist(?: values?)?",
            r"map (?:values|picklist|enum)(?: values)?",
            r"(?:enum(?: map)?|map|maps?):? (?P<pairs>[^()]*(?:→|->|=>)[^()]*)",
        ),
        read_enum,
    ),
    Transform(
        "lookup",
        ("object", "by"),
        phrasings(
            r"(?:(?P<object>[\w ]+?) )?(?:lookup|look[- ]up|reference|id resolution|resolve(?:d)?(?: id)?)"
            r"(?: (?:by|on|via|using|from|in|to) (?P<by>.+))?",
            r"(?:map|mapped|translate|convert) (?:via|using|through|with|from) (?:the |a )?(?P<by>.+?)"
            r"(?: (?:table|lookup|list|mapping))?",
            r"(?:via |using )?(?:the |a )?(?P<by>[\w ]+?) (?:mapping |lookup )?table",
        ),
        read_lookup,
    ),
    Transform(
        "concat",
        ("fields", "separator"),
        phrasings(
            rf"(?:concat(?:enated?)?|join(?:ed)?|combined?|merged?)(?: of)? (?P<fields>(?:(?!\bthen\b)[^;])+?)(?: (?:with|separated by|using) (?P<sep>{TOKEN}))?",
            r"(?P<fields>[\w.]+(?: ?\+ ?[\w.]+)+)",
        ),
        read_concat,
    ),
    Transform(
        "split",
        ("separator", "part"),
        phrasings(
            rf"split(?: (?:on|by|at))?(?: (?P<sep>{TOKEN}))?(?:,? \(?(?:take |keep |use )?(?:the )?"
            r"(?P<which>first|last|second|third|\d+(?:st|nd|rd|th)?)(?: (?:part|item|element|one|token|word))?\)?)?",
        ),
        read_split,
    ),
)
NAMES: tuple[str, ...] = tuple(transform.name for transform in TRANSFORMS)


# --- reading a cell ----------------------------------------------------------------------------------


def parse_transform(text: str, notes: str = "") -> tuple[Step, ...] | None:
    """The steps of a Transform cell, ``()`` for a direct copy; ``None`` when not every step is recognised.

    An enum map without pairs takes them from ``notes`` (the row's notes, or a paragraph below the table).
    """
    text = normalize(text)
    steps = parse_step(text)
    if steps is None:
        parts = split_chain(text)
        found = [parse_step(part) for part in parts] if len(parts) > 1 else [None]
        if any(part is None for part in found):
            return None
        steps = tuple(step for part in found if part for step in part)
    return tuple(with_notes(step, notes) for step in steps)


def parse_step(text: str) -> tuple[Step, ...] | None:
    """One step (``()`` when it is a direct copy); a direct copy with a detail may name steps:
    ``Direct (trimmed)`` is a trim."""
    head, detail = split_detail(text)
    for transform in TRANSFORMS:
        for phrasing in transform.phrasings:
            match = phrasing.fullmatch(head)
            params = transform.read(match, detail) if match else None
            if params is None:
                continue
            if transform.name == "direct":
                return direct_detail(detail)
            return (Step(transform.name, params),)
    return None


def direct_detail(detail: str) -> tuple[Step, ...]:
    steps = parse_transform(detail) if detail else None
    return steps or ()


def with_notes(step: Step, notes: str) -> Step:
    """An enum map without pairs, or a currency without a code, takes them from the row's notes."""
    if step.name == "enum_map" and not step.params["pairs"] and notes:
        return Step(step.name, enum_params(notes.split(":", 1)[-1]))
    if step.name == "currency" and step.params["code"] is None and (code := first_group(r"\b([A-Z]{3})\b", notes)):
        return Step(step.name, {**step.params, "code": code})
    return step


def normalize(text: str) -> str:
    return " ".join(text.replace("`", "").split()).strip().rstrip(".").strip()


def split_detail(text: str) -> tuple[str, str]:
    """``Number (2 decimals)`` -> ``("Number", "2 decimals")``; a text without a trailing ``(...)`` has none."""
    if not text.endswith(")"):
        return text, ""
    depth = 0
    for position in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[position], 0)
        if depth == 0:
            head = text[:position].strip()
            return (head, text[position + 1 : -1].strip()) if head else (text, "")
    return text, ""


def split_chain(text: str) -> list[str]:
    """Split at separators outside parentheses and quotes: ``Trim, lowercase (ASCII)`` -> two steps."""
    masked = mask_nested(text)
    parts: list[str] = []
    start = 0
    for separator in _CHAIN.finditer(masked):
        parts.append(text[start : separator.start()])
        start = separator.end()
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def mask_nested(text: str) -> str:
    """``text`` with every character inside parentheses or quotes replaced by ``_`` (same length)."""
    out: list[str] = []
    depth, quote = 0, ""
    closing = {'"': '"', "'": "'", "“": "”", "‘": "’"}
    for char in text:
        hidden = depth > 0 or bool(quote)
        if quote and char == quote:
            quote = ""
        elif not quote and char in closing and depth == 0:
            quote = closing[char]
            hidden = True
        elif not quote:
            depth += {"(": 1, ")": -1}.get(char, 0)
            depth = max(depth, 0)
            hidden = hidden or char == "("
        out.append("_" if hidden else char)
    return "".join(out)


# --- functions the user writes -----------------------------------------------------------------------


def custom_function_name(kind: str, source: str, taken: set[str]) -> str:
    """A lowercase identifier for a function in the generated project, unique among ``taken``:
    ``transform_contact_region``, ``lookup_patient_care_coordinator``, ``map_client_status``."""
    base = f"{kind}_{snake_case(source)}".strip("_")
    name, count = base, 1
    while name in taken:
        count += 1
        name = f"{base}_{count}"
    taken.add(name)
    return name
