{%- set extra = cookiecutter._intspec.contributions.api_dependencies -%}
{%- set ns = namespace(imports=[["core.config", "Settings"], ["core.db", "Database"], ["core.metrics", "Metrics"]]) -%}
{%- for dependency in extra %}{% set ns.imports = ns.imports + [[dependency.module, dependency.function], [dependency.module, dependency.type]] %}{% endfor -%}
"""Dependencies routes declare: the settings, a database session, the metrics registry{% if extra %}, and those of other blueprints{% endif %}.

The ones that only read the app's state are `async`: FastAPI runs a plain function dependency in its
thread pool, a hop that costs more than the attribute it would read.
"""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

{{ ns.imports | import_lines(cookiecutter.package_name) }}


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_database(request: Request) -> Database:
    database: Database = request.app.state.db
    return database


def get_session(database: Annotated[Database, Depends(get_database)]) -> Iterator[Session]:
    with database.session() as session:
        yield session


async def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SessionDep = Annotated[Session, Depends(get_session)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
{%- for dependency in extra %}
{{ dependency.name }} = Annotated[{{ dependency.type }}, Depends({{ dependency.function }})]
{%- endfor %}
