{%- set commands = cookiecutter._intspec.contributions.cli_commands -%}
{%- set ns = namespace(imports=[["core.config", "Settings"], ["core.config", "get_settings"]]) -%}
{%- for command in commands %}{% set ns.imports = ns.imports + [[command.module, command.register, "register_" ~ (command.name | snake)]] %}{% endfor -%}
"""The command line: `python -m {{ cookiecutter.package_name }} serve | db upgrade{% for command in commands %} | {{ command.name }}{% endfor %}`."""

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

{{ ns.imports | import_lines(cookiecutter.package_name) }}

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
        "{{ cookiecutter.package_name }}.main:app", host=args.host, port=args.port, workers=args.workers, log_config=None
    )
    return 0


def db_upgrade(args: argparse.Namespace) -> int:
    upgrade_database(get_settings(), args.revision)
    print(f"database upgraded to {args.revision}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m {{ cookiecutter.package_name }}", description={{ ("The " ~ cookiecutter.project_name ~ " service.") | py }})
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
{%- for command in commands %}

    register_{{ command.name | snake }}(commands.add_parser({{ command.name | py }}, help={{ command.help | py }}))  # from the {{ command.blueprint }} blueprint
{%- endfor %}
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    raise SystemExit(args.handler(args))
