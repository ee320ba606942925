"""`python -m pocket_ledger worker [--concurrency N]`: deliver webhooks until SIGTERM or SIGINT."""

import argparse
import asyncio
import signal

from pocket_ledger.core.config import get_settings
from pocket_ledger.core.db import Database
from pocket_ledger.core.logging import configure_logging


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--concurrency", type=int, default=None, help="deliveries in flight at once (default: WEBHOOK_WORKER_CONCURRENCY)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    database = Database(settings.database_url)
    try:
        asyncio.run(work(database, args.concurrency))
    finally:
        database.dispose()
    return 0


async def work(database: Database, concurrency: int | None) -> None:
    from pocket_ledger.webhooks.worker import Worker

    worker = Worker(database, get_settings(), concurrency)
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, worker.stop)
    await worker.run()
