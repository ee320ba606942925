"""Outside identity providers users may sign in with (the spec's Supported Identity Providers)."""
