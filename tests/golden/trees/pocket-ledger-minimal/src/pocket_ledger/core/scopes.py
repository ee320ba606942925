"""The scopes a credential can carry: the spec's OAuth scopes, then those other blueprints' routes need."""

SCOPES: dict[str, str] = {
    "read:ledger": "Accounts, entries and balances",  # pocket-ledger-minimal.md:40
    "write:ledger": "Create and reverse journal entries",  # pocket-ledger-minimal.md:41
    "close:period": "Close and reopen accounting periods",  # pocket-ledger-minimal.md:42
    "webhook:manage": "Webhook configuration",  # pocket-ledger-minimal.md:43
}


def unknown_scopes(scopes: list[str]) -> list[str]:
    """The scopes of ``scopes`` that the catalog does not have, in the order given."""
    return [scope for scope in scopes if scope not in SCOPES]
