"""Reading time beside markdown-it-py's own parse of the same document, from 20 KB to 2 MB.

Target: intspec's full read (``read_spec_bytes``: parse and model) takes at most 2x the time of
markdown-it-py parsing the same bytes with intspec's configuration (``markdown_parser()``), at every size,
and its time grows linearly with the size.

Two families of documents, each at about 20 KB, 100 KB, 500 KB, 1 MB and 2 MB:

* ``catalog``: spec_inputs/harbor-freight.md, its largest top-level sections dropped (Overview and the
  Webhook System kept) to fit 15 KB, its Event Catalog table grown to thousands of rows, with a payload
  example block for every 25th new event;
* ``mixed``: the top-level sections of the real documents (spec_inputs/, and ../shared/specs when
  present), taken in turn until the size is reached: every kind of content, repeated.

Each document is timed in a fresh Python process of its own, which reads it once with both (untimed, to
warm them up), then with both, interleaved, several times (``--runs``, in alternating order); the table
shows the best time of each (other work on a busy machine only ever adds time, to either side), their
ratio, and intspec's seconds per MB (linear growth keeps it flat). A process of its own, because a row
timed after other documents is not timed on equal terms: in one process that had read the smaller ones,
the 2 MB catalog document took 1.15 s to read, in a process of its own 0.78 s (and the table said the
time was not linear in the size: 1.47x the lowest s/MB, against 1.08x), for old and new code alike - the
heap that the documents before it grew and fragmented, not the reader. Both readers share each process,
so each row still compares the two side by side under the same conditions.

    .venv/bin/python bench/parse_speed.py             # the table
    .venv/bin/python bench/parse_speed.py --profile   # and a cProfile of reading the largest document
    .venv/bin/python bench/parse_speed.py --no-gc     # time both with the cyclic garbage collector off
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import itertools
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.parse.markdown import markdown_parser  # noqa: E402
from generator.pipeline import read_spec_bytes  # noqa: E402

SOURCE = ROOT / "spec_inputs" / "harbor-freight.md"
SHARED_SPECS = Path(os.environ.get("INTSPEC_SHARED_SPECS", ROOT.parent / "shared" / "specs"))
TARGETS_KB = (20, 100, 500, 1024, 2048)
KEEP = ("Overview", "Webhook System")
TARGET_RATIO = 2.0
LINEAR_SLACK = 1.25
PAYLOAD_EVERY = 25
NOUNS = ("shipment", "booking", "document", "invoice", "carrier", "stop", "quote", "tender", "claim", "lane")
VERBS = ("created", "updated", "cancelled", "confirmed", "delayed", "archived", "approved", "rejected")


@dataclass(frozen=True)
class Timing:
    family: str
    size: int
    intspec: float
    markdown_it: float

    @property
    def ratio(self) -> float:
        return self.intspec / self.markdown_it

    @property
    def per_mb(self) -> float:
        return self.intspec / (self.size / 1024 / 1024)


# -- the catalog family ---------------------------------------------------------------------------------


def trimmed_base(text: str, budget: int) -> tuple[str, list[str]]:
    """The document with its largest top-level sections (not those in KEEP) dropped until it fits ``budget``."""
    parts = top_level_parts(text)
    dropped: list[str] = []
    droppable = sorted(
        (index for index, part in enumerate(parts) if part.startswith("## ") and heading(part) not in KEEP),
        key=lambda index: -len(parts[index].encode()),
    )
    for index in droppable:
        if len("".join(parts).encode()) <= budget:
            break
        dropped.append(heading(parts[index]))
        parts[index] = ""
    return "".join(parts), dropped


def top_level_parts(text: str) -> list[str]:
    """The text before the first ``## `` heading, then each top-level section."""
    return re.split(r"(?m)^(?=## )", text)


def heading(part: str) -> str:
    return part.split("\n", 1)[0].removeprefix("## ").strip()


def event_name(index: int) -> str:
    return f"{NOUNS[index % len(NOUNS)]}.{VERBS[index // len(NOUNS) % len(VERBS)]}_{index:06d}"


def catalog_row(index: int) -> str:
    name = event_name(index)
    schema = "".join(part.capitalize() for part in re.split(r"[._]", name)) + ".v1"
    return f"| `{name}` | Generated event {index}: status moved for shipment `shp_{index:06d}` | `{schema}` |\n"


def payload_block(index: int) -> str:
    name = event_name(index)
    return (
        f"**`{name}`**\n```json\n{{\n"
        f'  "id": "evt_{index:012d}",\n  "type": "{name}",\n  "api_version": "2024-03-01",\n'
        f'  "created_at": "2024-03-11T13:02:41Z",\n  "org_id": "org_ACME01",\n'
        f'  "data": {{\n    "shipment_id": "shp_{index:06d}",\n    "status": "in_transit",\n'
        f'    "weight": {{ "value": {index}, "unit": "lb" }},\n    "stops": [1, 2, 3]\n  }}\n}}\n```\n\n'
    )


def build(base: str, rows: int) -> bytes:
    """``base`` with ``rows`` generated rows appended to its Event Catalog table, and payload examples."""
    lines = base.splitlines(keepends=True)
    catalog = next(number for number, line in enumerate(lines) if line.startswith("### Event Catalog"))
    end = catalog + 1
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    lines[end:end] = [catalog_row(index) for index in range(rows)]
    schemas = next(number for number, line in enumerate(lines) if line.startswith("### Event Payload Schemas"))
    after = next((n for n in range(schemas + 1, len(lines)) if lines[n].startswith(("### ", "## "))), len(lines))
    lines[after:after] = [payload_block(index) for index in range(0, rows, PAYLOAD_EVERY)]
    return "".join(lines).encode()


def rows_for(base: str, target: int) -> int:
    """The number of rows that brings the document closest to ``target`` bytes (sizes grow linearly in rows)."""
    empty = len(build(base, 0))
    per_row = (len(build(base, 1000)) - empty) / 1000
    return max(0, round((target - empty) / per_row))


def catalog_document(base: str, base_events: int, target: int) -> bytes:
    rows = rows_for(base, target)
    data = build(base, rows)
    check(data, base_events + rows)
    return data


# -- the mixed family -----------------------------------------------------------------------------------


def real_documents() -> list[Path]:
    shared = sorted(SHARED_SPECS.glob("*.md")) if SHARED_SPECS.is_dir() else []
    return sorted((ROOT / "spec_inputs").glob("*.md")) + shared


def real_sections(documents: list[Path]) -> tuple[str, list[str]]:
    """The first document's text before its first section, and every top-level section of every document."""
    texts = [path.read_text(encoding="utf-8").replace("\r\n", "\n") for path in documents]
    head = top_level_parts(texts[0])[0]
    sections = [part.rstrip("\n") + "\n\n" for text in texts for part in top_level_parts(text)[1:]]
    return head, sections


def mixed_document(head: str, sections: list[str], target: int) -> bytes:
    """``head``, then the sections in turn until the document reaches ``target`` bytes."""
    parts = [head]
    size = len(head.encode())
    for section in itertools.cycle(sections):
        if size >= target:
            break
        parts.append(section)
        size += len(section.encode())
    data = "".join(parts).encode()
    check(data, None)
    return data


# -- timing ---------------------------------------------------------------------------------------------


def check(data: bytes, expected_events: int | None) -> None:
    """The timed reading does the real work: no reader bug, and every generated event reaches the model."""
    result = read_spec_bytes(data, "bench.md")
    events = len(result.spec.webhooks.events) if result.spec.webhooks else 0
    bugs = [d for d in result.diagnostics if d.code == "reader-bug"]
    if bugs or (expected_events is not None and events != expected_events):
        raise SystemExit(f"bench document read wrongly: {events} events (expected {expected_events}), {bugs}")


def read_with_intspec(data: bytes) -> None:
    read_spec_bytes(data, "bench.md")


def parse_with_markdown_it(data: bytes) -> None:
    markdown_parser().parse(data.decode("utf-8"))


def seconds(run: Callable[[bytes], None], data: bytes, collect: bool) -> float:
    gc.collect()
    if not collect:
        gc.disable()
    try:
        started = time.perf_counter()
        run(data)
        return time.perf_counter() - started
    finally:
        gc.enable()


def time_both(family: str, data: bytes, runs: int, collect: bool) -> Timing:
    """Best times of both readers over ``runs`` interleaved rounds, alternating which goes first."""
    ours: list[float] = []
    theirs: list[float] = []
    for round_number in range(runs):
        if round_number % 2:
            theirs.append(seconds(parse_with_markdown_it, data, collect))
            ours.append(seconds(read_with_intspec, data, collect))
        else:
            ours.append(seconds(read_with_intspec, data, collect))
            theirs.append(seconds(parse_with_markdown_it, data, collect))
    return Timing(family, len(data), min(ours), min(theirs))


def time_in_own_process(family: str, data: bytes, runs: int, collect: bool) -> Timing:
    """``time_both`` on ``data`` in a fresh interpreter (``--time-one``), untouched by any earlier document."""
    with tempfile.TemporaryDirectory(prefix="parse-speed-") as folder:
        path = Path(folder) / f"{family}.md"
        path.write_bytes(data)
        command = [sys.executable, __file__, "--time-one", str(path), "--runs", str(runs)]
        if not collect:
            command.append("--no-gc")
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    intspec, markdown_it = (float(number) for number in output.split())
    return Timing(family, len(data), intspec, markdown_it)


def time_one(path: Path, runs: int, collect: bool) -> None:
    """What a ``--time-one`` process does: warm both readers up on the document, then time both on it."""
    data = path.read_bytes()
    read_with_intspec(data)
    parse_with_markdown_it(data)
    timing = time_both("", data, runs, collect)
    print(f"{timing.intspec!r} {timing.markdown_it!r}")


def print_row(timing: Timing) -> None:
    print(
        f"{timing.family:>8} {timing.size / 1024:9.1f} {timing.intspec:10.4f} {timing.markdown_it:13.4f} "
        f"{timing.ratio:6.2f}x {timing.per_mb:10.3f}"
    )


def print_verdict(timings: list[Timing]) -> None:
    worst = max(timings, key=lambda timing: timing.ratio)
    met = "met" if worst.ratio <= TARGET_RATIO else "NOT met"
    growth = []
    for family in dict.fromkeys(timing.family for timing in timings):
        sizes = [timing for timing in timings if timing.family == family]
        growth.append((sizes[-1].per_mb / min(timing.per_mb for timing in sizes), family))
    steepest, family = max(growth)
    linear = "linear" if steepest <= LINEAR_SLACK else "NOT linear"
    print()
    print(
        f"target <= {TARGET_RATIO:g}x at every size: {met} (worst {worst.ratio:.2f}x, {worst.family} "
        f"{worst.size / 1024:.0f} KB); time in size: {linear} (largest size's s/MB is {steepest:.2f}x "
        f"the lowest, {family})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="interleaved rounds per document (default 5)")
    parser.add_argument("--profile", action="store_true", help="profile reading the largest document")
    parser.add_argument("--no-gc", dest="collect", action="store_false", help="time with the garbage collector off")
    parser.add_argument("--time-one", type=Path, help=argparse.SUPPRESS)  # one document, in its own process
    args = parser.parse_args()
    if args.time_one:
        time_one(args.time_one, args.runs, args.collect)
        return

    base, dropped = trimmed_base(SOURCE.read_text(encoding="utf-8"), TARGETS_KB[0] * 1024 * 3 // 4)
    webhooks = read_spec_bytes(base.encode(), "base.md").spec.webhooks
    base_events = len(webhooks.events) if webhooks else 0
    documents = real_documents()
    head, sections = real_sections(documents)
    print(f"catalog: {SOURCE.name} without {', '.join(dropped)} ({len(base.encode()) / 1024:.1f} KB), grown")
    print(f"mixed: {len(sections)} top-level sections of {', '.join(path.name for path in documents)}, in turn")
    print(
        f"best of {args.runs} interleaved runs, each document in a process of its own; "
        f"garbage collector {'on' if args.collect else 'off'} for both"
    )
    print()
    print(f"{'family':>8} {'size KB':>9} {'intspec s':>10} {'markdown-it s':>13} {'ratio':>7} {'s per MB':>10}")
    timings: list[Timing] = []
    largest = b""
    for family in ("catalog", "mixed"):
        for target in TARGETS_KB:
            if family == "catalog":
                data = catalog_document(base, base_events, target * 1024)
            else:
                data = mixed_document(head, sections, target * 1024)
            timings.append(time_in_own_process(family, data, args.runs, args.collect))
            print_row(timings[-1])
            largest = max(largest, data, key=len)
    print_verdict(timings)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(read_spec_bytes, largest, "bench.md")
        print()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
