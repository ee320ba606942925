"""`python -m {{ cookiecutter.package_name }} users create --email E --password-stdin`: a user who can sign in on the authorization page."""

import argparse
import json
import sys

from {{ cookiecutter.package_name }}.commands import command_session
from {{ cookiecutter.package_name }}.core.config import get_settings
from {{ cookiecutter.package_name }}.services.users import UserError, create_user


def register(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="users_command", required=True)
    create = commands.add_parser("create", help="create a user; the password is read from standard input")
    create.add_argument("--email", required=True)
    create.add_argument("--password-stdin", action="store_true", required=True, help="read the password from stdin")
    create.add_argument("--json", action="store_true", help='print {"id": ..., "email": ...}')
    create.set_defaults(handler=create_command)


def create_command(args: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\r\n")
    settings = get_settings()
    try:
        with command_session() as session:
            user = create_user(session, settings, args.email, password)
            session.commit()
    except UserError as exc:
        print(f"users create: {exc}", file=sys.stderr)
        return 2
    print(json.dumps({"id": user.id, "email": user.email}) if args.json else f"user {user.id} ({user.email}) created")
    return 0
