"""The application: `create_app()` builds it; `app` is the instance `uvicorn pocket_ledger.main:app` serves."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute

from pocket_ledger import __version__
from pocket_ledger.api.router import api_router
from pocket_ledger.core.config import Settings, get_settings
from pocket_ledger.core.db import Database
from pocket_ledger.core.errors import ErrorResponse, install_error_handlers
from pocket_ledger.core.logging import configure_logging
from pocket_ledger.core.metrics import Metrics, MetricsMiddleware
from pocket_ledger.core.middleware import RequestContextMiddleware
from pocket_ledger.webhooks.metrics import start_metrics
from pocket_ledger.webhooks.worker import start_worker, stop_worker


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
        await start_worker(app)  # webhook_worker, from the webhooks blueprint
        await start_metrics(app)  # webhook_metrics, from the webhooks blueprint
        try:
            yield
        finally:
            await stop_worker(app)
            database.dispose()

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
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(RequestContextMiddleware)
    app.include_router(api_router)
    return app


app = create_app()
