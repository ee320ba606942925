"""The command line: `python -m pocket_ledger serve | db upgrade | openapi | keys | clients | users | worker`."""

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pocket_ledger.api.openapi import register_command as register_openapi
from pocket_ledger.commands.clients import register as register_clients
from pocket_ledger.commands.keys import register as register_keys
from pocket_ledger.commands.users import register as register_users
from pocket_ledger.commands.worker import register as register_worker
from pocket_ledger.core.config import Settings, get_settings

if TYPE_CHECKING:
    from alembic.config import Config

SOURCE_ROOT = Path(__file__).resolve().parents[2]


def project_root() -> Path:
    """Where alembic.ini and migrations/ are: the current folder (as in the Docker image), else the source tree."""
    for folder in (Path.cwd(), SOURCE_ROOT):
        if (folder / "alembic.ini").is_file() and (folder / "migrations").is_dir():
            return folder
    raise SystemExit("alembic.ini and migrations/ not found: run this from the project folder")


def alembic_config(settings: Settings) -> "Config":
    from alembic.config import Config

    root = project_root()
    config = Config(str(root / "alembic.ini"))
    config.set_main_option("script_location", str(root / "migrations"))
    config.set_main_option("sqlalchemy.url", settings.database_url.replace("%", "%%"))
    return config


def upgrade_database(settings: Settings, revision: str = "heads") -> None:
    from alembic import command

    command.upgrade(alembic_config(settings), revision)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    # log_config=None: uvicorn's loggers go through the app's JSON logging, PII masking included.
    uvicorn.run(
        "pocket_ledger.main:app", host=args.host, port=args.port, workers=args.workers, log_config=None
    )
    return 0


def db_upgrade(args: argparse.Namespace) -> int:
    upgrade_database(get_settings(), args.revision)
    print(f"database upgraded to {args.revision}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pocket_ledger", description="The Pocket Ledger service.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve_parser = commands.add_parser("serve", help="serve the HTTP API")
    serve_parser.add_argument("--host", default="127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=8000)
    serve_parser.add_argument("--workers", type=int, default=1)
    serve_parser.set_defaults(handler=serve)

    db_parser = commands.add_parser("db", help="manage the database")
    db_commands = db_parser.add_subparsers(dest="db_command", required=True)
    upgrade_parser = db_commands.add_parser("upgrade", help="apply migrations")
    upgrade_parser.add_argument("--revision", default="heads")
    upgrade_parser.set_defaults(handler=db_upgrade)

    register_openapi(commands.add_parser("openapi", help="write openapi.yaml, the OpenAPI document the app serves"))  # from the service blueprint

    register_keys(commands.add_parser("keys", help="create, list and revoke API keys"))  # from the security blueprint

    register_clients(commands.add_parser("clients", help="register, list and delete OAuth clients"))  # from the oauth blueprint

    register_users(commands.add_parser("users", help="create the users who sign in on the authorization page"))  # from the oauth blueprint

    register_worker(commands.add_parser("worker", help="deliver webhooks (as many processes as you like beside the API; --concurrency N in flight each)"))  # from the webhooks blueprint
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    raise SystemExit(args.handler(args))
