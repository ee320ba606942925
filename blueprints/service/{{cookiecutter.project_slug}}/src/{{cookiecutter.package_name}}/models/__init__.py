{%- set models = cookiecutter._intspec.contributions.models -%}
{%- set ns = namespace(imports=[["core.db", "Base"]]) -%}
{%- for model in models %}{% for name in model.names %}{% set ns.imports = ns.imports + [[model.module, name]] %}{% endfor %}{% endfor -%}
"""The tables of the service. Importing this package registers every one on `Base.metadata`."""

{{ ns.imports | import_lines(cookiecutter.package_name) }}

{%- set exported = namespace(names=["Base"]) %}
{%- for model in models %}{% set exported.names = exported.names + model.names %}{% endfor %}

__all__ = [
{%- for name in exported.names | sort(case_sensitive=True) %}
    {{ name | py }},
{%- endfor %}
]
