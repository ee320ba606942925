"""`python -m {{ cookiecutter.package_name }} clients create|list|delete`: OAuth clients. A confidential client's secret is printed once."""

import argparse
import json
import sys

from {{ cookiecutter.package_name }}.commands import command_session
from {{ cookiecutter.package_name }}.models.oauth import OAuthClient
from {{ cookiecutter.package_name }}.oauth.server import GRANT_TYPES
from {{ cookiecutter.package_name }}.services.clients import (
    ClientError,
    create_client,
    delete_client,
    list_clients,
)


def register(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="clients_command", required=True)
    create = commands.add_parser("create", help="register a client and print its id (and secret, once)")
    create.add_argument("--name", required=True)
    create.add_argument("--grant-type", action="append", required=True, choices=GRANT_TYPES, dest="grant_types")
    create.add_argument("--redirect-uri", action="append", default=[], dest="redirect_uris", help="exact; repeatable")
    create.add_argument("--scope", action="append", default=[], dest="scopes", help="a scope it may ask for (repeatable)")
    create.add_argument("--public", action="store_true", help="no secret (a browser or mobile app); PKCE required")
    create.add_argument("--json", action="store_true", help='print {"client_id": ..., "client_secret": ... or null}')
    create.set_defaults(handler=create_command)
    listing = commands.add_parser("list", help="list the clients (never their secrets)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_command)
    remove = commands.add_parser("delete", help="delete a client, with its codes and tokens")
    remove.add_argument("client_id")
    remove.add_argument("--json", action="store_true")
    remove.set_defaults(handler=delete_command)



def create_command(args: argparse.Namespace) -> int:
    try:
        with command_session() as session:
            created = create_client(session, args.name, args.grant_types, args.redirect_uris, args.scopes, args.public)
            session.commit()
    except ClientError as exc:
        print(f"clients create: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"client_id": created.record.client_id, "client_secret": created.client_secret}))
        return 0
    print(f"client_id: {created.record.client_id}")
    if created.client_secret:
        print(f"client_secret: {created.client_secret}")
        print("store the secret now: it is not shown again", file=sys.stderr)
    return 0


def summary(client: OAuthClient) -> dict[str, object]:
    return {
        "client_id": client.client_id,
        "name": client.name,
        "public": client.public,
        "grant_types": client.grant_types.split(),
        "redirect_uris": client.redirect_uri_list,
        "scopes": client.scope.split(),
        "created_at": client.created_at,
    }


def list_command(args: argparse.Namespace) -> int:
    with command_session() as session:
        clients = list_clients(session)
    if args.json:
        print(json.dumps([summary(client) for client in clients]))
        return 0
    for client in clients:
        kind = "public" if client.public else "confidential"
        print(f"{client.client_id}\t{client.name}\t{kind}\t{client.grant_types}\t{client.scope or '-'}")
    return 0


def delete_command(args: argparse.Namespace) -> int:
    with command_session() as session:
        deleted = delete_client(session, args.client_id)
        session.commit()
    if args.json:
        print(json.dumps({"client_id": args.client_id, "deleted": deleted}))
    elif deleted:
        print(f"client {args.client_id} deleted")
    if not deleted:
        print(f"clients delete: no client {args.client_id}", file=sys.stderr)
    return 0 if deleted else 1
