{%- set models = cookiecutter._intspec.contributions.models -%}
{%- set ns = namespace(imports=[["core.db", "Base"]]) -%}
{%- for model in models %}{% for name in model.names %}{% set ns.imports = ns.imports + [[model.module, name]] %}{% endfor %}{% endfor -%}
"""The tables of the service. Importing this package registers every one on `Base.metadata`."""

{{ ns.imports | import_lines(cookiecutter.package_name) }}

__all__ = [
    "Base",
{%- for model in models %}{% for name in model.names %}
    {{ name | py }},
{%- endfor %}{% endfor %}
]
