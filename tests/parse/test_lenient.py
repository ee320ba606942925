"""Lenient decoding names the line of the first thing strict JSON (or YAML) does not allow."""

import pytest

from generator.parse.elements import normalize_key
from generator.parse.jsish import read_json5
from generator.parse.nodes import DecodeError
from tests.helpers import doc, fence, read

CONFIG = "## Webhook System\n### Webhook Configuration\n"  # the block's first line is document line 5


def diagnostics(text: str) -> list[tuple[int, str, str, str]]:
    return [(d.line, d.severity, d.code, d.message) for d in read(text).diagnostics]


@pytest.mark.parametrize(
    ("body", "line", "what"),
    [
        ('{\n  "url": "https://x.com",\n  events: []\n}', 3, "the unquoted key 'events'"),
        ('{\n  "url": "https://x.com",\n  "events": [],\n}', 3, "a trailing comma"),
        ('{\n  "url": "https://x.com",\n  "events": ["a.b",\n  ]\n}', 3, "a trailing comma"),
        ('{\n  "url": "https://x.com", // ours\n  "events": []\n}', 2, "a // comment"),
        ('{\n  "url": "https://x.com",\n  /* later */\n  "events": []\n}', 3, "a /* comment */"),
        ('{\n  "url": \'https://x.com\',\n  "events": []\n}', 2, "a string in ' quotes"),
        ('{\n  "url": "https://x.com",\n  "timeout": 30_000\n}', 3, "the number 30_000"),
        ('{\n  "url": "https://x.com",\n  "ratio": .5\n}', 3, "the number .5"),
        ('{\n  "url": "https://x.com",\n  "secret": undefined\n}', 3, "undefined"),
        ('{\n  "url": "https://x.com",\n  "events": [...]\n}', 3, "a '...' placeholder"),
        ('{\n  "url": "https://x.com",\n  "note": "a\\\'b"\n}', 3, "the escape \\'"),
    ],
)
def test_the_first_non_json_token_is_located(body, line, what):
    _, leniency = read_json5(body, 1)
    assert leniency is not None
    assert (leniency.line, leniency.what) == (line, what)


def test_strict_json_has_no_leniency():
    assert read_json5('{"a": [1, 2.5, -3e2, "x\\"y\\u00e9\\/"], "b": null}', 1)[1] is None


def test_json_lenient_warning_is_at_the_offending_line():
    text = doc(CONFIG + fence("json", '{\n  "url": "https://x.com/h",\n  "active": true,\n  events: []\n}'))
    assert diagnostics(text) == [
        (8, "warning", "json-lenient", "not strict JSON (the unquoted key 'events'); read as JSON5")
    ]
    assert read(text).spec.webhooks.config_example["events"] == []


def test_trailing_comma_is_reported_at_the_comma():
    text = doc(CONFIG + fence("json", '{\n  "url": "https://x.com/h",\n  "events": [],\n\n}'))
    assert diagnostics(text) == [(7, "warning", "json-lenient", "not strict JSON (a trailing comma); read as JSON5")]


def test_a_json_block_holding_a_javascript_object_is_read_as_one():
    text = doc(CONFIG + fence("json", 'const webhook = {\n  url: "https://x.com/h",\n  events: ["a.b"],\n};'))
    assert diagnostics(text) == [
        (
            5,
            "warning",
            "json-lenient",
            "not JSON (expected a value, found character 'c'); read as a JavaScript object",
        )
    ]
    assert read(text).spec.webhooks.config_example["url"] == "https://x.com/h"


def test_a_json_block_holding_yaml_is_read_as_yaml():
    text = doc(CONFIG + fence("json", "url: https://x.com/h\nevents: []\nactive: true"))
    assert diagnostics(text) == [
        (5, "warning", "json-lenient", "not JSON (expected a value, found character 'u'); read as YAML")
    ]
    assert read(text).spec.webhooks.config_example["active"] is True


def test_a_yaml_block_holding_json_with_comments_is_read_as_json5():
    text = doc(CONFIG + fence("yaml", '{\n  "url": "https://x.com/h",\n  // the events\n  "events": [}\n}'))
    result = read(text)
    assert [(d.line, d.code) for d in result.diagnostics] == [(8, "yaml-syntax")]
    text = doc(CONFIG + fence("yaml", '{\n  "url": "https://x.com/h",\n  // not in YAML\n  "events": []\n}'))
    result = read(text)
    assert [(d.line, d.severity, d.code) for d in result.diagnostics] == [(7, "warning", "yaml-lenient")]
    assert result.diagnostics[0].message.endswith("; read as JSON5")
    assert result.spec.webhooks.config_example["events"] == []


def test_a_yaml_value_with_a_colon_is_read_as_text():
    text = doc(
        "## OAuth 2.0 Provider\n"
        + fence("yaml", "Token Lifetimes:\n  - Access token: 15 minutes\n  - Refresh token: 7 days (app: 36 hours)")
    )
    result = read(text)
    assert [(d.line, d.code) for d in result.diagnostics] == [(6, "yaml-lenient")]
    assert result.spec.oauth.tokens.refresh_token_seconds == 7 * 86400


def test_an_expression_inside_an_object_is_kept_as_its_text():
    node, leniency = read_json5("{\n  apiKey: process.env.SENDGRID_API_KEY,\n  from: 'a@b.co'\n}", 1)
    assert node.plain() == {"apiKey": "process.env.SENDGRID_API_KEY", "from": "a@b.co"}
    assert leniency is not None and (leniency.line, leniency.what) == (2, "the unquoted key 'apiKey'")
    with pytest.raises(DecodeError):
        read_json5("{ key: compute(1) }", 1)  # a call is code, not data
    with pytest.raises(DecodeError):
        read_json5("someName", 1)  # a bare name is not a value on its own


@pytest.mark.parametrize(
    ("key", "normalized"),
    [
        ("accessTokenTtl", "access_token_ttl"),
        ("fromEmail", "from_email"),
        ("API_KEY", "api_key"),
        ("SendGrid", "sendgrid"),
        ("Payload Schema", "payload_schema"),
        ("OAuth", "oauth"),
    ],
)
def test_keys_are_normalized_with_camel_case_word_breaks(key, normalized):
    assert normalize_key(key) == normalized
