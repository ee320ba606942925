import json
import math

import json5
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import Diagnostics
from generator.parse import parse_document
from generator.parse.jsish import (
    _ValueParser,
    decode_js,
    decode_plain_json,
    decode_value,
    newline_offsets,
    read_plain_value,
    strict_json_complaint,
)
from generator.parse.nodes import DecodeError
from tests.documents import all_documents


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


# --- the plain fast paths agree with _ValueParser ------------------------------------------------------


def shape(node):
    """A node's value and line, and every child's, in order (a dict's ``==`` ignores the order of keys)."""
    if isinstance(node.value, dict):
        return node.line, "map", [(key, shape(child)) for key, child in node.value.items()]
    if isinstance(node.value, list):
        return node.line, "seq", [shape(child) for child in node.value]
    return node.line, type(node.value).__name__, node.value


def slow_value(text, first_line, pos=0):
    """``_ValueParser`` alone: the value at ``pos``, the offset after it, and the leniency it noted."""
    parser = _ValueParser(text, first_line, pos)
    node = parser.parse_value(0)
    return node, parser.pos, parser.leniency


def assert_plain_json_agrees(text, first_line=3):
    """When ``decode_plain_json`` reads ``text``, ``_ValueParser`` reads the same, noting no leniency, and
    ``json.loads`` reads it too (``read_json`` then skips ``strict_json_complaint``)."""
    fast = decode_plain_json(text, first_line)
    if fast is None:
        return False
    node, leniency = slow_value_whole(text, first_line)
    assert shape(fast) == shape(node)
    assert leniency is None
    assert strict_json_complaint(text, first_line) is None
    return True


def slow_value_whole(text, first_line):
    parser = _ValueParser(text, first_line)
    parser.skip_space()
    node = parser.parse_value(0)
    parser.skip_space()
    assert parser.pos == len(text)
    return node, parser.leniency


def assert_plain_value_agrees(text, pos=0, first_line=3):
    """When ``read_plain_value`` reads the value at ``pos``, ``_ValueParser`` reads the same and ends there."""
    fast = read_plain_value(text, first_line, pos, newline_offsets(text))
    if fast is None:
        return False
    node, end, _ = slow_value(text, first_line, pos)
    assert (shape(fast[0]), fast[1]) == (shape(node), end)
    return True


loose_texts = st.builds(
    lambda value, options, noise: sprinkle(json5.dumps(value, **options), noise),
    json_values,
    st.sampled_from(
        [
            {},
            {"indent": 2},
            {"indent": 2, "trailing_commas": True, "quote_keys": False},
            {"quote_keys": False, "trailing_commas": False},
        ]
    ),
    st.lists(st.sampled_from([" // note", " /* c */", "\n", "'", "`", "\\", "...", "/*", "x"]), max_size=3),
)


def sprinkle(text, noise):
    """``text`` with each piece of ``noise`` put after a comma or an opening bracket."""
    for number, piece in enumerate(noise):
        marks = [index for index, char in enumerate(text) if char in ",[{"]
        if marks:
            at = marks[(number * 7) % len(marks)] + 1
            text = text[:at] + piece + text[at:]
    return text


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_plain_json_reads_what_json_writes_as_the_parser_does(value):
    for text in (json.dumps(value), json.dumps(value, indent=2), json.dumps(value, ensure_ascii=False)):
        assert_plain_json_agrees(text)


@settings(max_examples=300, deadline=None)
@given(loose_texts)
def test_plain_json_agrees_with_the_parser_on_json5(text):
    assert_plain_json_agrees(text)


@settings(max_examples=400, deadline=None)
@given(loose_texts, st.sampled_from(["", "const x = ", "POST /x\n"]), st.sampled_from(["", "\nfoo();\n", ";"]))
def test_plain_values_of_js_blocks_agree_with_the_parser(text, before, after):
    assert_plain_value_agrees(before + text + after, pos=len(before))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("{}[],:'\"/*\n ab1.-_$`\\")), max_size=40))
def test_any_text_the_plain_paths_read_reads_so_with_the_parser(text):
    assert_plain_json_agrees(text)
    assert_plain_value_agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "b": [true, null, "x"], "c": {"d": -0.5e3}}',
        "{\n  amount: 10, // cents\n  'currency': 'usd',\n  types: ['card',],\n}",
        "[1, /* two */ 2, {a: [], b: {},},]",
    ],
)
def test_typical_js_values_take_the_plain_path_and_agree(text):
    assert assert_plain_value_agrees(text + "\nrest of the block")


def test_plain_json_takes_strict_json_only():
    assert assert_plain_json_agrees('{\n  "a": [1, 2],\n  "b": {"c": "d"}\n}\n')
    for lenient in ('{"a": 1,}', "{a: 1}", "{'a': 1}", '{"a": 1} // c', '{"a": 0x1F}', '{"a": "\\n"}'):
        assert decode_plain_json(lenient, 1) is None


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list('{}[],:"\n\t\r\x00\x01\x1f\x7f ab1.-e+\u0663\ufeff\u00a0\u2028')), max_size=30
    )
)
def test_what_the_strict_plain_reader_takes_json_takes(text):
    """No control character in a string, no other digit than ASCII's, no other space than JSON's."""
    assert_plain_json_agrees(text)


@pytest.mark.parametrize("text", ['{"a": "x\ty"}', '{"a\x01": 1}', "[\u0663]", '{"a": 1\u00a0}', "\ufeff[1]"])
def test_plain_json_leaves_what_json_refuses_to_the_parser(text):
    assert decode_plain_json(text, 1) is None
    assert strict_json_complaint(text, 1) is not None


def test_every_value_of_the_example_documents_agrees():
    taken = 0
    for path in all_documents():
        parsed = parse_document(path.read_bytes(), path.name, Diagnostics())
        for section in parsed.root.walk():
            for block in section.blocks():
                taken += assert_plain_json_agrees(block.text, block.content_line)
                for start in value_starts(block.text):
                    taken += assert_plain_value_agrees(block.text, start, block.content_line)
    assert taken > 10


def value_starts(text):
    """The offset of each bracket that opens a line of ``text``."""
    offset = 0
    for line in text.split("\n"):
        content = line.lstrip()
        if content[:1] in ("{", "["):
            yield offset + len(line) - len(content)
        offset += len(line) + 1


@pytest.mark.parametrize(
    ("text", "strict"),
    [('{"a\ud83d": "\ude00x"}', True), ("['\ud83d\ude00', {k: '\udfff'}]", False), ('["plain", "\ud800"]', True)],
)
def test_written_surrogates_are_joined_as_the_parser_joins_them(text, strict):
    """The plain reader joins strings only in a text with surrogates; there it agrees with ``_ValueParser``."""
    assert assert_plain_value_agrees(text)
    assert assert_plain_json_agrees(text) == strict
