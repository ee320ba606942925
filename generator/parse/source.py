"""Turn the raw bytes of a document into clean text whose line numbers match the file.

Every step here keeps the line count: lines that must not be read (the private planning block, the lines
of a wrapping ```markdown fence) are blanked, never removed, so line N of the text is line N of the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import Diagnostics

PLANNING_OPEN = "<integration_planning>"
PLANNING_CLOSE = "</integration_planning>"
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*?)\s*$")
_TITLE = re.compile(r"^ {0,3}#{1,6}\s+\S")


@dataclass(frozen=True, slots=True)
class Source:
    """A document's text, normalized, with the path it is reported under."""

    path: str
    text: str
    lines: list[str]  # ``text`` split at its newlines, as read_source had it (split once: ~30 us for 20 KB)


def read_source(data: bytes, path: str, diags: Diagnostics) -> Source:
    """Decode, normalize newlines, and blank what must not be read."""
    text = decode_bytes(data, diags)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if PLANNING_OPEN in text:  # the scan of every line for it, skipped at C speed when it is nowhere
        blank_planning_blocks(lines, diags)
    unwrap_markdown_fence(lines, diags)
    return Source(path=path, text="\n".join(lines), lines=lines)


def decode_bytes(data: bytes, diags: Diagnostics) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = len(re.findall(rb"\r\n|\r|\n", data[: exc.start])) + 1
        diags.warning(line, "encoding", "the document is not valid UTF-8; undecodable bytes were replaced")
        return data.decode("utf-8", errors="replace")


def blank_planning_blocks(lines: list[str], diags: Diagnostics) -> None:
    """Blank every ``<integration_planning>`` block (a line starting with the tag): the model's private notes."""
    index = next((number for number, line in enumerate(lines) if PLANNING_OPEN in line), len(lines))
    while index < len(lines):
        if not lines[index].lstrip().startswith(PLANNING_OPEN):
            index += 1
            continue
        start_col = lines[index].find(PLANNING_OPEN)
        end = find_planning_end(lines, index, start_col)
        if end is None:
            end = unclosed_planning_end(lines, index)
            diags.warning(
                index + 1,
                "planning-unclosed",
                f"{PLANNING_OPEN} is never closed; ignored up to line {end + 1}",
            )
        else:
            span = f"line {index + 1}" if end == index else f"lines {index + 1}-{end + 1}"
            diags.warning(index + 1, "planning-block", f"private {PLANNING_OPEN} block ({span}) ignored")
        blank_span(lines, index, start_col, end)
        index = end + 1


def find_planning_end(lines: list[str], start: int, start_col: int) -> int | None:
    for number in range(start, len(lines)):
        offset = start_col + len(PLANNING_OPEN) if number == start else 0
        if PLANNING_CLOSE in lines[number][offset:]:
            return number
    return None


def unclosed_planning_end(lines: list[str], start: int) -> int:
    """An unclosed planning block ends before the document's first heading, or runs to the end."""
    for number in range(start + 1, len(lines)):
        if _TITLE.match(lines[number]):
            return number - 1
    return len(lines) - 1


def blank_span(lines: list[str], start: int, start_col: int, end: int) -> None:
    head = lines[start][:start_col]
    tail_at = lines[end].find(PLANNING_CLOSE, start_col if start == end else 0)
    tail = lines[end][tail_at + len(PLANNING_CLOSE) :] if tail_at >= 0 else ""
    for number in range(start, end + 1):
        lines[number] = ""
    lines[start] = head.rstrip()
    if tail.strip():
        lines[end] = (lines[end] + " " + tail.strip()).strip() if start == end else tail.strip()


def unwrap_markdown_fence(lines: list[str], diags: Diagnostics) -> None:
    """Blank the opening and closing lines of a ```markdown fence that wraps the whole document.

    Reading the fence ourselves, instead of leaving it to the markdown parser, is what copes with a
    wrapper closed early by an inner fence of the same length.
    """
    opener = find_wrapper_opener(lines)
    if opener is None:
        return
    match = _FENCE.match(lines[opener])
    assert match is not None
    char, length = match["fence"][0], len(match["fence"])
    closer = find_wrapper_closer(lines, opener + 1, char, length)
    lines[opener] = ""
    if closer is None:
        diags.warning(opener + 1, "wrapper-unclosed", "the ```markdown fence around the document is never closed")
        return
    lines[closer] = ""


def find_wrapper_opener(lines: list[str]) -> int | None:
    """The first fence line before any heading, if its info string says markdown."""
    for number, line in enumerate(lines):
        if _TITLE.match(line):
            return None
        match = _FENCE.match(line)
        if match:
            return number if match["info"].lower() in {"markdown", "md"} else None
    return None


def find_wrapper_closer(lines: list[str], start: int, char: str, length: int) -> int | None:
    """Pair the inner fences; the bare fence left open at the end is the wrapper's closer."""
    open_at: int | None = None
    open_fence = open_info = ""
    for number in range(start, len(lines)):
        match = _FENCE.match(lines[number])
        if not match:
            continue
        fence, info = match["fence"], match["info"]
        if open_at is None:
            open_at, open_fence, open_info = number, fence, info
        elif fence[0] == open_fence[0] and len(fence) >= len(open_fence) and not info:
            open_at = None
    if open_at is None or open_info:
        return None
    fence_line = _FENCE.match(lines[open_at])
    assert fence_line is not None
    if fence_line["fence"][0] != char or len(fence_line["fence"]) < length:
        return None
    return open_at
