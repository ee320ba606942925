{%- set routers = cookiecutter._intspec.contributions.routers -%}
"""Every router of the service, from each blueprint that adds one."""

from fastapi import APIRouter

{% for router in routers | sort(attribute="module") -%}
from {{ cookiecutter.package_name }}.{{ router.module }} import router as {{ router.module | replace(".", "_") | ident }}_router
{% endfor %}
api_router = APIRouter()
{% for router in routers -%}
api_router.include_router({{ router.module | replace(".", "_") | ident }}_router{% if router.tag %}, tags=[{{ router.tag | py }}]{% endif %})
{% endfor -%}
