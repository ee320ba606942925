"""The authorization server: Authlib's protocol code (`server`, `grants`, `endpoints`), adapted to Starlette
(`adapter`), with the service's own tables, tokens and sign-in page."""
