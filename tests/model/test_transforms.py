"""The transform vocabulary: every transform from each of its common phrasings, with its parameters; chains;
enum pairs from the cell or the notes; what is not recognised; and how field mappings carry the steps."""

import pytest

from generator.model.transforms import NAMES, TRANSFORMS, Step, custom_function_name, parse_transform, split_detail
from tests.helpers import doc, read


def steps(text: str, notes: str = "") -> list[tuple[str, dict[str, object]]] | None:
    parsed = parse_transform(text, notes)
    return None if parsed is None else [(step.name, step.params) for step in parsed]


PHRASINGS = [
    # direct: a copy, no steps
    ("", []),
    ("-", []),
    ("Direct", []),
    ("Direct (External ID)", []),
    ("As-is", []),
    ("None", []),
    ("Copy", []),
    ("Pass-through", []),
    # trim
    ("Trim", [("trim", {})]),
    ("Trimmed", [("trim", {})]),
    ("Direct (trimmed)", [("trim", {})]),
    ("Trim whitespace", [("trim", {})]),
    ("Strip leading and trailing whitespace", [("trim", {})]),
    # case
    ("Lowercase", [("lowercase", {})]),
    ("lower case", [("lowercase", {})]),
    ("To lower", [("lowercase", {})]),
    ("Uppercase", [("uppercase", {})]),
    ("Upper-case", [("uppercase", {})]),
    ("All caps", [("uppercase", {})]),
    ("Title case", [("title_case", {})]),
    ("Capitalize each word", [("title_case", {})]),
    ("Proper case", [("title_case", {})]),
    # prefix and suffix, added and stripped
    ('Prefix with "SF-"', [("prefix", {"text": "SF-"})]),
    ("Add prefix 'HX_'", [("prefix", {"text": "HX_"})]),
    ("Prepend `ACME-`", [("prefix", {"text": "ACME-"})]),
    ('"SF-" + value', [("prefix", {"text": "SF-"})]),
    ('Suffix with "-US"', [("suffix", {"text": "-US"})]),
    ('Append "@example.com"', [("suffix", {"text": "@example.com"})]),
    ('value + "__c"', [("suffix", {"text": "__c"})]),
    ('Strip prefix "SF-"', [("strip_prefix", {"text": "SF-"})]),
    ("Remove prefix SF-", [("strip_prefix", {"text": "SF-"})]),
    ('Remove leading "0"', [("strip_prefix", {"text": "0"})]),
    ('Strip suffix "__c"', [("strip_suffix", {"text": "__c"})]),
    ('Remove trailing "/"', [("strip_suffix", {"text": "/"})]),
    # truncate
    ("Truncate to 80 characters", [("truncate", {"length": 80})]),
    ("Truncate (255)", [("truncate", {"length": 255})]),
    ("Truncate to " + "7" * 5000 + " characters", None),
    ("Truncate to 0 characters", None),
    ("Max 40 chars", [("truncate", {"length": 40})]),
    ("Limit to 32 characters", [("truncate", {"length": 32})]),
    ("First 10 characters", [("truncate", {"length": 10})]),
    ("Trim to 40", [("truncate", {"length": 40})]),
    # replace and remove characters
    ('Replace "-" with "_"', [("replace", {"old": "-", "new": "_"})]),
    ("Replace spaces with underscores", [("replace", {"old": " ", "new": "_"})]),
    ("Replace & with and", None),
    ("Remove spaces and dashes", [("remove", {"characters": " -"})]),
    ('Strip "(", ")" and "-"', [("remove", {"characters": "()-"})]),
    ("Remove dots", [("remove", {"characters": "."})]),
    ("Digits only", [("digits_only", {})]),
    ("Remove non-digits", [("digits_only", {})]),
    # default
    ('Default "Unknown" if empty', [("default", {"fallback": "Unknown"})]),
    ("Default to 0", [("default", {"fallback": 0})]),
    ("Default: false", [("default", {"fallback": False})]),
    ("Default " + "1" * 5000, [("default", {"fallback": "1" * 5000})]),
    ('If empty, "N/A"', [("default", {"fallback": "N/A"})]),
    ('"Unknown" if blank', [("default", {"fallback": "Unknown"})]),
    ("Fallback 'Other'", [("default", {"fallback": "Other"})]),
    # number, integer
    ("Number", [("number", {"decimals": None})]),
    ("Number (2 decimals)", [("number", {"decimals": 2})]),
    ("Decimal", [("number", {"decimals": None})]),
    ("Round to 3 decimal places", [("number", {"decimals": 3})]),
    ("Number (" + "9" * 5000 + " decimals)", [("number", {"decimals": None})]),
    ("Integer", [("integer", {})]),
    ("Convert to integer", [("integer", {})]),
    # currency
    ("Currency", [("currency", {"code": None, "minor_units": None})]),
    ("Currency (USD)", [("currency", {"code": "USD", "minor_units": None})]),
    ("Currency (USD, cents → dollars)", [("currency", {"code": "USD", "minor_units": "from_minor"})]),
    ("Cents to dollars", [("currency", {"code": None, "minor_units": "from_minor"})]),
    ("Pence → pounds", [("currency", {"code": None, "minor_units": "from_minor"})]),
    ("Dollars to cents", [("currency", {"code": None, "minor_units": "to_minor"})]),
    ("Money (EUR)", [("currency", {"code": "EUR", "minor_units": None})]),
    # date and datetime
    ("Date", [("date", {"format": "YYYY-MM-DD"})]),
    ("Format as YYYY-MM-DD", [("date", {"format": "YYYY-MM-DD"})]),
    ("Date (MM/DD/YYYY)", [("date", {"format": "MM/DD/YYYY"})]),
    ("Date (ISO `YYYY-MM-DD`, no timezone shift)", [("date", {"format": "YYYY-MM-DD"})]),
    ("DD.MM.YYYY", [("date", {"format": "DD.MM.YYYY"})]),
    ("ISO date", [("date", {"format": "YYYY-MM-DD"})]),
    ("Date/Time (UTC)", [("datetime", {"timezone": "UTC"})]),
    ("Datetime", [("datetime", {"timezone": "UTC"})]),
    ("Timestamp", [("datetime", {"timezone": "UTC"})]),
    ("ISO 8601", [("datetime", {"timezone": "UTC"})]),
    ("Date/Time (UTC ISO 8601 → DateTime)", [("datetime", {"timezone": "UTC"})]),
    ("Datetime (America/Chicago)", [("datetime", {"timezone": "America/Chicago"})]),
    ("Epoch to ISO", [("datetime", {"timezone": "UTC"})]),
    # boolean
    ("Boolean", [("boolean", {})]),
    ("Boolean (most restrictive wins)", [("boolean", {})]),
    ("Checkbox", [("boolean", {})]),
    ("Yes/No → true/false", [("boolean", {})]),
    # phone
    ("Phone E.164", [("phone_e164", {"country_code": None})]),
    ("E.164 (assume +44)", [("phone_e164", {"country_code": "44"})]),
    ("E.164, default region GB", [("phone_e164", {"country_code": "44"})]),
    ("Phone (E.164, US)", [("phone_e164", {"country_code": "1"})]),
    ("Phone (+353)", [("phone_e164", {"country_code": "353"})]),
    ("Phone E.164 (`(617) 555-0143` → `+16175550143`)", [("phone_e164", {"country_code": "1"})]),
    ("Normalize phone", [("phone_e164", {"country_code": None})]),
    ("Phone (XX)", None),
    # enum map
    (
        "Enum map (`f`→Female, `m`→Male)",
        [("enum_map", {"pairs": {"f": "Female", "m": "Male"}, "default": None, "skip": []})],
    ),
    ("Enum map (a -> A, b => B)", [("enum_map", {"pairs": {"a": "A", "b": "B"}, "default": None, "skip": []})]),
    ("Map a→A, b→B", [("enum_map", {"pairs": {"a": "A", "b": "B"}, "default": None, "skip": []})]),
    (
        "Enum map (`en`→English, other→Other)",
        [("enum_map", {"pairs": {"en": "English"}, "default": "Other", "skip": []})],
    ),
    (
        "Enum map (`active`→Active; `merged`→skip)",
        [("enum_map", {"pairs": {"active": "Active"}, "default": None, "skip": ["merged"]})],
    ),
    ("Picklist", [("enum_map", {"pairs": {}, "default": None, "skip": []})]),
    ("Value map", [("enum_map", {"pairs": {}, "default": None, "skip": []})]),
    # lookup
    ("User lookup by federation ID", [("lookup", {"object": "User", "by": "federation ID"})]),
    ("Lookup", [("lookup", {"object": None, "by": None})]),
    ("Map via country table", [("lookup", {"object": None, "by": "country"})]),
    ("Account reference", [("lookup", {"object": "Account", "by": None})]),
    ("Country mapping table", [("lookup", {"object": None, "by": "Country"})]),
    # concat and split
    ("Concatenate first + last", [("concat", {"fields": ["first", "last"], "separator": " "})]),
    ("Combine first_name and last_name", [("concat", {"fields": ["first_name", "last_name"], "separator": " "})]),
    ('Join street, city with ", "', [("concat", {"fields": ["street", "city"], "separator": ", "})]),
    ("first + last", [("concat", {"fields": ["first", "last"], "separator": " "})]),
    ("Split on space (first part)", [("split", {"separator": None, "part": 0})]),
    ("Split by comma, take last", [("split", {"separator": ",", "part": -1})]),
    ('Split on "-" (2nd part)', [("split", {"separator": "-", "part": 1})]),
    ("Split", [("split", {"separator": None, "part": None})]),
]


@pytest.mark.parametrize(("text", "expected"), PHRASINGS, ids=[text[:60] or "empty" for text, _ in PHRASINGS])
def test_each_phrasing_gives_its_steps_and_parameters(text: str, expected: object) -> None:
    assert steps(text) == expected


def test_every_transform_has_a_phrasing_tested() -> None:
    tested = {name for _, found in PHRASINGS if found for name, _ in found}
    assert tested | {"direct"} == set(NAMES)


def test_the_vocabulary_is_one_table_of_unique_names() -> None:
    assert len(NAMES) == len(set(NAMES)) == len(TRANSFORMS)
    assert all(transform.phrasings for transform in TRANSFORMS)


CHAINS = [
    ("Lowercase, trim", [("lowercase", {}), ("trim", {})]),
    ("Trim and lowercase", [("trim", {}), ("lowercase", {})]),
    ("Trim, then uppercase", [("trim", {}), ("uppercase", {})]),
    ("Trim → Lowercase", [("trim", {}), ("lowercase", {})]),
    ("Lowercase; strip whitespace", [("lowercase", {}), ("trim", {})]),
    (
        'Trim, truncate to 80 characters, default "n/a" if empty',
        [("trim", {}), ("truncate", {"length": 80}), ("default", {"fallback": "n/a"})],
    ),
    (
        "Cents to dollars, 2 decimals",
        [("currency", {"code": None, "minor_units": "from_minor"}), ("number", {"decimals": 2})],
    ),
    ("Trim, lowercase (ASCII)", [("trim", {}), ("lowercase", {})]),
    ("Direct, trim", [("trim", {})]),
]


@pytest.mark.parametrize(("text", "expected"), CHAINS, ids=[text for text, _ in CHAINS])
def test_a_cell_may_chain_steps(text: str, expected: object) -> None:
    assert steps(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Rot13", "Geocode the address", "Trim, then geocode", "Truncate", "Hash with SHA-256", "Lowercase and encrypt"],
)
def test_unrecognised_cells_give_none(text: str) -> None:
    assert parse_transform(text) is None


@pytest.mark.parametrize(
    ("notes", "pairs"),
    [
        ("Notes: Active→Customer, Lapsed→Former", {"Active": "Customer", "Lapsed": "Former"}),
        ("`active`→Active, `grace`→Grace Period", {"active": "Active", "grace": "Grace Period"}),
        (
            "Enum map for organization.tier: standard → Standard, suspended → On Hold.",
            {"standard": "Standard", "suspended": "On Hold"},
        ),
    ],
)
def test_enum_pairs_come_from_the_notes_when_the_cell_has_none(notes: str, pairs: dict[str, str]) -> None:
    assert parse_transform("Enum map", notes) == (Step("enum_map", {"pairs": pairs, "default": None, "skip": []}),)


def test_pairs_in_the_cell_win_over_the_notes() -> None:
    (step,) = parse_transform("Enum map (a→A)", "b→B") or ()
    assert step.params["pairs"] == {"a": "A"}


def test_a_currency_code_may_come_from_the_notes() -> None:
    assert parse_transform("Currency", "USD") == (Step("currency", {"code": "USD", "minor_units": None}),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Number (2 decimals)", ("Number", "2 decimals")),
        ("Phone ((617) 555-0143 → +16175550143)", ("Phone", "(617) 555-0143 → +16175550143")),
        ("(only a detail)", ("(only a detail)", "")),
        ("Trim", ("Trim", "")),
    ],
)
def test_split_detail_sets_a_trailing_parenthesis_aside(text: str, expected: tuple[str, str]) -> None:
    assert split_detail(text) == expected


def test_custom_function_names_are_identifiers_unique_per_document() -> None:
    taken: set[str] = set()
    assert custom_function_name("transform", "contact.region", taken) == "transform_contact_region"
    assert custom_function_name("transform", "contact.region", taken) == "transform_contact_region_2"
    assert custom_function_name("lookup", "2fa.Class", taken) == "lookup_x_2fa_class"


def test_long_hostile_cells_are_read_quickly() -> None:
    for text in ["a," * 2000 + "x", "Remove " + "a and " * 2000 + "!", "(" * 3000, "split " + '"' * 3001]:
        parse_transform(text)


SALESFORCE = (
    "## CRM Integration (Salesforce)\n### Field Mapping\n| Our Field | Salesforce Field | Transform | Notes |\n"
    "|---|---|---|---|\n"
)


def test_field_mappings_carry_steps_custom_functions_and_lines() -> None:
    text = doc(
        SALESFORCE + "| a.name | Account.Name | Lowercase, trim | |\n"
        "| a.code | Account.Code__c | Truncate to 8 characters | |\n"
        "| a.status | Account.Status__c | Enum map | `on`→Active, `off`→Inactive |\n"
        "| a.tier | Account.Tier__c | Enum map | |\n"
        "| a.owner | OwnerId | User lookup by email | |\n"
        "| a.geo | Account.Geo__c | Geocode | |\n"
        "| a.kind | Account.Kind__c | Picklist | |\n"
        "\nNotes: Gold→Gold Tier, Silver→Silver Tier\n"
    )
    mappings = read(text).spec.connectors.salesforce.field_mappings
    assert [(m.source, m.transform, m.custom and m.custom.function) for m in mappings] == [
        ("a.name", "lowercase", None),
        ("a.code", "truncate", None),
        ("a.status", "enum_map", None),
        ("a.tier", "enum_map", None),
        ("a.owner", "lookup", "lookup_a_owner"),
        ("a.geo", "custom", "transform_a_geo"),
        ("a.kind", "enum_map", None),
    ]
    assert [step.model_dump() for step in mappings[0].steps] == [
        {"name": "lowercase", "params": {}},
        {"name": "trim", "params": {}},
    ]
    assert mappings[1].steps[0].params == {"length": 8}
    assert mappings[2].enum_map == {"on": "Active", "off": "Inactive"}
    assert mappings[3].enum_map == {"Gold": "Gold Tier", "Silver": "Silver Tier"}
    assert mappings[5].steps == []
    assert mappings[5].custom is not None
    assert (mappings[5].custom.kind, mappings[5].custom.line) == ("transform", 11)
    sources = read(text).spec.sources
    assert sources["connectors.salesforce.field_mappings.5"] == 11


def test_an_enum_map_without_pairs_anywhere_is_left_to_the_user() -> None:
    text = doc(SALESFORCE + "| a.tier | Account.Tier__c | Enum map | |\n")
    (mapping,) = read(text).spec.connectors.salesforce.field_mappings
    assert mapping.custom is not None
    assert (mapping.custom.function, mapping.custom.kind) == ("map_a_tier", "map")
    assert read(text).diagnostics == []
