{%- set overrides = cookiecutter._intspec.contributions.test_settings -%}
"""Settings every test runs with unless it sets its own{% if overrides %}, each with the blueprint that needs it{% endif %}."""

from typing import Any

TEST_SETTINGS: dict[str, Any] = {
{%- for item in overrides %}
    {{ item.name | py }}: {{ item.value | py }},  # {{ item.blueprint }}: {{ item.why | comment }}
{%- endfor %}
}
