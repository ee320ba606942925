"""JSON and JavaScript-flavoured blocks -> located nodes.

Documents write data the way JavaScript does: ``// comments``, trailing commas, unquoted and single-quoted
keys, ``30_000``, ``[...]`` placeholders (JSON5 and a little more). A block may also mix that data with a
request line (``POST /api/v1/payments/intent``), a trailing ``- item`` list ("Webhook Events Handled"),
``const x = {...}`` assignments and plain code. ``decode_js`` splits such a block into segments;
``decode_value`` reads one value.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any, Final

from generator.parse.nodes import DecodeError, Node

MAX_DEPTH = 50
MAX_NUMBER_LENGTH = 400
_REQUEST = re.compile(r"^\s*(?:\d+\.\s*)?(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S+)", re.IGNORECASE)
_ASSIGN = re.compile(r"^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?=[{\[])")
_EXPORT = re.compile(r"^\s*(?:export\s+default|module\.exports\s*=)\s*(?=[{\[])")
_HEADER = re.compile(r"^\s*[A-Za-z][A-Za-z0-9-]*:\s")
_ITEM = re.compile(r"^\s*[-*•]\s+(.*)$")
_IDENT = re.compile(r"(?:[^\W\d]|\$)[\w$-]*")
_NUMBER = re.compile(r"[+-]?(?:Infinity|NaN|0[xX][0-9a-fA-F_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?)")
_SPACE = re.compile(r"(?:[\s\ufeff]+|//[^\n]*|/\*.*?\*/)*", re.DOTALL)  # and comments
_NEWLINE = re.compile("\n")
_SURROGATE = re.compile("[\ud800-\udfff]")
_STRING_STOP = {'"': re.compile(r'["\\\n]'), "'": re.compile(r"['\\\n]"), "`": re.compile(r"[`\\]")}
# One token of plain data, after the space before it: a mark, a string without escapes, or a word (a
# number or literal). Strict: JSON's space only, strings without control characters, ASCII words: what the
# strict reader takes, ``json.loads`` takes too (``read_json``). Loose: ``_SPACE``, comments included,
# taken whole (atomic, as ``skip_space`` takes it), and single-quoted strings too. A member of an object is
# matched whole up to its value's first token: its key (loose: also single-quoted, or a word), ':' and that
# token.
_STRICT_SPACE = r"[ \t\n\r]*"
_LOOSE_SPACE = "(?>" + _SPACE.pattern + ")"
_STRICT_VALUE = r"""(?:(?P<mark>[{}\[\],:])|"(?P<double>[^"\\\x00-\x1f]*)"|(?P<word>[-+.0-9A-Za-z]+))"""
_LOOSE_VALUE = (
    r"""(?:(?P<mark>[{}\[\],:])|"(?P<double>[^"\\\n]*)"|'(?P<single>[^'\\\n]*)'|(?P<word>[^\s{}\[\],:"'`/]+))"""
)
_STRICT_KEY = r'"(?P<kdouble>[^"\\\x00-\x1f]*)"'
_LOOSE_KEY = r"""(?:"(?P<kdouble>[^"\\\n]*)"|'(?P<ksingle>[^'\\\n]*)'|(?P<kword>[^\s{}\[\],:"'`/]+))"""
_STRICT_TOKEN = re.compile(_STRICT_SPACE + _STRICT_VALUE)
_LOOSE_TOKEN = re.compile(_LOOSE_SPACE + _LOOSE_VALUE, re.DOTALL)
_STRICT_MEMBER = re.compile(_STRICT_SPACE + _STRICT_KEY + _STRICT_SPACE + ":" + _STRICT_SPACE + _STRICT_VALUE)
_LOOSE_MEMBER = re.compile(_LOOSE_SPACE + _LOOSE_KEY + _LOOSE_SPACE + ":" + _LOOSE_SPACE + _LOOSE_VALUE, re.DOTALL)
_LITERALS: dict[str, object] = {"true": True, "false": False, "null": None}
_STRICT_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_CALL = re.compile(r"[ \t]*\(")
_EXPRESSION = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*")
_COMMENT_START = re.compile(r"//|/\*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


@dataclass(slots=True, unsafe_hash=True)
class Request:
    line: Final[int]
    method: Final[str]
    path: Final[str]
    label: Final[str]


@dataclass(slots=True, unsafe_hash=True)
class ValueSegment:
    """A data value in a JS block: its label is the comment or variable name just before it."""

    node: Final[Node]
    label: Final[str]
    request: Final[Request | None] = None


@dataclass(slots=True, unsafe_hash=True)
class ListSegment:
    line: Final[int]
    label: Final[str]
    items: Final[tuple[tuple[Node, str], ...]]  # (item text, trailing comment)


@dataclass
class JsBlock:
    values: list[ValueSegment] = field(default_factory=list)
    lists: list[ListSegment] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    code: list[tuple[int, str]] = field(default_factory=list)
    comments: list[tuple[int, str]] = field(default_factory=list)

    def first_value(self) -> Node | None:
        return self.values[0].node if self.values else None

    def code_text(self) -> str:
        return "\n".join(text for _, text in self.code)


@dataclass(slots=True, unsafe_hash=True)
class Leniency:
    """The first place a JSON5 value departs from strict JSON: its document line and what is there."""

    line: Final[int]
    what: Final[str]


def decode_value(text: str, first_line: int) -> Node:
    """Read exactly one JSON/JSON5 value (comments and whitespace around it allowed)."""
    return read_json5(text, first_line)[0]


def read_json5(text: str, first_line: int) -> tuple[Node, Leniency | None]:
    """One JSON/JSON5 value, and the first thing in it that strict JSON does not allow (``None``: none)."""
    node, leniency, _ = read_json(text, first_line)
    return node, leniency


def read_json(text: str, first_line: int) -> tuple[Node, Leniency | None, bool]:
    """``read_json5``, and whether ``text`` is known to be strict JSON that ``json.loads`` reads: the plain
    reader took it (``False``: not known; ``strict_json_complaint`` tells)."""
    plain = decode_plain_json(text, first_line)
    if plain is not None:
        return plain, None, True  # the plain path takes strict JSON only
    parser = _ValueParser(text, first_line)
    parser.skip_space()
    node = parser.parse_value(0)
    parser.skip_space()
    if parser.pos < len(text):
        raise DecodeError(f"unexpected {parser.describe()} after the value", parser.line_at(parser.pos))
    return node, parser.leniency, False


def strict_json_complaint(text: str, first_line: int) -> Leniency | None:
    """``None`` when ``text`` is strict JSON, else json's complaint at its document line."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return Leniency(first_line + exc.lineno - 1, exc.msg)
    except ValueError as exc:
        return Leniency(first_line, str(exc))
    return None


def decode_js(text: str, first_line: int) -> tuple[JsBlock, list[DecodeError]]:
    """Split a JavaScript-flavoured block into data values, request lines, ``- item`` lists and code."""
    return _Segmenter(text, first_line).run()


class _Segmenter:
    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.first_line = first_line
        self.block = JsBlock()
        self.errors: list[DecodeError] = []
        self.label = ""
        self.request: Request | None = None
        self.newlines = newline_offsets(text)
        self.surrogates = has_surrogates(text)  # once a block: the plain reader of each value is told

    def line_starts(self) -> list[int]:
        return [0] + [offset + 1 for offset in self.newlines]

    def run(self) -> tuple[JsBlock, list[DecodeError]]:
        starts = self.line_starts()
        number = 0
        while number < len(starts):
            number = self.visit_line(number, starts)
        return self.block, self.errors

    def visit_line(self, number: int, starts: list[int]) -> int:
        start = starts[number]
        end = starts[number + 1] - 1 if number + 1 < len(starts) else len(self.text)
        line = self.text[start:end]
        stripped = line.strip()
        doc_line = self.first_line + number
        if not stripped:
            return number + 1
        if stripped.startswith("//"):
            comment = stripped.lstrip("/").strip()
            if _ITEM.match(comment):
                return self.read_list(number, starts)
            self.label = comment
            self.block.comments.append((doc_line, comment))
            return number + 1
        if stripped.startswith("/*"):
            return self.skip_block_comment(number, starts)
        request = _REQUEST.match(line)
        if request:
            self.request = Request(doc_line, request[1].upper(), request[2], self.label)
            self.block.requests.append(self.request)
            return number + 1
        if self.request is not None and _HEADER.match(line):
            return number + 1
        item = _ITEM.match(line)
        if item and not stripped.startswith(("-1", "- 1")):
            return self.read_list(number, starts)
        value_at = self.value_start(line)
        if value_at is not None:
            # A brace opening a line is data (and must parse) unless it follows code: then it is code too.
            strict = stripped[0] in "{[" and (self.request is not None or not self.block.code)
            return self.read_value(start + value_at, starts, strict=strict)
        self.block.code.append((doc_line, line))
        self.request = None
        return number + 1

    def value_start(self, line: str) -> int | None:
        stripped = line.lstrip()
        if stripped[:1] in ("{", "["):
            return len(line) - len(stripped)
        for pattern in (_ASSIGN, _EXPORT):
            match = pattern.match(line)
            if match:
                if pattern is _ASSIGN:
                    self.label = self.label or match[1]
                return match.end()
        return None

    def read_value(self, offset: int, starts: list[int], strict: bool) -> int:
        plain = read_plain_value(self.text, self.first_line, offset, self.newlines, self.surrogates)
        if plain is not None:
            return self.value_read(*plain)
        parser = _ValueParser(self.text, self.first_line, offset, self.newlines)
        try:
            node = parser.parse_value(0)
        except DecodeError as exc:
            if strict:
                self.errors.append(exc)
            line_index = bisect_left(self.newlines, offset)
            end = starts[line_index + 1] - 1 if line_index + 1 < len(starts) else len(self.text)
            self.block.code.append((self.first_line + line_index, self.text[starts[line_index] : end]))
            return line_index + 1
        return self.value_read(node, parser.pos)

    def value_read(self, node: Node, end: int) -> int:
        """Keep ``node``, a value that ends at offset ``end``; the number of the line after it."""
        self.block.values.append(ValueSegment(node, self.label, self.request))
        self.label, self.request = "", None
        return bisect_left(self.newlines, end) + 1

    def read_list(self, number: int, starts: list[int]) -> int:
        items: list[tuple[Node, str]] = []
        first = number
        while number < len(starts):
            end = starts[number + 1] - 1 if number + 1 < len(starts) else len(self.text)
            line = self.text[starts[number] : end].lstrip()
            match = _ITEM.match(line[2:].lstrip() if line.startswith("//") else line)
            if not match:
                break
            body, _, comment = match[1].partition("//")
            items.append((Node(body.strip().rstrip(","), self.first_line + number), comment.strip()))
            number += 1
        self.block.lists.append(ListSegment(self.first_line + first, self.label, tuple(items)))
        self.label = ""
        return max(number, first + 1)

    def skip_block_comment(self, number: int, starts: list[int]) -> int:
        close = self.text.find("*/", starts[number])
        if close < 0:
            return len(starts)
        return bisect_left(self.newlines, close) + 1


class _ValueParser:
    """Recursive descent over JSON5 (plus numeric separators and ``...`` placeholders), with lines."""

    def __init__(self, text: str, first_line: int, pos: int = 0, newlines: list[int] | None = None) -> None:
        self.text = text
        self.first_line = first_line
        self.pos = pos
        self.newlines = newlines if newlines is not None else newline_offsets(text)
        self.leniency: Leniency | None = None

    def lenient(self, what: str, pos: int | None = None) -> None:
        """Note the first JSON5 feature strict JSON lacks (only the first is kept)."""
        if self.leniency is None:
            self.leniency = Leniency(self.line_at(self.pos if pos is None else pos), what)

    def line_at(self, pos: int) -> int:
        return self.first_line + bisect_left(self.newlines, pos)

    def describe(self) -> str:
        if self.pos >= len(self.text):
            return "end of block"
        return f"character {self.text[self.pos]!r}"

    def fail(self, message: str) -> DecodeError:
        return DecodeError(message, self.line_at(min(self.pos, len(self.text))))

    def skip_space(self) -> None:
        """Skip white space and comments; an unclosed ``/*`` is an error."""
        found = _SPACE.match(self.text, self.pos)
        if found is not None and self.pos < len(self.text):
            if self.leniency is None:
                comment = _COMMENT_START.search(self.text, self.pos, found.end())
                if comment is not None:
                    self.lenient("a // comment" if comment.group() == "//" else "a /* comment */", comment.start())
            self.pos = found.end()
        if self.text.startswith("/*", self.pos):
            raise self.fail("unterminated /* comment")

    def parse_value(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise self.fail(f"values nested more than {MAX_DEPTH} deep")
        self.skip_space()
        line = self.line_at(self.pos)
        char = self.text[self.pos : self.pos + 1]
        if char == "{":
            return Node(self.parse_object(depth), line)
        if char == "[":
            return Node(self.parse_array(depth), line)
        if char in ("'", '"', "`"):
            return Node(self.parse_string(), line)
        if not char:
            raise self.fail("expected a value, found the end of the block")
        return Node(self.parse_literal(inside=depth > 0), line)

    def parse_object(self, depth: int) -> dict[str, Node]:
        self.pos += 1
        members: dict[str, Node] = {}
        while True:
            self.skip_space()
            if self.take("}"):
                return members
            if self.text.startswith("...", self.pos):
                self.lenient("a '...' placeholder")
            if self.take("..."):
                self.skip_member_rest()
                continue
            key_line = self.line_at(self.pos)
            key = self.parse_key()
            self.skip_space()
            if not self.take(":"):
                raise self.fail(f"expected ':' after key {key!r}, found {self.describe()}")
            value = self.parse_value(depth + 1)
            members[key] = Node(value.value, key_line)
            if not self.after_item("}"):
                raise self.fail(f"expected ',' or '}}' after the value of {key!r}, found {self.describe()}")

    def parse_array(self, depth: int) -> list[Node]:
        self.pos += 1
        items: list[Node] = []
        while True:
            self.skip_space()
            if self.take("]"):
                return items
            if self.text.startswith("...", self.pos):
                self.lenient("a '...' placeholder")
            if self.take("..."):
                self.skip_member_rest()
                continue
            items.append(self.parse_value(depth + 1))
            if not self.after_item("]"):
                raise self.fail(f"expected ',' or ']' in a list, found {self.describe()}")

    def after_item(self, closer: str) -> bool:
        self.skip_space()
        comma = self.pos
        if self.take(","):
            if self.leniency is None:
                self.skip_space()
                if self.text.startswith(closer, self.pos):
                    self.lenient("a trailing comma", comma)
            return True
        return self.text.startswith(closer, self.pos)

    def skip_member_rest(self) -> None:
        """After ``...``: skip a spread expression up to the next ``,`` (or the closing bracket)."""
        match = _IDENT.match(self.text, self.pos)
        if match:
            self.pos = match.end()
        self.skip_space()
        self.take(",")

    def parse_key(self) -> str:
        char = self.text[self.pos : self.pos + 1]
        if char in ("'", '"'):
            return self.parse_string()
        match = _IDENT.match(self.text, self.pos) or _NUMBER.match(self.text, self.pos)
        if not match:
            raise self.fail(f"expected a key, found {self.describe()}")
        end = match.end()
        while end < len(self.text) and ("a" + self.text[end]).isidentifier():
            end += 1  # combining marks and other identifier characters `\w` lacks, as JSON5 allows
        key = self.text[self.pos : end]
        self.lenient(f"the unquoted key {key!r}")
        self.pos = end
        return key

    def parse_string(self) -> str:
        text = self.text
        quote = text[self.pos]
        stop = _STRING_STOP[quote]  # the closing quote, a backslash, or a line break (but in `...`)
        if quote != '"':
            self.lenient(f"a string in {quote} quotes")
        self.pos += 1
        parts: list[str] = []
        while self.pos < len(text):
            found = stop.search(text, self.pos)
            end = found.start() if found else len(text)
            parts.append(text[self.pos : end])
            self.pos = end
            char = text[self.pos : self.pos + 1]
            if char == quote:
                self.pos += 1
                return join_utf16("".join(parts))
            if char != "\\":
                break  # the end of the block, or a line break in a quoted string
            parts.append(self.parse_escape())
        raise self.fail("unterminated string")

    def parse_escape(self) -> str:
        char = self.text[self.pos + 1 : self.pos + 2]
        self.pos += 2
        if char in _ESCAPES:
            if char in "v0":
                self.lenient(f"the escape \\{char}", self.pos - 2)
            return _ESCAPES[char]
        if char == "\n":
            self.lenient("a line continuation", self.pos - 2)
            return ""
        if char in ("u", "x"):
            size = 4 if char == "u" else 2
            digits = self.text[self.pos : self.pos + size]
            if len(digits) != size or not all(d in "0123456789abcdefABCDEF" for d in digits):
                raise self.fail(f"bad \\{char} escape")
            if char == "x":
                self.lenient("the escape \\x", self.pos - 2)
            self.pos += size
            return chr(int(digits, 16))
        if char not in '"\\/':
            self.lenient(f"the escape \\{char}", self.pos - 2)
        return char

    def parse_literal(self, inside: bool = False) -> object:
        for word, value in (("true", True), ("false", False), ("null", None), ("undefined", None)):
            if self.text.startswith(word, self.pos) and not self.word_continues(self.pos + len(word)):
                if word == "undefined":
                    self.lenient("undefined")
                self.pos += len(word)
                return value
        match = _NUMBER.match(self.text, self.pos)
        if match and not self.word_continues(match.end()):
            if len(match.group()) > MAX_NUMBER_LENGTH:
                raise self.fail(f"a number of {len(match.group())} characters is too long to read")
            if not _STRICT_NUMBER.fullmatch(match.group()):
                self.lenient(f"the number {match.group()}")
            self.pos = match.end()
            return number_value(match.group())
        expression = _EXPRESSION.match(self.text, self.pos) if inside else None
        if expression and not _CALL.match(self.text, expression.end()):
            # `apiKey: process.env.SENDGRID_API_KEY`: a reference, kept as its text
            self.lenient(f"the expression {expression.group()}")
            self.pos = expression.end()
            return expression.group()
        raise self.fail(f"expected a value, found {self.describe()}")

    def word_continues(self, pos: int) -> bool:
        return pos < len(self.text) and (self.text[pos].isalnum() or self.text[pos] in "_$")

    def take(self, token: str) -> bool:
        if self.text.startswith(token, self.pos):
            self.pos += len(token)
            return True
        return False


def newline_offsets(text: str) -> list[int]:
    return [match.start() for match in _NEWLINE.finditer(text)]


def has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def join_utf16(text: str) -> str:
    """Combine surrogate pairs written as two ``\\u`` escapes; a lone surrogate becomes U+FFFD."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def number_value(text: str) -> int | float:
    cleaned = text.replace("_", "")
    sign = -1 if cleaned.startswith("-") else 1
    body = cleaned.lstrip("+-")
    if body == "Infinity":
        return sign * float("inf")
    if body == "NaN":
        return float("nan")
    if body.lower().startswith("0x"):
        return sign * int(body, 16)
    if any(mark in body for mark in ".eE"):
        return sign * float(body)
    return sign * int(body)


class _NotPlainError(Exception):
    """Not plain data: ``_ValueParser`` reads it."""


def decode_plain_json(text: str, first_line: int) -> Node | None:
    """What ``read_json5`` gives for plain strict JSON (no escapes, comments or JSON5), by ``_PlainReader``;
    else ``None``. Nothing strict JSON lacks is accepted, so ``_ValueParser`` would note no leniency."""
    reader = _PlainReader(text, first_line, newline_offsets(text), loose=False, surrogates=has_surrogates(text))
    try:
        node = reader.value(reader.next_token(), 0)
    except _NotPlainError:
        return None
    return node if not text[reader.pos :].strip(" \t\n\r") else None


def read_plain_value(
    text: str, first_line: int, pos: int, newlines: list[int], surrogates: bool | None = None
) -> tuple[Node, int] | None:
    """What ``_ValueParser(text, first_line, pos, newlines).parse_value(0)`` gives, the node and the offset
    after it, for a plain value (comments, single quotes, unquoted keys and trailing commas allowed, but no
    escapes or other JSON5); else ``None``. For the values of JS blocks, whose JSON5 leniency is not noted.
    ``surrogates``: whether ``text`` has any (a block's reader looks once for all its values)."""
    found = has_surrogates(text) if surrogates is None else surrogates
    reader = _PlainReader(text, first_line, newlines, loose=True, surrogates=found)
    reader.pos = pos
    try:
        return reader.value(reader.next_token(), 0), reader.pos
    except _NotPlainError:
        return None


class _PlainReader:
    """Recursive descent over plain data a token at a time (one match of ``token`` each, one of ``member``
    for an object member up to its value), with lines; raises ``_NotPlainError`` at anything else. Loose
    patterns (``_LOOSE_TOKEN``, ``_LOOSE_MEMBER``) also allow what a JS value writes: comments, single
    quotes, unquoted keys and trailing commas. Strings are taken as written (no escapes), so in a text
    without surrogates (``surrogates`` says whether it has any) ``join_utf16`` has nothing to join and is
    not called."""

    def __init__(self, text: str, first_line: int, newlines: list[int], loose: bool, surrogates: bool) -> None:
        self.text = text
        self.first_line = first_line
        self.newlines = newlines
        self.loose = loose
        self.token = _LOOSE_TOKEN if loose else _STRICT_TOKEN
        self.member = _LOOSE_MEMBER if loose else _STRICT_MEMBER
        self.surrogates = surrogates
        self.pos = 0

    def next_token(self) -> re.Match[str]:
        found = self.token.match(self.text, self.pos)
        if found is None:
            raise _NotPlainError
        self.pos = found.end()
        return found

    def line_at(self, offset: int) -> int:
        return self.first_line + bisect_left(self.newlines, offset)

    def string(self, written: str) -> str:
        return join_utf16(written) if self.surrogates else written

    def value(self, token: re.Match[str], depth: int) -> Node:
        """The value whose first token is the last group ``token`` matched, at the line of that token."""
        offset = token.start(token.lastindex or 0)
        if token.lastgroup in ("double", "single"):
            offset -= 1  # a string's line is its opening quote's
        return Node(self.data(token, depth), self.first_line + bisect_left(self.newlines, offset))

    def data(self, token: re.Match[str], depth: int) -> Any:
        """The plain data of ``value``: a member's node takes its key's line instead, so it is made once."""
        if depth > MAX_DEPTH:
            raise _NotPlainError
        kind = token.lastgroup
        if kind == "word":
            return scalar_value(token["word"])
        if kind in ("double", "single"):
            return self.string(token[kind])
        mark = token["mark"]
        if mark == "{":
            return self.members(depth)
        if mark == "[":
            return self.items(depth)
        raise _NotPlainError

    def members(self, depth: int) -> dict[str, Node]:
        """An object's members. The commonest, a double-quoted key with a string value, is read here rather
        than by ``key`` and ``data``, as they would read it: five calls less for each."""
        text, match_member, match_token, data = self.text, self.member.match, self.token.match, self.data
        plain_strings = not self.surrogates and depth < MAX_DEPTH
        members: dict[str, Node] = {}
        may_close = True  # an empty object, or (loose) a trailing comma
        while True:
            member = match_member(text, self.pos)
            if member is None:
                if may_close and self.next_token()["mark"] == "}":
                    return members
                raise _NotPlainError
            self.pos = member.end()
            key = member["kdouble"]
            if plain_strings and key is not None and member.lastgroup == "double":
                key_line = self.first_line + bisect_left(self.newlines, member.start("kdouble") - 1)
                members[key] = Node(member["double"], key_line)
            else:
                key, key_line = self.key(member)
                members[key] = Node(data(member, depth + 1), key_line)
            token = match_token(text, self.pos)
            if token is None:
                raise _NotPlainError
            self.pos = token.end()
            mark = token["mark"]
            if mark == "}":
                return members
            if mark != ",":
                raise _NotPlainError
            may_close = self.loose

    def key(self, member: re.Match[str]) -> tuple[str, int]:
        """A member's key and its line: a string, or (loose only) a word that is all identifier."""
        written = member["kdouble"]
        if written is not None:
            return self.string(written), self.line_at(member.start("kdouble") - 1)
        if member["ksingle"] is not None:
            return self.string(member["ksingle"]), self.line_at(member.start("ksingle") - 1)
        if not _IDENT.fullmatch(member["kword"]):
            raise _NotPlainError
        return member["kword"], self.line_at(member.start("kword"))

    def items(self, depth: int) -> list[Node]:
        items: list[Node] = []
        token = self.next_token()
        if token["mark"] == "]":
            return items
        while True:
            items.append(self.value(token, depth + 1))
            token = self.next_token()
            if token["mark"] == "]":
                return items
            if token["mark"] != ",":
                raise _NotPlainError
            token = self.next_token()
            if self.loose and token["mark"] == "]":
                return items


def scalar_value(text: str) -> object:
    """A number or literal word, exactly as ``_ValueParser.parse_literal`` reads ``text`` alone."""
    literal = _LITERALS.get(text, _NotPlainError)
    if literal is not _NotPlainError:
        return literal
    if _STRICT_NUMBER.fullmatch(text) and len(text) <= MAX_NUMBER_LENGTH:
        return number_value(text)
    raise _NotPlainError  # undefined, 30_000, .5, Infinity: JSON5, read (and noted) by _ValueParser
