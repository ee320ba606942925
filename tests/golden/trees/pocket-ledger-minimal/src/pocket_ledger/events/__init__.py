"""The events of Pocket Ledger: their catalog and payload models."""
