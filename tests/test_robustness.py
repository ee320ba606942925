"""Robustness: no input crashes the reader, and every problem is a diagnostic with a line.

The example documents are mutated (lines deleted, duplicated and swapped; stray fences; corrupted code
blocks; odd unicode and invalid UTF-8; tabs, CR and CRLF line endings, BOMs; unbalanced
``<integration_planning>`` tags; very deep nesting; YAML alias bombs; huge and odd numbers; odd mapping keys),
and random bytes, random markdown-ish text and long repetitions are read too. For every input,
``read_spec_bytes``

* returns (never raises);
* reports every diagnostic at a line of the document (``1 <= line <= max(line_count, 1)``), with severity
  ``error`` or ``warning``, and never with code ``reader-bug`` (an extractor crashed), and the model's copy
  of the diagnostics agrees;
* reports invalid UTF-8 once, at the line of the first undecodable byte;
* gives a model whose ``model_dump(mode="json")`` is JSON (``json.dumps(..., allow_nan=False)``).

Every read runs under a watchdog (``read_with_limits``): a hang ends the run with a traceback after a minute,
and memory is capped, instead of freezing or exhausting the machine.

Each bug these tests found has plain regression tests at the end of the module, under a comment naming it
(``BUG-n``); all of them are fixed.

``INTSPEC_FUZZ_SCALE`` multiplies every ``max_examples`` (e.g. ``INTSPEC_FUZZ_SCALE=20`` for a long hunt).
"""

from __future__ import annotations

import faulthandler
import json
import math
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import Diagnostic
from generator.pipeline import ReadResult, read_spec_bytes
from tests.documents import ROOT, SHARED_SPECS, SPEC_INPUTS, document_params, own_documents, shared_documents

try:
    import resource
except ImportError:  # absent on Windows: reads there run without a memory limit
    resource = None  # type: ignore[assignment]

# Keyed "spec_inputs/<name>" and "shared/<name>"; the shared documents are not on every machine.
LOCAL_DOCUMENTS = {f"spec_inputs/{path.name}": path.read_bytes() for path in own_documents()}
SHARED_DOCUMENTS = {f"shared/{path.name}": path.read_bytes() for path in shared_documents()}
DOCUMENTS = {**LOCAL_DOCUMENTS, **SHARED_DOCUMENTS}
DOCUMENT_NAMES = tuple(sorted(DOCUMENTS))

SCALE = float(os.environ.get("INTSPEC_FUZZ_SCALE", "1"))


def fuzz_settings(examples: int, *, slow: bool = False) -> settings:
    """Settings sized so the whole module runs in well under a minute on two cores."""
    checks = [HealthCheck.too_slow, HealthCheck.data_too_large] if slow else [HealthCheck.too_slow]
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None, suppress_health_check=checks)


# --- the property every input must satisfy ------------------------------------------------------------
#
BOM = b"\xef\xbb\xbf"


def assert_reads_cleanly(data: bytes, *, seconds: float | None = None) -> ReadResult:
    """Read ``data``; fail unless every problem came back as a well-formed, located diagnostic (and, given
    ``seconds``, within that time)."""
    started = time.perf_counter()
    result = read_with_limits(data)
    elapsed = time.perf_counter() - started
    assert seconds is None or elapsed < seconds, f"reading {len(data)} bytes took {elapsed:.1f} s"
    last = max(result.parsed.document.line_count, 1)
    for diag in result.diagnostics:
        assert isinstance(diag.line, int), diag
        assert 1 <= diag.line <= last, f"line outside the document (1..{last}): {diag}"
        assert diag.severity in ("error", "warning"), diag
        assert diag.code != "reader-bug", f"an extractor crashed: {diag}"
    in_model = [(d.line, d.severity, d.code, d.message) for d in result.spec.diagnostics]
    assert in_model == [(d.line, d.severity, d.code, d.message) for d in result.diagnostics]
    check_encoding_diagnostic(data, result)
    dumped = result.spec.model_dump(mode="json")
    infinite, too_long = unwritable(dumped)
    assert not infinite, f"NaN or infinity in the JSON model: {infinite}"
    assert not too_long, f"an int json.dumps cannot write in the JSON model: {too_long}"
    json.dumps(dumped, allow_nan=False)
    return result


# Where a hang's tracebacks go: pytest's own uncaptured copy of stderr (set by the fixture below), since the
# captured stream is lost when the process ends.
UNCAPTURED_STDERR: list[int] = []


@pytest.fixture(autouse=True, scope="module")
def uncaptured_stderr(pytestconfig: pytest.Config) -> Iterator[None]:
    try:  # pytest's faulthandler plugin keeps that copy; the key is not public API, so fall back quietly
        from _pytest.faulthandler import fault_handler_stderr_fd_key

        UNCAPTURED_STDERR[:] = [pytestconfig.stash[fault_handler_stderr_fd_key]]
    except (ImportError, KeyError):
        UNCAPTURED_STDERR.clear()
    yield
    UNCAPTURED_STDERR.clear()


READ_SECONDS = 60.0  # the slowest inputs generated here take about 2 s
READ_EXTRA_MEMORY = 1 << 30  # bytes of address space on top of what the process holds; inputs need < 100 MB


def read_with_limits(data: bytes, seconds: float = READ_SECONDS, memory: int = READ_EXTRA_MEMORY) -> ReadResult:
    """``read_spec_bytes`` under a watchdog, so that a hang fails fast instead of freezing or exhausting the
    machine (BUG-12 grew pytest to 24 GB before the kernel killed it).

    Past ``seconds`` faulthandler prints every thread's traceback and ends the test process (exit code 1):
    a signal-raised exception could be swallowed where it lands (in a gc callback, say) and cannot stop a
    regex running in C. Past ``memory`` more bytes of address space, allocation raises MemoryError. A limit
    the platform cannot set is not applied."""
    faulthandler.dump_traceback_later(
        seconds, exit=True, file=UNCAPTURED_STDERR[0] if UNCAPTURED_STDERR else sys.stderr
    )
    try:
        with memory_limit(memory):
            return read_spec_bytes(data, "fuzz.md")
    finally:
        faulthandler.cancel_dump_traceback_later()


@contextmanager
def memory_limit(extra: int) -> Iterator[None]:
    try:
        used = int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (AttributeError, OSError, ValueError):  # no resource module, no /proc
        yield
        return
    cap = used + extra if hard == resource.RLIM_INFINITY else min(used + extra, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def check_encoding_diagnostic(data: bytes, result: ReadResult) -> None:
    """Invalid UTF-8 is reported once, at the line of the first undecodable byte."""
    found = [diag.line for diag in result.diagnostics if diag.code == "encoding"]
    body = data.removeprefix(BOM)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = body[: exc.start]
        expected = prefix.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
        assert found == [expected], f"encoding diagnostic at {found}, expected line {expected}"
    else:
        assert not found, f"encoding diagnostic at {found} for valid UTF-8"


def unwritable(value: object, path: str = "") -> tuple[list[str], list[str]]:
    """Where ``value`` holds what JSON cannot carry: (NaN or infinity, an int too long for str()).

    Pydantic's JSON mode turns non-finite floats in untyped data into null, so they can only come from typed
    ``float`` fields; ints pass through as they are, and json.dumps cannot write one of more than 4300
    digits (sys.get_int_max_str_digits())."""
    if isinstance(value, float):
        return ([] if math.isfinite(value) else [f"{path.lstrip('.')}={value}"]), []
    if isinstance(value, int):
        try:
            str(value)
        except ValueError:
            return [], [f"{path.lstrip('.')}=<int of {value.bit_length()} bits>"]
        return [], []
    children: list[tuple[str, object]] = []
    if isinstance(value, dict):
        children = [(f"{path}.{key}", child) for key, child in value.items()]
    elif isinstance(value, list):
        children = [(f"{path}.{index}", child) for index, child in enumerate(value)]
    floats: list[str] = []
    ints: list[str] = []
    for child_path, child in children:
        more_floats, more_ints = unwritable(child, child_path)
        floats += more_floats
        ints += more_ints
    return floats, ints


# --- mutations ----------------------------------------------------------------------------------------
#
# Each mutation takes hypothesis' ``draw`` and a document's bytes and returns new bytes. Positions are drawn
# (not random) so that hypothesis can shrink a failure to a small edit.

Draw = st.DrawFn

FENCE_LINES = [
    b"```", b"~~~", b"````", b"~~~~", b"```json", b"~~~yaml", b"```yaml", b"```js", b"```xml", b"```csv",
    b"```python title=\"x.py\"", b"~~~ json {.x}", b"   ```", b"    ```", b"```markdown", b"```md", b"``` ```",
    b"```\t", b"`````text",
]  # fmt: skip
CORRUPTION = "[]{}()<>'\"`:,;#&*!|%@?-\\/\t= \u00a0\u200b…“”"
ODD_TEXT = [
    "\u0301", "\u0301\u0301\u0301", "e\u0301", "\u200f", "\u202e", "\u2066", "\u200d", "\u200b", "\ufeff",
    "😀", "👩\u200d👩\u200d👧", "🏳️\u200d🌈", "\x00", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1b[31m",
    "\ufffd", "\U0010ffff", "ﷺ", "𝕏", "ß", "İ", "\u0000\u0000",
]  # fmt: skip
INVALID_UTF8 = [
    b"\xff", b"\xfe", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xf4\x90\x80\x80", b"\xc0\xaf",
    b"\xe0\x80\xaf", b"\x80", b"\xbf\xbf", b"\xf8\x88\x80\x80\x80", b"\xef\xbb",
]  # fmt: skip
PLANNING_OPEN = b"<integration_planning>"
PLANNING_CLOSE = b"</integration_planning>"
_FENCE_LINE = re.compile(rb"^ {0,3}(`{3,}|~{3,})")


def split(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def join(lines: list[bytes]) -> bytes:
    return b"\n".join(lines)


def position(draw: Draw, size: int) -> int:
    """An index in ``range(size + 1)``: where to insert into a sequence of ``size`` items."""
    return draw(st.integers(0, size))


def delete_lines(draw: Draw, data: bytes) -> bytes:
    lines = split(data)
    start = position(draw, len(lines) - 1)
    count = draw(st.integers(1, 30))
    del lines[start : start + count]
    return join(lines)


def duplicate_lines(draw: Draw, data: bytes) -> bytes:
    lines = split(data)
    start = position(draw, len(lines) - 1)
    count = draw(st.integers(1, 5))
    times = draw(st.integers(1, 3))
    lines[start:start] = lines[start : start + count] * times
    return join(lines)


def swap_lines(draw: Draw, data: bytes) -> bytes:
    lines = split(data)
    one, two = position(draw, len(lines) - 1), position(draw, len(lines) - 1)
    lines[one], lines[two] = lines[two], lines[one]
    return join(lines)


def stray_fence(draw: Draw, data: bytes) -> bytes:
    lines = split(data)
    for _ in range(draw(st.integers(1, 3))):
        lines.insert(position(draw, len(lines)), draw(st.sampled_from(FENCE_LINES)))
    return join(lines)


def code_blocks(lines: list[bytes]) -> list[tuple[int, int]]:
    """(opening line, closing line or len(lines)) of each fenced block, pairing fences naively."""
    blocks: list[tuple[int, int]] = []
    opened: int | None = None
    marker = b""
    for number, line in enumerate(lines):
        match = _FENCE_LINE.match(line)
        if not match:
            continue
        if opened is None:
            opened, marker = number, match[1]
        elif match[1][:1] == marker[:1] and len(match[1]) >= len(marker) and not line.strip().strip(marker[:1]):
            blocks.append((opened, number))
            opened = None
    if opened is not None:
        blocks.append((opened, len(lines)))
    return blocks


def corrupt_block(draw: Draw, data: bytes) -> bytes:
    lines = split(data)
    blocks = code_blocks(lines)
    if not blocks:
        return stray_fence(draw, data)
    start, end = draw(st.sampled_from(blocks))
    how = draw(st.sampled_from(["truncate-document", "drop-closer", "drop-tail", "inject", "inject-lines"]))
    if how == "truncate-document":  # the document ends inside the block
        cut = draw(st.integers(start + 1, max(start + 1, end)))
        return join(lines[:cut])
    if how == "drop-closer":
        if end < len(lines):
            del lines[end]
        return join(lines)
    if how == "drop-tail":  # the block loses its last content lines, keeps its closing fence
        cut = draw(st.integers(start + 1, max(start + 1, end)))
        del lines[cut:end]
        return join(lines)
    content = list(range(start + 1, end)) or [start]
    for _ in range(draw(st.integers(1, 6))):
        number = draw(st.sampled_from(content))
        line = lines[number]
        at = position(draw, len(line))
        junk = draw(st.text(CORRUPTION, min_size=1, max_size=8)).encode()
        if how == "inject-lines":
            lines.insert(number, junk)
        else:
            lines[number] = line[:at] + junk + line[at:]
    return join(lines)


def odd_unicode(draw: Draw, data: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 4))):
        text = draw(st.lists(st.sampled_from(ODD_TEXT), min_size=1, max_size=4))
        at = position(draw, len(data))
        data = data[:at] + "".join(text).encode("utf-8") + data[at:]
    return data


def invalid_utf8(draw: Draw, data: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 4))):
        at = position(draw, len(data))
        data = data[:at] + draw(st.sampled_from(INVALID_UTF8)) + data[at:]
    return data


def tabs(draw: Draw, data: bytes) -> bytes:
    how = draw(st.sampled_from(["indent-all", "indent-some", "insert"]))
    if how == "indent-all":
        return re.sub(rb"(?m)^(    |  )", b"\t", data)
    lines = split(data)
    for _ in range(draw(st.integers(1, 8))):
        number = position(draw, len(lines) - 1)
        line = lines[number]
        at = 0 if how == "indent-some" else position(draw, len(line))
        lines[number] = line[:at] + b"\t" * draw(st.integers(1, 3)) + line[at:]
    return join(lines)


def line_endings(draw: Draw, data: bytes) -> bytes:
    how = draw(st.sampled_from(["crlf", "cr", "mixed", "crlf-doubled"]))
    if how == "crlf":
        return data.replace(b"\n", b"\r\n")
    if how == "cr":
        return data.replace(b"\n", b"\r")
    if how == "crlf-doubled":
        return data.replace(b"\n", b"\r\r\n")
    lines = split(data)
    endings = draw(st.lists(st.sampled_from([b"\n", b"\r\n", b"\r"]), min_size=len(lines), max_size=len(lines)))
    return b"".join(line + ending for line, ending in zip(lines, endings, strict=True))


def bom(draw: Draw, data: bytes) -> bytes:
    how = draw(st.sampled_from(["lead", "double", "line"]))
    if how == "lead":
        return BOM + data
    if how == "double":
        return BOM + BOM + data
    lines = split(data)
    number = position(draw, len(lines) - 1)
    lines[number] = BOM + lines[number]
    return join(lines)


def planning_tags(draw: Draw, data: bytes) -> bytes:
    lines = split(data)
    how = draw(st.sampled_from(["open-unclosed", "open-mid-line", "close-twice", "close-stray", "open-twice"]))
    one = position(draw, len(lines))
    two = position(draw, len(lines))
    first, second = sorted((one, two))
    if how == "open-unclosed":
        lines.insert(first, PLANNING_OPEN)
    elif how == "open-mid-line":
        number = min(first, len(lines) - 1)
        line = lines[number]
        at = position(draw, len(line))
        lines[number] = line[:at] + PLANNING_OPEN + line[at:]
    elif how == "close-twice":
        lines[second:second] = [PLANNING_CLOSE, PLANNING_CLOSE]
        lines.insert(first, PLANNING_OPEN)
    elif how == "close-stray":
        lines.insert(first, PLANNING_CLOSE + b" " + PLANNING_CLOSE)
    else:
        lines.insert(second, PLANNING_OPEN)
        lines.insert(first, PLANNING_OPEN)
    return join(lines)


DEEP_LANGS = [b"json", b"jsonc", b"json5", b"js", b"yaml", b"xml", b"", b"text"]
# (opener, middle, closer): the block is opener * depth, then (when balanced) middle + closer * depth.
DEEP_SHAPES = [
    ("[", "", "]"),
    ("{", "", "}"),
    ('{"a":', "1", "}"),
    ("[{", "", "}]"),
    ("{a:[", "", "]}"),
    ("- ", "x", ""),
    ("<a>", "x", "</a>"),
]


def deep_nesting_block(lang: bytes, shape: tuple[str, str, str], depth: int, closed: bool, balanced: bool) -> bytes:
    opener, middle, closer = shape
    body = opener * depth + (middle + closer * depth if balanced else "")
    return b"```" + lang + b"\n" + body.encode() + b"\n" + (b"```\n" if closed else b"")


def deep_nesting(draw: Draw, data: bytes) -> bytes:
    """A deeply nested block: a new one anywhere, or an existing block's body replaced (so that the value
    lands where an extractor reads it: a payload example, a configuration example, SAML metadata)."""
    shape = draw(st.sampled_from(DEEP_SHAPES))
    depth = draw(st.one_of(st.integers(1, 400), st.sampled_from([1000, 5000])))
    closed, balanced = draw(st.booleans()), draw(st.booleans())
    lines = split(data)
    blocks = [(start, end) for start, end in code_blocks(lines) if end < len(lines)]
    if blocks and draw(st.booleans()):
        start, end = draw(st.sampled_from(blocks))
        body = deep_nesting_block(b"", shape, depth, closed=True, balanced=balanced).split(b"\n", 1)[1]
        lines[start + 1 : end + 1] = [body.rstrip(b"\n")]
        return join(lines)
    block = deep_nesting_block(draw(st.sampled_from(DEEP_LANGS)), shape, depth, closed, balanced)
    lines.insert(position(draw, len(lines)), block)
    return join(lines)


def alias_bomb_block(depth: int, width: int, lang: bytes = b"yaml") -> bytes:
    names = [f"a{level}" for level in range(depth)]
    rows = [f"{names[0]}: &{names[0]} [{', '.join(['lol'] * width)}]"]
    for level in range(1, depth):
        below = names[level - 1]
        rows.append(f"{names[level]}: &{names[level]} [{', '.join([f'*{below}'] * width)}]")
    return b"```" + lang + b"\n" + "\n".join(rows).encode() + b"\n```\n"


ALIAS_ODDITIES = [
    b"```yaml\na: &a [*a]\n```\n",  # an alias inside its own anchor
    b"```yaml\na: &a\n  b: *a\n```\n",
    b"```yaml\nbase: &b {x: 1}\nchild:\n  <<: [*b, *b, *b]\n  <<: *b\n```\n",  # merge keys, repeated
    b"```yaml\n? [a, b]\n: c\n```\n",  # a key that is a list
    b"```yaml\n*nope\n```\n",  # undefined alias
    b"```yaml\n!!python/object:os.system x\n```\n",  # unsafe tag
    b"```yaml\na: !!binary aGVsbG8=\nb: !!timestamp 2020-01-01\nc: !!set {x, y}\n```\n",
    b"```yaml\n---\na: 1\n---\nb: 2\n```\n",  # two documents in one block
]


def alias_bomb(draw: Draw, data: bytes) -> bytes:
    if draw(st.booleans()):
        block = alias_bomb_block(
            draw(st.integers(1, 9)), draw(st.integers(1, 9)), draw(st.sampled_from([b"yaml", b""]))
        )
    else:
        block = draw(st.sampled_from(ALIAS_ODDITIES))
    lines = split(data)
    lines.insert(position(draw, len(lines)), block)
    return join(lines)


def huge_number_text() -> st.SearchStrategy[str]:
    digits = st.one_of(
        st.text("0123456789", min_size=1, max_size=40),
        st.integers(300, 6000).map(lambda size: "7" * size),  # long ones: hypothesis rarely grows text this far
    )
    return st.one_of(
        digits,
        digits.map(lambda d: "-" + d),
        digits.map(lambda d: "0x" + "f" * len(d)),
        digits.map(lambda d: d + ".5e" + str(len(d))),
        st.sampled_from(
            [
                "1e999", "-1e999", "1e-999", "NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", ".nan", ".inf",
                "-.inf", "1_000_000_000_000_000_000", "9" * 400, "1" + "0" * 308, "0." + "0" * 400 + "1",
                "0b1111", "0o777", "1e", "--1", "0x", "1__0", "00012", "1.2.3", "١٢٣", "Ⅻ",
            ]
        ),
    )  # fmt: skip


_DIGITS = re.compile(rb"\d+(?:\.\d+)?")


def huge_numbers(draw: Draw, data: bytes) -> bytes:
    """Some numbers of the document replaced by odd ones, or (so that every reader of numbers meets one)
    every number of one of its lines, or of the whole document."""
    how = draw(st.sampled_from(["some", "some", "line", "all"]))
    if how != "some":
        number = draw(huge_number_text()).encode()
        if how == "all":
            return _DIGITS.sub(lambda _: number, data)
        lines = [index for index, line in enumerate(split(data)) if _DIGITS.search(line)]
        if lines:
            chosen = draw(st.sampled_from(lines))
            edited = split(data)
            edited[chosen] = _DIGITS.sub(lambda _: number, edited[chosen])
            return join(edited)
    matches = list(_DIGITS.finditer(data))
    for _ in range(draw(st.integers(1, 3))):
        number = draw(huge_number_text()).encode()
        if matches:
            match = draw(st.sampled_from(matches))
            data = data[: match.start()] + number + data[match.end() :]
            matches = list(_DIGITS.finditer(data))
        else:
            data += b"\n```yaml\nn: " + number + b"\n```\n"
    return data


ODD_KEYS = [
    "²", "①", "١٢", "1" * 4301, "", " ", "a.b", "..", "0", "007", "-1", "__proto__", "$ref", "ключ", "😀", "\\u0000",
    "url", "events", "error", "type",
]  # fmt: skip
_JSON_KEY = re.compile(rb'"([^"\n]{1,60})"(?=\s*:)')
_YAML_KEY = re.compile(rb"(?m)^([ \t]*(?:- )?)([A-Za-z_][\w .()/-]{0,60}?)(?=:[ \t\n])")


def odd_keys(draw: Draw, data: bytes) -> bytes:
    """A mapping key in a data block (JSON or YAML style) replaced by an odd one; keys become model paths."""
    spans = [m.span(1) for m in _JSON_KEY.finditer(data)] + [m.span(2) for m in _YAML_KEY.finditer(data)]
    for _ in range(draw(st.integers(1, 3))):
        if not spans:
            break
        start, end = draw(st.sampled_from(spans))
        key = draw(st.sampled_from(ODD_KEYS)).encode()
        data = data[:start] + key + data[end:]
        spans = [m.span(1) for m in _JSON_KEY.finditer(data)] + [m.span(2) for m in _YAML_KEY.finditer(data)]
    return data


MUTATIONS: dict[str, Callable[[Draw, bytes], bytes]] = {
    "delete_lines": delete_lines,
    "duplicate_lines": duplicate_lines,
    "swap_lines": swap_lines,
    "stray_fence": stray_fence,
    "corrupt_block": corrupt_block,
    "odd_unicode": odd_unicode,
    "invalid_utf8": invalid_utf8,
    "tabs": tabs,
    "line_endings": line_endings,
    "bom": bom,
    "planning_tags": planning_tags,
    "deep_nesting": deep_nesting,
    "alias_bomb": alias_bomb,
    "huge_numbers": huge_numbers,
    "odd_keys": odd_keys,
}
CHEAP_MUTATIONS = [name for name in MUTATIONS if name not in ("deep_nesting", "alias_bomb")]


@st.composite
def mutated(
    draw: Draw, names: tuple[str, ...], rounds: tuple[int, int] = (1, 1), documents: tuple[str, ...] = DOCUMENT_NAMES
) -> bytes:
    """One of ``documents`` with ``rounds`` mutations drawn from ``names`` applied in turn."""
    data = DOCUMENTS[draw(st.sampled_from(documents))]
    for _ in range(draw(st.integers(*rounds))):
        data = MUTATIONS[draw(st.sampled_from(names))](draw, data)
    return data


# --- the example documents themselves -----------------------------------------------------------------


def test_local_documents_are_present() -> None:
    assert LOCAL_DOCUMENTS, f"no example documents in {SPEC_INPUTS}"


@pytest.mark.parametrize("path", document_params())
def test_example_document_reads_cleanly(path: Path) -> None:
    result = assert_reads_cleanly(path.read_bytes())
    assert result is not None
    assert not result.has_errors, [d for d in result.diagnostics if d.severity == "error"]


@pytest.mark.skipif(not SHARED_DOCUMENTS, reason=f"{SHARED_SPECS} is not on this machine")
@given(data=mutated(tuple(CHEAP_MUTATIONS), rounds=(1, 3), documents=tuple(sorted(SHARED_DOCUMENTS))))
@fuzz_settings(80)
def test_shared_documents_survive_mutation(data: bytes) -> None:
    assert_reads_cleanly(data)


# --- one kind of mutation at a time -------------------------------------------------------------------


@pytest.mark.parametrize(
    "names",
    [
        ("delete_lines", "duplicate_lines", "swap_lines"),
        ("stray_fence",),
        ("corrupt_block",),
        ("odd_unicode", "invalid_utf8"),
        ("tabs", "line_endings", "bom"),
        ("planning_tags",),
        ("huge_numbers",),
        ("odd_keys",),
    ],
    ids="+".join,
)
@given(draw=st.data())
@fuzz_settings(100)
def test_mutation_is_read_without_crash(names: tuple[str, ...], draw: st.DataObject) -> None:
    assert_reads_cleanly(draw.draw(mutated(names, rounds=(1, 3))))


@given(data=mutated(("deep_nesting",)))
@fuzz_settings(30, slow=True)
def test_deep_nesting_is_read_without_crash(data: bytes) -> None:
    assert_reads_cleanly(data)


@given(data=mutated(("alias_bomb",)))
@fuzz_settings(30, slow=True)
def test_yaml_alias_bombs_are_read_without_crash(data: bytes) -> None:
    assert_reads_cleanly(data)


@given(data=mutated(tuple(CHEAP_MUTATIONS), rounds=(2, 6)))
@fuzz_settings(160)
def test_stacked_mutations_are_read_without_crash(data: bytes) -> None:
    assert_reads_cleanly(data)


# --- inputs that are not documents at all -------------------------------------------------------------


@given(data=st.binary(max_size=3000))
@fuzz_settings(500)
def test_random_bytes_are_read_without_crash(data: bytes) -> None:
    assert_reads_cleanly(data)


MARKDOWNISH = st.sampled_from(
    [
        "# ", "## ", "### Event Catalog", "## Webhook System", "# Integration Specifications: ", "```", "~~~",
        "```json", "```yaml", "```js", "```xml", "```csv", "| ", " |", "|---|---|", "- ", "1. ", "> ", "    ",
        "\t", "\n", "\r\n", "\r", "{", "}", "[", "]", ":", ",", '"', "'", "`", "*", "**", "&a", "*a", "<<: ",
        "<integration_planning>", "</integration_planning>", "<a>", "</a>", "<!--", "-->", "NaN", "1e999",
        "30 seconds", "100/min", "url: ", "error: ", "type: a.b", "`a.b`", "N/A",
    ]
)  # fmt: skip


@given(parts=st.lists(st.one_of(MARKDOWNISH, st.text(max_size=6)), max_size=80))
@fuzz_settings(500)
def test_random_markdownish_text_is_read_without_crash(parts: list[str]) -> None:
    assert_reads_cleanly("".join(parts).encode("utf-8", "surrogatepass"))


# Prefixes that put a repeated unit where a decoder or an extractor reads it.
REPEAT_PREFIXES = [
    b"", b"# ", b"# a", b"## Integration Specifications ", b"```js\n", b"```yaml\n", b"```json\n[", b"```\n",
    b"```xml\n<a>", b"```csv\na,b\n", b"> ", b"- ", b"| a | b |\n|---|---|\n",
    b"# Integration Specifications: X\n## Webhook System\n### Event Catalog\n| Event | Description |\n|---|---|\n",
    b"# Integration Specifications: X\n## Webhook System\n### Delivery Guarantees\n```yaml\nRetry Policy:\n",
    b"# Integration Specifications: X\n## Error Handling\n### Retry Strategies\n| Error Type | Strategy |\n|-|-|\n",
    b"# Integration Specifications: X\n## Security Considerations\nAPI limits: ",
]  # fmt: skip


@given(
    prefix=st.sampled_from(REPEAT_PREFIXES),
    unit=st.lists(st.one_of(MARKDOWNISH, st.text(max_size=3)), min_size=1, max_size=3).map("".join),
    count=st.integers(2000, 20000),
)
@fuzz_settings(40, slow=True)
def test_repetitive_input_is_read_in_reasonable_time(prefix: bytes, unit: str, count: int) -> None:
    # A unit repeated thousands of times exposes super-linear time (BUG-4, BUG-9 took minutes on ~50 KB).
    # The allowance is ~20x the slowest legitimate reading (YAML, ~10 s per MB here), and 3 s to start.
    data = (prefix + unit.encode("utf-8", "surrogatepass") * count)[:100_000]
    assert_reads_cleanly(data, seconds=3 + 200 * len(data) / 2**20)


# --- fixed edge cases ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n",
        b" \t\r\n",
        BOM,
        BOM + b"\n",
        b"\x00",
        b"\xff\xfe\xfd",
        b"```",
        b"```json\n",
        b"```yaml\na: [",  # unclosed block at the end of a document without a final newline
        b"```json\n[1,",
        b"```js\nfoo({a: 'x",
        b"```xml\n<a",
        b'```csv\na,"b',
        PLANNING_OPEN,
        PLANNING_CLOSE * 2,
        PLANNING_OPEN + b"\n# T\n" + PLANNING_OPEN,
        b"```json\n" + b"[" * 5000 + b"\n```\n",
        b"```json\n" + b"[" * 5000 + b"]" * 5000 + b"\n```\n",
        b"```yaml\n" + b"[" * 5000 + b"\n```\n",
        b"```\n" + b"{" * 5000 + b"\n```\n",
        b"```js\nconst x = " + b"[" * 5000 + b"\n```\n",
        alias_bomb_block(9, 9),
        alias_bomb_block(9, 9, b""),
        b"# Integration Specifications: \xf0\x9f\x98\x80\n",
        b"# Integration Specifications: X\r\r\r## Webhook System\r### Event Catalog\r| Event |\r|---|\r| `a.b` |\r",
    ],
    ids=lambda data: repr(data[:24]),
)
def test_fixed_input_is_read_without_crash(data: bytes) -> None:
    assert_reads_cleanly(data)


def test_nan_and_infinity_in_examples_still_dump_as_json() -> None:
    # NaN and Infinity are valid JSON5 and YAML; pydantic's JSON mode writes them as null.
    data = (
        b"# Integration Specifications: X\n\n## Webhook System\n### Event Catalog\n| Event | Description |\n"
        b"|---|---|\n| `a.b` | x |\n### Event Payload Schemas\n#### `a.b`\n"
        b'```json\n{"type": "a.b", "v": NaN, "w": -Infinity, "z": 1e999}\n```\n'
        b"### Webhook Configuration\n```yaml\nurl: .nan\nevents: [.inf]\n```\n"
    )
    assert_reads_cleanly(data)


# --- regression tests for the bugs these tests found ----------------------------------------------------
#
# One block per bug, named BUG-n; every one is fixed, and these keep it so.

HEAD = b"# Integration Specifications: X\n\n"
WEBHOOKS = (
    HEAD + b"## Webhook System\n### Event Catalog\n| Event | Description |\n|---|---|\n| `a.b` | x |\n"
    b"### Event Payload Schemas\n#### `a.b`\n"
)
BIG = b"1" * 4301  # one digit over Python's int-from-string limit (sys.get_int_max_str_digits())


def problems_on(result: ReadResult, *lines: int) -> list[Diagnostic]:
    return [diag for diag in result.diagnostics if diag.line in lines and diag.code != "app-name"]


def growth(make: Callable[[int], bytes], small: int, large: int) -> float:
    """How many times longer reading ``make(large)`` takes than reading ``make(small)`` (best of 2 each)."""

    def best(data: bytes) -> float:
        timings = []
        for _ in range(2):
            started = time.perf_counter()
            read_spec_bytes(data)
            timings.append(time.perf_counter() - started)
        return min(timings)

    return best(make(large)) / best(make(small))


# BUG-1: an integer literal of more than 4300 digits in a JSON/JS block (jsish.number_value: int(body)) or a
# YAML block (PyYAML construct_yaml_int: int(value)) raised ValueError("Exceeds the limit (4300 digits) for
# integer string conversion") out of read_spec_bytes: decode_block caught only DecodeError and RecursionError.
@pytest.mark.parametrize(
    "data",
    [
        b"```json\n" + BIG + b"\n```\n",
        b"```js\n{b: " + BIG + b"}\n```\n",
        b"```\n[" + BIG + b"]\n```\n",
        b"```yaml\na: " + BIG + b"\n```\n",
    ],
    ids=["json", "js", "sniffed", "yaml"],
)
def test_bug1_huge_integer_literal(data: bytes) -> None:
    result = assert_reads_cleanly(data)
    assert problems_on(result, 2, 3), "the unreadable number is reported"


# BUG-2: XML nested ~1000 deep in the SAML section: XmlElement.iter (parse/xml_block.py) recursed once per
# level, so extract_saml -> root.find() hit RecursionError, reported as a reader-bug diagnostic.
def test_bug2_deeply_nested_saml_xml() -> None:
    assert_reads_cleanly(HEAD + b"## SAML\n```xml\n" + b"<a>" * 5000 + b"</a>" * 5000 + b"\n```\n")


# BUG-3: values nested 128..200 deep were accepted by the JSON reader (MAX_DEPTH was 200) and YAML up to
# ~320, but spec.model_dump(mode="json") then raised ValueError("Maximum serialization depth exceeded")
# (pydantic-core). A payload example doubles the depth (infer_schema's "properties" levels), so 128 levels
# of JSON failed there; a configuration example failed from ~255.
@pytest.mark.parametrize(
    "data",
    [
        WEBHOOKS + b'```json\n{"type": "a.b", "data": ' + b'{"k": ' * 130 + b"1" + b"}" * 130 + b"}\n```\n",
        HEAD + b"## Webhooks\n### Webhook Configuration\n```yaml\nurl: " + b"[" * 300 + b"]" * 300 + b"\n```\n",
    ],
    ids=["json-payload-130", "yaml-config-300"],
)
def test_bug3_deep_example_does_not_break_model_dump(data: bytes) -> None:
    assert_reads_cleanly(data)


# BUG-4: a heading with a long run of inner whitespace took cubic time in extract_core._TITLE_FORMS[1]
# (r"^(?P<name>.+?)\s*(?:[:\-–—|])?\s*integration specifications?$": a lazy .+? before two adjacent \s*).
# 600 spaces took ~0.35 s, 1600 ~6 s, 3200 ~50 s, and every heading of the document was tried.
def test_bug4_heading_with_long_whitespace_run_is_read_in_linear_time() -> None:
    # 3x the spaces: about 3x the time if linear (less: fixed costs dominate), ~24x measured when cubic.
    assert growth(lambda n: b"# a" + b" " * n + b"b\n", 200, 600) < 9


# BUG-5: a JSON, XML or CSV fence opened on the document's last line, with no newline after it, got its
# syntax error at line_count + 1 (CodeBlock.content_line is the fence line + 1, a line that does not exist).
@pytest.mark.parametrize("data", [b"```json", b"~~~json", b"```xml", b"```csv", b"# T\n\n```json", b"- ```xml"])
def test_bug5_empty_block_on_last_line_is_located_inside_the_document(data: bytes) -> None:
    assert_reads_cleanly(data)


# BUG-6: a control character that YAML forbids (\x0b, \x0c, \x1b, \x7f, U+FFFE ...) in a YAML block, or in
# a block without info string that looks like YAML, raised yaml.reader.ReaderError out of read_spec_bytes:
# decode_yaml built yaml.SafeLoader(text), whose reader checks the whole text, before its ``try``.
@pytest.mark.parametrize(
    "data",
    [b"```yaml\n\x0b\n```\n", b"```yaml\na: \x1b[31m\n```\n", b"```\na: \x0c\n```\n", b"```yaml\n\xef\xbf\xbe\n```\n"],
    ids=["vt", "escape", "sniffed-ff", "u+fffe"],
)
def test_bug6_control_character_in_yaml_block(data: bytes) -> None:
    assert_reads_cleanly(data)


# BUG-7 (wrong diagnostics): elements inside a blockquote were checked against their raw source line, which
# still carries the "> " marker: a closed fence was reported "fence-unclosed" (markdown.fence_is_closed
# tested "> ```"), and a table row got a false "table-cells" warning (markdown.count_cells counted ">" as a
# cell: "table row has 3 cells but the header has 2").
@pytest.mark.parametrize(
    "data",
    [
        b"> ```json\n> {}\n> ```\n",
        HEAD + b"## Webhook System\n### Event Catalog\n> | Event | Description |\n> |---|---|\n> | `a.b` | x |\n",
    ],
    ids=["fence", "table"],
)
def test_bug7_blockquoted_elements_are_not_misreported(data: bytes) -> None:
    result = assert_reads_cleanly(data)
    wrong = [diag for diag in result.diagnostics if diag.code in ("fence-unclosed", "table-cells")]
    assert not wrong, wrong


# BUG-8 (wrong line): with CR-only line endings the "encoding" warning was always at line 1:
# source.decode_bytes counted b"\n" in the raw bytes, before newlines are normalized.
def test_bug8_encoding_warning_line_with_cr_line_endings() -> None:
    result = assert_reads_cleanly(b"a\rb\r\xff\r")
    assert [diag.line for diag in result.diagnostics if diag.code == "encoding"] == [3]


# BUG-9 (quadratic time): every value of a JS block built a new jsish._ValueParser, whose __init__ listed the
# newlines of the whole block again, and a value that failed to parse copied the rest of the block
# (_Segmenter.read_value: self.text[starts[line_index]:].split("\n")). 16000 lines "{a: 1}" (110 KB) took
# ~43 s; 16000 lines "[x" (47 KB) ~54 s.
@pytest.mark.parametrize("line", [b"[x\n", b"{a: 1}\n"], ids=["failing-values", "values"])
def test_bug9_long_js_block_is_read_in_linear_time(line: bytes) -> None:
    # 4x the lines: about 4x the time if linear, ~14x measured when quadratic.
    assert growth(lambda n: HEAD + b"```js\n" + line * n + b"```\n", 600, 2400) < 8


# BUG-10: a number with two dots where a duration, rate or count is read ("1.2.3 seconds", "1.2.3/minute", a
# max-attempts cell "1.2.3") crashed the extractor: quantities._NUMBER matched "1.2.3" and
# quantities.to_number called float("1.2.3") -> ValueError -> a reader-bug diagnostic.
@pytest.mark.parametrize(
    "data",
    [
        HEAD + b"## Webhooks\n### Delivery Guarantees\n```yaml\nRetry Policy:\n  - Initial delay: 1.2.3 seconds\n```\n",
        HEAD + b"## Webhooks\n### Delivery Guarantees\n```yaml\nRetry Policy:\n  - Max attempts: 1.2.3\n```\n",
        HEAD + b"## Error Handling\n### Retry Strategies\n| Error Type | Strategy | Max Attempts |\n|---|---|---|\n"
        b"| Timeout | Backoff | 1.2.3 |\n",
        HEAD + b"## Security Considerations\n```yaml\nRate Limiting:\n  - API: 1.2.3/minute\n```\n",
    ],
    ids=["duration", "count", "table-count", "rate"],
)
def test_bug10_dotted_number_in_a_quantity(data: bytes) -> None:
    assert_reads_cleanly(data)


# BUG-11 (fixed): a number of 309 or more digits read as a float becomes float("inf") (float() of a long
# digit string gives inf, it does not raise) and is stored in a typed float field: durations and rates via
# quantities.to_number (e.g. RetryPolicy.initial_delay_seconds), and extract_webhooks' float() of the
# signature tolerance and of the delivery timeout. spec.model_dump(mode="json") keeps inf there (pydantic
# only nulls non-finite floats in untyped data), so json.dumps(..., allow_nan=False) raises "Out of range
# float values are not JSON compliant"; `intspec inspect --format json` (json.dumps with allow_nan) writes
# the non-JSON token Infinity, and model_dump_json() writes null. The only diagnostic is a confusing "max
# delay (21600s) is below the initial delay (infs)".
@pytest.mark.parametrize(
    "data",
    [
        HEAD
        + b"## Webhooks\n### Delivery Guarantees\n```yaml\nRetry Policy:\n  - Initial delay: "
        + b"9" * 400
        + b" seconds\n```\n",
        HEAD + b"## Security Considerations\n```yaml\nRate Limiting:\n  - API: " + b"9" * 400 + b"/minute\n```\n",
        HEAD + b"## Webhooks\n### Webhook Security\n```js\nconst tolerance = " + b"9" * 400 + b";\n```\n",
        HEAD + b"## Webhooks\n### Webhook Architecture\n```\nPOST with " + b"9" * 400 + b"s timeout\n```\n",
    ],
    ids=["duration", "rate", "signature-tolerance", "delivery-timeout"],
)
def test_bug11_huge_quantity_gives_infinity_in_the_model(data: bytes) -> None:
    assert_reads_cleanly(data)


# BUG-12 (fixed; hang and unbounded memory): a line that is only a bullet and whitespace ("- ", "* ", "-\t")
# in a JS block, or in a block without info string that starts with "{" or "[", makes decode_js loop
# forever: _Segmenter.visit_line sends the raw line to read_list because _ITEM (r"^\s*[-*•]\s+(.*)$")
# matches it, read_list matches _ITEM against the *stripped* line ("-"), which fails, so it returns the
# same line number, appending an empty ListSegment each time round. Memory grows ~600 MB/s: a 28 KB mutated
# document took 24 GB before the kernel killed pytest. Present since 5880665. Read in a child process, with
# a time and a memory limit, since the loop cannot be stopped reliably from inside.
class HangError(Exception):
    """The child process reading a document ran out of time or memory."""


CHILD = """
import os, resource, sys
used = int(open("/proc/self/statm").read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
resource.setrlimit(resource.RLIMIT_AS, (used + (256 << 20), resource.getrlimit(resource.RLIMIT_AS)[1]))
from generator.pipeline import read_spec_bytes
read_spec_bytes(sys.stdin.buffer.read())
"""


def read_in_child(data: bytes, seconds: float) -> None:
    try:
        child = subprocess.run(
            [sys.executable, "-c", CHILD], input=data, capture_output=True, timeout=seconds, cwd=ROOT, check=False
        )
    except subprocess.TimeoutExpired:
        raise HangError(f"reading took more than {seconds:g} s") from None
    if child.returncode != 0 and b"MemoryError" in child.stderr:
        raise HangError("reading ran out of memory")
    assert child.returncode == 0, child.stderr.decode(errors="replace")


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs Linux to limit the child's memory")
def test_bug12_bullet_only_line_in_js_block() -> None:
    # Also loops: b"```\n{\n*\t\n```\n" (a block without info string read as JS after failing as JSON).
    read_in_child(b"```js\n- \n```\n", seconds=3)


# BUG-13 (fixed): an OAuth endpoint URL with an unbalanced square bracket ("https://[auth.x.com/oauth/token")
# makes urllib.parse.urlsplit raise ValueError("Invalid IPv6 URL") in model/text.split_url, called by
# extract_auth.read_endpoints; ``guarded`` turns it into a reader-bug error and the whole OAuth section is
# dropped (spec.oauth is None). Present since 5880665.
@pytest.mark.parametrize("url", [b"https://[auth.x.com/oauth/token", b"https://auth.x.com]/oauth/token"])
def test_bug13_endpoint_url_with_a_stray_bracket(url: bytes) -> None:
    data = HEAD + b"## OAuth 2.0 Provider\n```yaml\nEndpoints:\n  - Token: " + url + b"\n```\n"
    result = assert_reads_cleanly(data)
    assert result is not None
    assert result.spec.oauth is not None


# BUG-14 (fixed): the model stage converts digit runs with int() and so hits Python's 4300-digit limit
# (ValueError "Exceeds the limit (4300 digits) for integer string conversion"), which ``guarded`` turns into
# a reader-bug error, dropping the whole section: extract_webhooks.read_failure_item (int(count.group(1)) for
# "after N failures") drops spec.webhooks (None); extract_ops.read_circuit_breaker (int(threshold...)) drops
# all of spec.errors (an empty Errors(): the document's error format is lost). Present since 5880665.
@pytest.mark.parametrize(
    "data",
    [
        HEAD
        + b"## Webhooks\n### Delivery Guarantees\n```yaml\nFailure Handling:\n  - Alert the customer after "
        + BIG
        + b" failures\n```\n",
        HEAD + b"## Error Handling\n### Circuit Breaker\n```js\nconst failureThreshold = " + BIG + b";\n```\n",
    ],
    ids=["failure-notify", "breaker-threshold"],
)
def test_bug14_huge_integer_in_prose_or_code_read_by_the_model(data: bytes) -> None:
    assert_reads_cleanly(data)


# BUG-15 (fixed): a circuit-breaker reset timeout written with dots or underscores only ("...", a common
# placeholder, or "1.2.3", "_") crashes extract_ops.reset_seconds: _RESET captures it with ([\d_.]+) and
# float() raises ValueError, which ``guarded`` turns into a reader-bug error dropping all of spec.errors
# (an empty Errors(): the document's error format and retry table are lost). Present since 5880665.
@pytest.mark.parametrize("value", [b"...", b"1.2.3", b"_"])
def test_bug15_placeholder_reset_timeout(value: bytes) -> None:
    data = HEAD + b"## Error Handling\n### Circuit Breaker\n```js\nconst resetTimeout = " + value + b";\n```\n"
    assert_reads_cleanly(data)


# BUG-16 (fixed; crash): model/build.natural_key, which sorts spec.sources, calls int() on every path part for
# which str.isdigit() is true. Paths include the document's own mapping keys (ctx.record of a configuration
# example, an error format, ...), so a key "²" or "①" (isdigit() but not int()-able) or of more than 4300
# digits raises ValueError out of read_spec_bytes: build_model calls it outside ``guarded``. Introduced by
# 15b6811.
@pytest.mark.parametrize("key", ["²", "①", "1" * 4301], ids=["superscript-two", "circled-one", "4301-digits"])
def test_bug16_odd_key_in_a_recorded_example(key: str) -> None:
    example = f'{{"url": "https://x", "{key}": 1}}'.encode()
    assert_reads_cleanly(HEAD + b"## Webhooks\n### Webhook Configuration\n```json\n" + example + b"\n```\n")


# BUG-17 (fixed): a YAML hexadecimal integer of more than ~3570 digits is read (PyYAML's int(text, 16) has no
# digit limit) into an int of more than 4300 decimal digits, which lands in the model: in an example
# (dict[str, Any]) or in a typed int field through parse_count (e.g. RetryPolicy.max_attempts).
# model_dump(mode="json") passes it through and json.dumps raises ValueError ("Exceeds the limit (4300
# digits) for integer string conversion"): `intspec inspect --format json` ends with exit 3, "internal
# error". (model_dump_json() copes.) Present since 5880665.
@pytest.mark.parametrize(
    "data",
    [
        HEAD
        + b"## Webhooks\n### Webhook Configuration\n```yaml\nurl: https://x\ntimeout: 0x"
        + b"f" * 4000
        + b"\n```\n",
        HEAD
        + b"## Webhooks\n### Delivery Guarantees\n```yaml\nRetry Policy:\n  max_attempts: 0x"
        + b"f" * 4000
        + b"\n```\n",
    ],
    ids=["config-example", "max-attempts"],
)
def test_bug17_huge_hex_integer_in_yaml(data: bytes) -> None:
    assert_reads_cleanly(data)
