"""How reading time grows with document size.

Builds documents of about 20 KB, 100 KB, 500 KB, 1 MB and 2 MB from spec_inputs/harbor-freight.md by growing
its Event Catalog table to thousands of rows (and adding a payload example block for every 25th new event),
times ``read_spec_bytes`` on each (best of 3), and prints seconds per MB and each size's per-MB time relative
to the smallest size's (linear growth keeps the ratios near 1).

The document itself is about 35 KB, so every size starts from the same base: the document with its largest
top-level sections dropped (Overview and the Webhook System always kept) until the base fits in 20 KB.

    .venv/bin/python bench/parse_speed.py             # the table
    .venv/bin/python bench/parse_speed.py --profile   # and a cProfile of the largest size
    .venv/bin/python bench/parse_speed.py --no-payloads
    .venv/bin/python bench/parse_speed.py --no-gc       # time with the cyclic garbage collector off
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.pipeline import read_spec_bytes  # noqa: E402

SOURCE = ROOT / "spec_inputs" / "harbor-freight.md"
TARGETS_KB = (20, 100, 500, 1024, 2048)
KEEP = ("Overview", "Webhook System")
LIMIT_SECONDS = 2.0
PAYLOAD_EVERY = 25
NOUNS = ("shipment", "booking", "document", "invoice", "carrier", "stop", "quote", "tender", "claim", "lane")
VERBS = ("created", "updated", "cancelled", "confirmed", "delayed", "archived", "approved", "rejected")


def trimmed_base(text: str, budget: int) -> tuple[str, list[str]]:
    """The document with its largest top-level sections (not those in KEEP) dropped until it fits ``budget``."""
    parts = re.split(r"(?m)^(?=## )", text)
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


def build(base: str, rows: int, payloads: bool) -> bytes:
    """``base`` with ``rows`` generated rows appended to its Event Catalog table (and payload examples)."""
    lines = base.splitlines(keepends=True)
    catalog = next(number for number, line in enumerate(lines) if line.startswith("### Event Catalog"))
    end = catalog + 1
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    lines[end:end] = [catalog_row(index) for index in range(rows)]
    if payloads:
        schemas = next(number for number, line in enumerate(lines) if line.startswith("### Event Payload Schemas"))
        after = next(
            (n for n in range(schemas + 1, len(lines)) if lines[n].startswith(("### ", "## "))),
            len(lines),
        )
        lines[after:after] = [payload_block(index) for index in range(0, rows, PAYLOAD_EVERY)]
    return "".join(lines).encode()


def rows_for(base: str, target: int, payloads: bool) -> int:
    """The number of rows that brings the document closest to ``target`` bytes (sizes grow linearly in rows)."""
    empty = len(build(base, 0, payloads))
    per_row = (len(build(base, 1000, payloads)) - empty) / 1000
    return max(0, round((target - empty) / per_row))


def best_of(data: bytes, runs: int = 3, collect: bool = True) -> float:
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        if not collect:
            gc.disable()
        try:
            started = time.perf_counter()
            read_spec_bytes(data, "bench.md")
            best = min(best, time.perf_counter() - started)
        finally:
            gc.enable()
    return best


def check(data: bytes, expected_events: int) -> None:
    """The timed reading does the real work: every generated event reaches the model, no reader bug."""
    result = read_spec_bytes(data, "bench.md")
    events = len(result.spec.webhooks.events) if result.spec.webhooks else 0
    bugs = [d for d in result.diagnostics if d.code == "reader-bug"]
    if events != expected_events or bugs:
        raise SystemExit(f"bench document read wrongly: {events} events (expected {expected_events}), {bugs}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", action="store_true", help="profile reading the largest document")
    parser.add_argument("--no-payloads", dest="payloads", action="store_false", help="grow the table only")
    parser.add_argument("--no-gc", dest="collect", action="store_false", help="time with the garbage collector off")
    args = parser.parse_args()

    text = SOURCE.read_text(encoding="utf-8")
    base, dropped = trimmed_base(text, TARGETS_KB[0] * 1024 * 3 // 4)
    webhooks = read_spec_bytes(base.encode(), "base.md").spec.webhooks
    original_rows = len(webhooks.events) if webhooks else 0
    print(f"base: {SOURCE.name} without {', '.join(dropped)} ({len(base.encode()) / 1024:.1f} KB)")
    payloads = f"one per {PAYLOAD_EVERY} generated events" if args.payloads else "none"
    print(f"payload example blocks: {payloads}; garbage collector: {'on' if args.collect else 'off while timing'}")
    print()
    print(f"{'size KB':>9} {'rows':>7} {'seconds':>9} {'s per MB':>9} {'ratio':>7}")
    results: list[tuple[float, int, float, bytes]] = []
    for target in TARGETS_KB:
        rows = rows_for(base, target * 1024, args.payloads)
        data = build(base, rows, args.payloads)
        check(data, original_rows + rows)
        seconds = best_of(data, collect=args.collect)
        per_mb = seconds / (len(data) / 1024 / 1024)
        results.append((per_mb, original_rows + rows, seconds, data))
        ratio = per_mb / results[0][0]
        print(f"{len(data) / 1024:9.1f} {original_rows + rows:7d} {seconds:9.3f} {per_mb:9.3f} {ratio:7.2f}")
    largest = results[-1]
    verdict = "under" if largest[2] < LIMIT_SECONDS else "NOT under"
    print()
    print(
        f"{len(largest[3]) / 1024 / 1024:.2f} MB parsed in {largest[2]:.3f} s: {verdict} {LIMIT_SECONDS:g} s "
        f"(per-MB time {results[-1][0] / results[0][0]:.2f}x the smallest size's)"
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(read_spec_bytes, largest[3], "bench.md")
        print()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
