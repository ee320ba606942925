{%- set view = cookiecutter._intspec.view -%}
{%- set ns = namespace(names=[]) -%}
"""The scopes a credential can carry: the spec's OAuth scopes, then those other blueprints' routes need."""

SCOPES: dict[str, str] = {
{%- for scope in view.scopes %}
{%- set ns.names = ns.names + [scope.name] %}
    {{ scope.name | py }}: {{ scope.description | py }},{% if scope.line %}  # {{ cookiecutter._intspec.spec_file | comment }}:{{ scope.line }}{% endif %}
{%- endfor %}
{%- for scope in cookiecutter._intspec.contributions.scopes if scope.name not in ns.names %}
    {{ scope.name | py }}: {{ scope.description | py }},  # from the {{ scope.blueprint }} blueprint
{%- endfor %}
}


def unknown_scopes(scopes: list[str]) -> list[str]:
    """The scopes of ``scopes`` that the catalog does not have, in the order given."""
    return [scope for scope in scopes if scope not in SCOPES]
