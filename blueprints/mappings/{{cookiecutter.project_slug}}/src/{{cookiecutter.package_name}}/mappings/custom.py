{%- set table = cookiecutter._intspec.spec.field_mappings | field_maps -%}
"""Your code for the field mappings: the transforms the spec describes in words intspec does not know,
the lookups that need your data, and the enum maps whose values the spec does not list.

Each function is called with the field's value and returns the value to send to Salesforce. Until you
write one it passes the value through, and ``@not_written`` lists it in ``GET /health``; remove the
decorator when you write it.{% if not table.custom %} The spec leaves nothing to write: add your own
transforms here.{% endif %}
"""
{%- if table.custom %}

from typing import Any

from {{ cookiecutter.package_name }}.mappings.pending import not_written
{%- for entry in table.custom %}


@not_written
def {{ entry.function | ident }}(value: Any) -> Any:
{%- if entry.kind == "lookup" %}
    """Look up {{ entry.source | doc }} for {{ entry.target | doc }}: "{{ entry.text | doc }}" ({{ entry.path | spec_ref | doc }}).

    Return the Salesforce value{% if entry.step.params.by %} found by {{ entry.step.params.by | doc }}{% endif %}{% if entry.step.params.object %} ({{ entry.step.params.object | doc }} record){% endif %}.
    """
{%- elif entry.kind == "map" %}
    """Map {{ entry.source | doc }} to the picklist values of {{ entry.target | doc }}: "{{ entry.text | doc }}" ({{ entry.path | spec_ref | doc }}).

    The spec does not list the pairs; return the Salesforce value for each of ours.
    """
{%- else %}
    """Transform {{ entry.source | doc }} for {{ entry.target | doc }}: "{{ entry.text | doc }}" ({{ entry.path | spec_ref | doc }})."""
{%- endif %}
    return value
{%- endfor %}
{%- endif %}
