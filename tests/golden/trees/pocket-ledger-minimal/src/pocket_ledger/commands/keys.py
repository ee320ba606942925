"""`python -m pocket_ledger keys create|list|revoke`: API keys. A new key is printed once; only its hash is kept."""

import argparse
import json
import sys
import time

from pocket_ledger.commands import command_session
from pocket_ledger.models.api_key import ApiKey
from pocket_ledger.services.api_keys import (
    UnknownScopeError,
    create_api_key,
    list_api_keys,
    revoke_api_key,
)


def register(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="keys_command", required=True)
    create = commands.add_parser("create", help="create a key and print it (once)")
    create.add_argument("--name", required=True)
    create.add_argument("--scope", action="append", default=[], help="a scope the key carries (repeatable)")
    create.add_argument("--json", action="store_true", help='print {"key": ...}')
    create.set_defaults(handler=create_key)
    listing = commands.add_parser("list", help="list the keys (never the keys themselves)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_keys)
    revoke = commands.add_parser("revoke", help="revoke a key by its id")
    revoke.add_argument("id", type=int)
    revoke.add_argument("--json", action="store_true")
    revoke.set_defaults(handler=revoke_key)



def create_key(args: argparse.Namespace) -> int:
    try:
        with command_session() as session:
            created = create_api_key(session, args.name, args.scope)
            session.commit()
    except UnknownScopeError as exc:
        print(f"keys create: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"key": created.key, "id": created.record.id, "scopes": created.record.scopes}))
    else:
        print(created.key)
        print(f"key {created.record.id} ({args.name}); store it now: it is not shown again", file=sys.stderr)
    return 0


def list_keys(args: argparse.Namespace) -> int:
    with command_session() as session:
        keys = list_api_keys(session)
    if args.json:
        print(json.dumps([summary(key) for key in keys]))
        return 0
    for key in keys:
        state = "revoked" if key.revoked_at is not None else "active"
        created = time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime(key.created_at))
        print(f"{key.id}\t{key.name}\t{' '.join(key.scopes) or '-'}\t{created}\t{state}")
    return 0


def summary(key: ApiKey) -> dict[str, object]:
    return {
        "id": key.id,
        "name": key.name,
        "scopes": key.scopes,
        "created_at": key.created_at,
        "revoked": key.revoked_at is not None,
    }


def revoke_key(args: argparse.Namespace) -> int:
    with command_session() as session:
        revoked = revoke_api_key(session, args.id)
        session.commit()
    if args.json:
        print(json.dumps({"id": args.id, "revoked": revoked}))
    elif revoked:
        print(f"key {args.id} revoked")
    if not revoked:
        print(f"keys revoke: no active key {args.id}", file=sys.stderr)
    return 0 if revoked else 1
