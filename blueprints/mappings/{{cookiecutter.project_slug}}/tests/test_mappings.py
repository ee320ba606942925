"""The field mappings: every compiled row on a sample value, each transform on its own, round trips, and
the functions left to write reported by GET /health without failing it."""

import datetime as dt
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.mappings import transforms
from {{ cookiecutter.package_name }}.mappings.health import check_mappings
from {{ cookiecutter.package_name }}.mappings.pending import NOT_WRITTEN
from {{ cookiecutter.package_name }}.mappings.table import FIELD_MAPS, FieldMap, Step, map_record

# A value each transform reads, most demanding first: a row is tried on the sample of its first step here.
SAMPLES: dict[str, object] = {
    "phone_e164": "+1 (617) 555-0143",
    "currency": "1,234.50",
    "number": "42.125",
    "integer": "42",
    "datetime": "2024-03-05T14:30:00+00:00",
    "date": "2024-03-05",
    "boolean": "yes",
    "concat": ["Ada", "Lovelace"],
    "split": "Ada Lovelace",
    "default": "",
}
TEXT_SAMPLE = "  Sample-Value 42  "


def step_name(step: Step) -> str:
    function = step.func if isinstance(step, partial) else step
    return str(getattr(function, "__name__", ""))


def sample_for(field_map: FieldMap) -> object:
    first = field_map.steps[0] if field_map.steps else None
    if isinstance(first, partial) and step_name(first) == "enum_map":
        pairs: dict[str, str] = first.keywords["pairs"]
        return next(iter(pairs), "")
    names = {step_name(step) for step in field_map.steps}
    return next((sample for name, sample in SAMPLES.items() if name in names), TEXT_SAMPLE)


@pytest.mark.parametrize("field_map", FIELD_MAPS, ids=[f"{m.source}->{m.target}" for m in FIELD_MAPS])
def test_each_row_converts_a_sample_value(field_map: FieldMap) -> None:
    sample = sample_for(field_map)
    converted = field_map.convert(sample)
    if not field_map.steps:
        assert converted == sample
    else:
        assert converted is not None or "enum_map" in {step_name(s) for s in field_map.steps}


def test_map_record_maps_the_fields_present_and_leaves_out_the_rest() -> None:
    record: dict[str, Any] = {}
    for field_map in FIELD_MAPS:
        if field_map.direction in (None, "both", "to_salesforce"):
            node = record
            *parents, leaf = field_map.source.split(".")
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = sample_for(field_map)
    mapped = map_record(record)
    assert set(mapped) <= {m.target for m in FIELD_MAPS}
    assert map_record({}) == {}


def test_the_health_check_lists_the_functions_to_write_without_failing(client: TestClient) -> None:
    check = client.get("/health").json()["checks"]["mappings"]
    assert check["status"] == "ok"
    if NOT_WRITTEN:
        assert check["detail"] == check_mappings()
        assert all(name in check["detail"] for name in NOT_WRITTEN)
    else:
        assert check["detail"] is None


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        (transforms.trim, "  a b  ", "a b"),
        (transforms.lowercase, "Ada@Example.COM", "ada@example.com"),
        (transforms.uppercase, "ca", "CA"),
        (transforms.title_case, "ada lovelace", "Ada Lovelace"),
        (partial(transforms.prefix, text="SF-"), "42", "SF-42"),
        (partial(transforms.prefix, text="SF-"), "SF-42", "SF-42"),
        (partial(transforms.suffix, text="__c"), "Tier", "Tier__c"),
        (partial(transforms.strip_prefix, text="SF-"), "SF-42", "42"),
        (partial(transforms.strip_suffix, text="__c"), "Tier__c", "Tier"),
        (partial(transforms.truncate, length=3), "abcdef", "abc"),
        (partial(transforms.replace, old=" ", new="_"), "a b c", "a_b_c"),
        (partial(transforms.remove, characters=" -"), "12 34-56", "123456"),
        (transforms.digits_only, "(617) 555-0143", "6175550143"),
        (partial(transforms.default, fallback="Unknown"), "  ", "Unknown"),
        (partial(transforms.default, fallback="Unknown"), None, "Unknown"),
        (partial(transforms.default, fallback="Unknown"), "Known", "Known"),
        (partial(transforms.number, decimals=2), "1,234.567", 1234.57),
        (partial(transforms.number, decimals=None), 7, 7.0),
        (transforms.integer, "41.5", 42),
        (partial(transforms.currency, code="USD", minor_units=None), "$1,234.5", Decimal("1234.50")),
        (partial(transforms.currency, code="USD", minor_units="from_minor"), 1999, Decimal("19.99")),
        (partial(transforms.currency, code=None, minor_units="to_minor"), "19.99", Decimal("1999")),
        (partial(transforms.date, format="YYYY-MM-DD"), "03/05/2024", "2024-03-05"),
        (partial(transforms.date, format="MM/DD/YYYY"), dt.date(2024, 3, 5), "03/05/2024"),
        (partial(transforms.date, format="DD.MM.YYYY"), "2024-03-05T23:00:00Z", "05.03.2024"),
        (partial(transforms.datetime, timezone="UTC"), "2024-03-05T09:30:00-05:00", "2024-03-05T14:30:00Z"),
        (partial(transforms.datetime, timezone="UTC"), 0, "1970-01-01T00:00:00Z"),
        (partial(transforms.datetime, timezone="UTC"), dt.datetime(2024, 3, 5, 14, 30), "2024-03-05T14:30:00Z"),
        (transforms.boolean, "Yes", True),
        (transforms.boolean, "0", False),
        (transforms.boolean, True, True),
        (partial(transforms.phone_e164, country_code="44"), "07700 900123", "+447700900123"),
        (partial(transforms.phone_e164, country_code="1"), "(617) 555-0143", "+16175550143"),
        (partial(transforms.phone_e164, country_code="1"), "1-617-555-0143", "+16175550143"),
        (partial(transforms.phone_e164, country_code=None), "+44 20 7946 0958", "+442079460958"),
        (partial(transforms.phone_e164, country_code=None), "0044 20 7946 0958", "+442079460958"),
        (partial(transforms.enum_map, pairs={"f": "Female"}, default=None, skip=[]), "F", "Female"),
        (partial(transforms.enum_map, pairs={"f": "Female"}, default="Other", skip=[]), "x", "Other"),
        (partial(transforms.enum_map, pairs={"f": "Female"}, default=None, skip=["merged"]), "merged", None),
        (partial(transforms.concat, fields=["first", "last"], separator=" "), {"first": "Ada", "last": "Lovelace"}, "Ada Lovelace"),
        (partial(transforms.concat, fields=[], separator=", "), ["Leeds", "", "UK"], "Leeds, UK"),
        (partial(transforms.split, separator=None, part=0), "Ada Lovelace", "Ada"),
        (partial(transforms.split, separator=",", part=-1), "a,b,c", "c"),
        (partial(transforms.split, separator=",", part=5), "a,b", ""),
        (partial(transforms.split, separator="-", part=None), "a-b", ["a", "b"]),
    ],
)
def test_each_transform(function: Step, value: object, expected: object) -> None:
    assert function(value) == expected


@pytest.mark.parametrize(
    "function",
    [transforms.trim, transforms.lowercase, partial(transforms.truncate, length=2), transforms.boolean],
)
def test_a_missing_value_stays_missing(function: Step) -> None:
    assert function(None) is None


@pytest.mark.parametrize(
    ("function", "value"),
    [
        (partial(transforms.number, decimals=None), "n/a"),
        (partial(transforms.currency, code="USD", minor_units=None), "EUR 12.00"),
        (partial(transforms.date, format="YYYY-MM-DD"), "soon"),
        (partial(transforms.datetime, timezone="UTC"), "yesterday"),
        (transforms.boolean, "maybe"),
        (partial(transforms.phone_e164, country_code=None), "617 555 0143"),
        (partial(transforms.phone_e164, country_code="1"), "12"),
        (partial(transforms.enum_map, pairs={"f": "Female"}, default=None, skip=[]), "q"),
    ],
)
def test_unreadable_values_are_refused(function: Step, value: object) -> None:
    with pytest.raises(ValueError):
        function(value)


@pytest.mark.parametrize("value", ["42", "SF-", ""])
def test_prefix_and_suffix_round_trip(value: str) -> None:
    assert transforms.strip_prefix(transforms.prefix(value, "SF-"), "SF-") == value.removeprefix("SF-")
    assert transforms.strip_suffix(transforms.suffix(value, "__c"), "__c") == value


@pytest.mark.parametrize("amount", ["0.01", "19.99", "1234.50"])
def test_minor_units_round_trip(amount: str) -> None:
    cents = transforms.currency(amount, None, "to_minor")
    assert transforms.currency(cents, None, "from_minor") == Decimal(amount)


def test_dates_round_trip_through_another_format() -> None:
    written = transforms.date("2024-03-05", "MM/DD/YYYY")
    assert transforms.date(written, "YYYY-MM-DD") == "2024-03-05"


def test_enum_maps_invert_where_the_values_are_unique() -> None:
    pairs = {"f": "Female", "m": "Male"}
    inverse = {mapped: ours for ours, mapped in pairs.items()}
    for ours in pairs:
        assert transforms.enum_map(transforms.enum_map(ours, pairs, None, []), inverse, None, []) == ours


def test_normalised_values_are_fixed_points() -> None:
    phone = transforms.phone_e164("(617) 555-0143", "1")
    assert transforms.phone_e164(phone, "1") == phone
    assert transforms.datetime(transforms.datetime("2024-03-05T09:30:00-05:00", "UTC"), "UTC") == "2024-03-05T14:30:00Z"
