{%- set sp = cookiecutter._intspec.view -%}
"""GET {{ sp.metadata_path | doc }}: this service's SAML 2.0 service-provider metadata, for identity providers to import."""

{% if sp.params %}from typing import Annotated

from fastapi import APIRouter, Path, Response
{%- else %}from fastapi import APIRouter, Response
{%- endif %}

from {{ cookiecutter.package_name }}.api.deps import SettingsDep
from {{ cookiecutter.package_name }}.saml.metadata import MEDIA_TYPE, METADATA_PATH, metadata_xml

router = APIRouter()


@router.get(
    METADATA_PATH,
    summary="SAML service-provider metadata",
    response_class=Response,
    responses={
        200: {"description": "The SP's EntityDescriptor.", "content": {MEDIA_TYPE: {"schema": {"type": "string"}}}}
    },
)
def saml_metadata(
    settings: SettingsDep,
{%- for name in sp.params %}
    {{ name | ident }}: Annotated[str, Path(min_length=1, max_length=200)],
{%- endfor %}
) -> Response:
    values: dict[str, str] = {{ '{' }}{% for name in sp.params %}{{ name | py }}: {{ name | ident }}{% if not loop.last %}, {% endif %}{% endfor %}{{ '}' }}
    return Response(metadata_xml(settings, values), media_type=MEDIA_TYPE)
