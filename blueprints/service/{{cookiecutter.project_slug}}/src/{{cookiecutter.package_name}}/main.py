{%- set contributions = cookiecutter._intspec.contributions -%}
{%- set ns = namespace(imports=[
    ["api.router", "api_router"], ["core.config", "Settings"], ["core.config", "get_settings"],
    ["core.db", "Database"], ["core.errors", "ErrorResponse"], ["core.errors", "install_error_handlers"],
    ["core.logging", "configure_logging"], ["core.metrics", "Metrics"], ["core.metrics", "MetricsMiddleware"],
    ["core.middleware", "RequestContextMiddleware"]]) -%}
{%- for task in contributions.lifespan %}
{%- set ns.imports = ns.imports + [[task.module, task.start]] + ([[task.module, task.stop]] if task.stop else []) %}
{%- endfor %}
{%- for middleware in contributions.middleware %}{% set ns.imports = ns.imports + [[middleware.module, middleware.class_name]] %}{% endfor %}
{%- for handler in contributions.exception_handlers %}
{%- set ns.imports = ns.imports + [[handler.module, handler.exception], [handler.module, handler.handler]] %}
{%- endfor -%}
"""The application: `create_app()` builds it; `app` is the instance `uvicorn {{ cookiecutter.package_name }}.main:app` serves."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute

from {{ cookiecutter.package_name }} import __version__
{{ ns.imports | import_lines(cookiecutter.package_name) }}


def operation_id(route: APIRoute) -> str:
    """A route's OpenAPI operationId: its function's name (FastAPI warns if two routes share one)."""
    return route.name


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_format)
    database = Database(settings.database_url)
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
{%- for task in contributions.lifespan %}
        await {{ task.start }}(app)  # {{ task.name }}, from the {{ task.blueprint }} blueprint
{%- endfor %}
{%- if contributions.lifespan %}
        try:
            yield
        finally:
{%- for task in contributions.lifespan | reverse if task.stop %}
            await {{ task.stop }}(app)
{%- endfor %}
            database.dispose()
{%- else %}
        yield
        database.dispose()
{%- endif %}

    app = FastAPI(
        title=settings.app_name,
        version=__version__,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        responses={"default": {"model": ErrorResponse, "description": "An error, in the spec's error format."}},
    )
    app.state.settings = settings
    app.state.db = database
    app.state.metrics = metrics
    install_error_handlers(app)
{%- for handler in contributions.exception_handlers %}
    app.add_exception_handler({{ handler.exception }}, {{ handler.handler }})
{%- endfor %}
{%- for middleware in contributions.middleware %}
    app.add_middleware({{ middleware.class_name }})  # {{ middleware.name }}, from the {{ middleware.blueprint }} blueprint
{%- endfor %}
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(RequestContextMiddleware)
    app.include_router(api_router)
    return app


app = create_app()
