{%- set providers = cookiecutter._intspec.view.providers -%}
"""The identity providers the spec lists{% if "identity_providers.0" | spec_ref %} ({{ "identity_providers.0" | spec_ref | doc }}){% endif %}, each with the settings it needs.

Sign-in through them is not built yet: configure each provider's settings now (`missing()` says which are
still unset); the SAML and OpenID Connect flows that use them come later.
"""

from dataclasses import dataclass

from {{ cookiecutter.package_name }}.core.config import Settings


@dataclass(frozen=True)
class IdentityProvider:
    name: str
    protocol: str
    configuration: str
    settings: tuple[str, ...]

    def missing(self, settings: Settings) -> list[str]:
        """The environment variables of this provider that are still unset."""
        return [name.upper() for name in self.settings if not getattr(settings, name)]


IDENTITY_PROVIDERS: tuple[IdentityProvider, ...] = (
{%- for provider in providers %}
    IdentityProvider(  {% if ("identity_providers." ~ loop.index0) | spec_ref %}# {{ ("identity_providers." ~ loop.index0) | spec_ref }}{% endif %}
        name={{ provider.name | py }},
        protocol={{ provider.protocol | py }},
        configuration={{ provider.configuration | py }},
{%- set names = provider.settings | map(attribute=0) | list %}
{%- set one_line = "        settings=(" ~ (names | map("py") | join(", ")) ~ ("," if names | length == 1 else "") ~ ")," %}
{%- if one_line | length <= 120 %}
{{ one_line }}
{%- else %}
        settings=(
{%- for name in names %}
            {{ name | py }},
{%- endfor %}
        ),
{%- endif %}
    ),
{%- endfor %}
)
