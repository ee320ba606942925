"""The authorization server: Authlib's protocol code (`server`, `grants`, `endpoints`), adapted to Starlette
(`adapter`), with the service's own tables, tokens{% if cookiecutter._intspec.view.jwt %}, signing keys{% endif %} and sign-in page."""
