import pytest

from generator.parse.nodes import DecodeError
from generator.parse.yaml_block import decode_yaml


def test_values_keep_document_lines_of_their_keys():
    node = decode_yaml("Retry Strategy:\n  - Initial delay: 30 seconds\n  - Max attempts: 5\n", first_line=10)
    assert node.plain() == {"Retry Strategy": [{"Initial delay": "30 seconds"}, {"Max attempts": 5}]}
    strategy = node.value["Retry Strategy"]
    assert strategy.line == 10
    assert [item.line for item in strategy.children()] == [11, 12]


def test_syntax_errors_carry_the_document_line():
    with pytest.raises(DecodeError) as caught:
        decode_yaml("a: 1\nb: [unclosed\nc: 3\n", first_line=40)
    assert caught.value.line in (42, 43)
    assert caught.value.message.startswith("invalid YAML:")


def test_unsafe_tags_are_refused():
    with pytest.raises(DecodeError) as caught:
        decode_yaml("x: !!python/object/apply:os.system ['echo hi']\n", first_line=1)
    assert "python/object" in caught.value.message


def test_alias_expansion_is_bounded():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 12)]
    with pytest.raises(DecodeError) as caught:
        decode_yaml("\n".join(lines), first_line=1)
    assert "more than" in caught.value.message


def test_duplicate_keys_warn_and_the_last_wins():
    warnings: list[tuple[int, str]] = []
    node = decode_yaml("a: 1\na: 2\n", first_line=5, warnings=warnings)
    assert node.plain() == {"a": 2}
    assert warnings == [(6, "duplicate YAML key 'a'; the last one wins")]


def test_dates_and_non_string_keys_become_text():
    node = decode_yaml("1: 2024-01-01\ntrue: x\n", first_line=1)
    assert node.plain() == {"1": "2024-01-01", "True": "x"}


def test_tabs_are_a_syntax_error_not_a_crash():
    with pytest.raises(DecodeError):
        decode_yaml("a:\n\t- b\n", first_line=1)
