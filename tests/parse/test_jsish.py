import json
import math

import json5
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.parse.jsish import decode_js, decode_value
from generator.parse.nodes import DecodeError


def test_json5_features():
    text = """{
      // comment
      amount: 10000, // cents
      'currency': "usd",
      /* block */ types: ['card',],
      big: 30_000,
      hex: 0x1F,
      half: .5,
      neg: -Infinity,
      data: [...],
    }"""
    node = decode_value(text, first_line=1)
    plain = node.plain()
    assert plain["amount"] == 10000 and plain["currency"] == "usd" and plain["types"] == ["card"]
    assert plain["big"] == 30000 and plain["hex"] == 31 and plain["half"] == 0.5 and plain["data"] == []
    assert math.isinf(plain["neg"])
    assert node.value["amount"].line == 3
    assert node.value["types"].line == 5


def test_errors_name_the_line_and_what_was_expected():
    with pytest.raises(DecodeError) as caught:
        decode_value('{\n  "a": 1\n  "b": 2\n}', first_line=100)
    assert caught.value.line == 102
    assert caught.value.message == "expected ',' or '}' after the value of 'a', found character '\"'"


def test_unterminated_string():
    with pytest.raises(DecodeError) as caught:
        decode_value('{"a": "oops\n}', first_line=1)
    assert caught.value.message == "unterminated string"


def test_deep_nesting_is_an_error_not_a_recursion_crash():
    with pytest.raises(DecodeError):
        decode_value("[" * 5000 + "]" * 5000, first_line=1)


def test_request_line_body_and_trailing_event_list():
    block = """// Payment Intent Creation
POST /api/v1/payments/intent
{
  "amount": 10000, // cents
  "currency": "usd"
}

// Webhook Events Handled
- payment_intent.succeeded   // mark paid
- charge.refunded
"""
    js, errors = decode_js(block, first_line=20)
    assert errors == []
    (request,) = js.requests
    assert (request.line, request.method, request.path, request.label) == (
        21,
        "POST",
        "/api/v1/payments/intent",
        "Payment Intent Creation",
    )
    (value,) = js.values
    assert value.request == request and value.node.plain() == {"amount": 10000, "currency": "usd"}
    (events,) = js.lists
    assert events.label == "Webhook Events Handled"
    assert [(n.text(), n.line, c) for n, c in events.items] == [
        ("payment_intent.succeeded", 28, "mark paid"),
        ("charge.refunded", 29, ""),
    ]


def test_commented_list_items_and_assignments_and_code():
    block = """const breaker = { failureThreshold: 4, resetTimeoutMs: 45_000 }; // note
// - invoice.paid → mark active
function f() { return 1; }
"""
    js, errors = decode_js(block, first_line=1)
    assert errors == []
    assert js.values[0].label == "breaker"
    assert js.values[0].node.plain() == {"failureThreshold": 4, "resetTimeoutMs": 45000}
    assert js.lists[0].items[0][0].text() == "invoice.paid → mark active"
    assert js.code_text() == "function f() { return 1; }"


def test_broken_object_opening_the_block_is_an_error_with_its_line():
    _, errors = decode_js("// body\n{\n  a: 1,\n  b: }\n", first_line=10)
    assert [(e.line, e.message) for e in errors] == [(13, "expected a value, found character '}'")]


def test_a_brace_after_code_is_code():
    js, errors = decode_js("function f()\n{\n  return 1;\n}\n", first_line=1)
    assert errors == [] and js.values == []


def test_http_headers_after_a_request_line_keep_the_body_attached():
    js, errors = decode_js('POST /v1/pay\nContent-Type: application/json\n\n{"a": 1}\n', first_line=1)
    assert errors == []
    assert js.values[0].request is not None and js.values[0].request.path == "/v1/pay"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_reads_what_json5_writes(value):
    for text in (
        json5.dumps(value),
        json5.dumps(value, indent=2, trailing_commas=True, quote_keys=False),
        json.dumps(value),
    ):
        assert decode_value(text, first_line=1).plain() == value
