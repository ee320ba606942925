"""Every example in docs/diagnostics.md is real: its input, saved as spec.md, prints exactly its output.

An example is a ````markdown block (four backticks) followed, in the same entry, by a ```text block of
``spec.md:...`` lines. An entry is a ``### `code` `` section, or a ``##`` section such as *Output*. An
example the doc cannot show this way (a file that is not UTF-8, a bug made on purpose) is preceded by
``<!-- not checked: why -->`` and skipped; any other output block without an input is a failure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.errors import CODES

DOC = Path(__file__).parents[1] / "docs" / "diagnostics.md"
runner = CliRunner()

# A fence opens a code block; a backtick fence's info string has no backtick (else it is inline code).
_FENCE = re.compile(r"^(?:(?P<backticks>`{3,})(?P<info>[^`]*)|(?P<tildes>~{3,})(?P<tilde_info>.*))$")
_ENTRY = re.compile(r"^### `(?P<code>[a-z0-9-]+)`\s*$")
_CHAPTER = re.compile(r"^## (?P<title>.+?)\s*$")
_NOT_CHECKED = re.compile(r"^<!--\s*not checked:\s*(?P<why>.+?)\s*-->\s*$")
_SUMMARY = re.compile(r"^spec\.md: (ok|has errors) \(")


@dataclass
class Example:
    line: int  # where the output block starts in docs/diagnostics.md
    spec: str | None  # the input document, None when the output has no input
    output: list[str]
    not_checked: str = ""


@dataclass
class Entry:
    name: str
    examples: list[Example] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_entries(text: str) -> dict[str, Entry]:
    """The examples of every entry, in document order."""
    entries: dict[str, Entry] = {}
    entry: Entry | None = None
    pending: tuple[str, str] | None = None  # (input, not-checked reason) of a markdown block awaiting output
    mark = ""  # a not-checked reason for the next block
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        start = _FENCE.match(line)
        if start is None:
            if heading := _ENTRY.match(line) or _CHAPTER.match(line):
                name = heading.groupdict().get("code") or slug(heading.group("title"))
                if entry is not None and pending is not None:
                    entry.problems.append("a markdown example has no output block after it")
                entry = entries.setdefault(name, Entry(name))
                pending = None
            elif found := _NOT_CHECKED.match(line):
                mark = found.group("why")
            index += 1
            continue
        fence = start.group("backticks") or start.group("tildes")
        info = (start.group("info") or start.group("tilde_info") or "").strip().split(" ")[0]
        body: list[str] = []
        index += 1
        while index < len(lines) and not re.fullmatch(rf"{fence[0]}{{{len(fence)},}}\s*", lines[index]):
            body.append(lines[index])
            index += 1
        index += 1
        if entry is None:
            mark = ""
            continue
        if info == "markdown" and len(fence) == 4:
            if pending is not None:
                entry.problems.append(f"markdown example before line {index} has no output block")
            pending = ("\n".join(body) + "\n", mark)
        elif info == "text" and body and all(b.startswith("spec.md:") for b in body if b.strip()):
            spec, why = pending if pending is not None else (None, mark)
            entry.examples.append(Example(index - len(body) - 1, spec, body, why or mark))
            pending = None
        mark = ""
    if entry is not None and pending is not None:
        entry.problems.append("a markdown example has no output block after it")
    return entries


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


ENTRIES = read_entries(DOC.read_text(encoding="utf-8"))
WITH_EXAMPLES = [entry for entry in ENTRIES.values() if entry.examples or entry.problems]


def validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spec: str) -> tuple[int, list[str]]:
    (tmp_path / "spec.md").write_text(spec, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "spec.md"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.stderr.splitlines()


@pytest.mark.parametrize("entry", WITH_EXAMPLES, ids=[entry.name for entry in WITH_EXAMPLES])
def test_example_output_is_what_intspec_prints(entry: Entry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    assert entry.problems == []
    checked = [example for example in entry.examples if not example.not_checked]
    for example in entry.examples:
        assert example.not_checked or example.spec is not None, (
            f"docs/diagnostics.md:{example.line}: output without an input; add the input or a "
            "'<!-- not checked: why -->' comment"
        )
    if not checked:
        pytest.skip("; ".join(example.not_checked for example in entry.examples))
    for number, example in enumerate(checked):
        assert example.spec is not None
        folder = tmp_path / str(number)
        folder.mkdir()
        status, printed = validate(folder, monkeypatch, example.spec)
        expected = [line for line in example.output if line.strip() and not _SUMMARY.match(line)]
        diagnostics = [line for line in printed if not _SUMMARY.match(line)]
        assert diagnostics == expected, f"docs/diagnostics.md:{example.line}"
        for summary in (line for line in example.output if _SUMMARY.match(line)):
            assert summary in printed, f"docs/diagnostics.md:{example.line}"
        assert status == int(any(": error: " in line for line in expected)), f"docs/diagnostics.md:{example.line}"


def test_every_code_has_an_entry_with_an_example():
    missing = [code for code in CODES if code not in ENTRIES or not ENTRIES[code].examples]
    assert missing == []


def test_the_reader_finds_the_examples():
    # Guards the test itself: if the doc's layout changed so that nothing is found, everything above passes.
    assert sum(len(entry.examples) for entry in ENTRIES.values()) >= len(CODES)
