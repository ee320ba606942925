{%- set models = cookiecutter._intspec.contributions.models -%}
"""The tables of the service. Importing this package registers every one on `Base.metadata`."""

from {{ cookiecutter.package_name }}.core.db import Base
{%- for model in models | sort(attribute="module") %}
from {{ cookiecutter.package_name }}.{{ model.module }} import {{ model.names | join(", ") }}
{%- endfor %}

{%- set ns = namespace(names=["Base"]) %}
{%- for model in models %}{% set ns.names = ns.names + model.names %}{% endfor %}

__all__ = [
{%- for name in ns.names | sort(case_sensitive=True) %}
    {{ name | py }},
{%- endfor %}
]
