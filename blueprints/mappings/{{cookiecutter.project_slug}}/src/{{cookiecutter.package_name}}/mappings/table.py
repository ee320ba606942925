{%- set table = cookiecutter._intspec.spec.field_mappings | field_maps -%}
{%- macro call(step) -%}
{%- if step.params -%}
partial({{ step.module | ident }}.{{ step.function | ident }}
{%- for name, value in step.params.items() %}, {{ name | ident }}={{ value | py }}{% endfor %})
{%- else -%}
{{ step.module | ident }}.{{ step.function | ident }}
{%- endif -%}
{%- endmacro -%}
"""The Salesforce field mappings of {{ cookiecutter._intspec.spec_file | doc }}, compiled: each row's source and target
field, and its transform as steps with the spec's parameters. Regenerate with intspec to change them."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
{%- if table.uses_partial %}
from functools import partial
{%- endif %}
from typing import Any, Literal

from {{ cookiecutter.package_name }}.mappings import {% if table.uses_custom %}custom, {% endif %}transforms

Step = Callable[[Any], Any]
Direction = Literal["to_salesforce", "from_salesforce", "both"]


@dataclass(frozen=True)
class FieldMap:
    source: str
    target: str
    steps: tuple[Step, ...] = ()
    direction: Direction | None = None

    def convert(self, value: Any) -> Any:
        for step in self.steps:
            value = step(value)
        return value


FIELD_MAPS: tuple[FieldMap, ...] = (
{%- for row in table.rows %}
    # {{ row.path | spec_ref }}: {{ row.text | comment if row.text else "(no transform)" }}
    FieldMap(
        {{ row.source | py }},
        {{ row.target | py }},
        ({% for step in row.steps %}{{ call(step) }}{{ "," if loop.length == 1 else "" if loop.last else ", " }}{% endfor %}),
{%- if row.direction %}
        direction={{ row.direction | py }},
{%- endif %}
    ),
{%- endfor %}
)


def map_record(record: Mapping[str, Any], direction: Direction = "to_salesforce") -> dict[str, Any]:
    """The Salesforce fields for ``record`` (our fields by dotted path: ``{"account": {"name": ...}}``),
    from the rows that go in ``direction`` (rows without one go both ways). Absent fields are left out."""
    fields: dict[str, Any] = {}
    for field_map in FIELD_MAPS:
        if field_map.direction not in (None, "both", direction):
            continue
        found, value = lookup_path(record, field_map.source)
        if found:
            fields[field_map.target] = field_map.convert(value)
    return fields


def lookup_path(record: Mapping[str, Any], path: str) -> tuple[bool, Any]:
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return False, None
        value = value[part]
    return True, value
