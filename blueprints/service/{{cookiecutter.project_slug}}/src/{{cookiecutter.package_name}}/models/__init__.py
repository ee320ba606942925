{%- set models = cookiecutter._intspec.contributions.models -%}
"""The tables of the service. Importing this package registers every one on `Base.metadata`."""

from {{ cookiecutter.package_name }}.core.db import Base
{%- for model in models | sort(attribute="module") %}
from {{ cookiecutter.package_name }}.{{ model.module }} import {{ model.names | join(", ") }}
{%- endfor %}

__all__ = [
    "Base",
{%- for model in models %}{% for name in model.names %}
    {{ name | py }},
{%- endfor %}{% endfor %}
]
