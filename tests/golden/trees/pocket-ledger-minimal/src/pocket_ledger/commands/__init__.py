"""Subcommands of `python -m pocket_ledger` that blueprints add (see cli.py)."""
