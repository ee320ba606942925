"""Dependencies routes declare: the settings, a database session, the metrics registry, and those of other blueprints.

The ones that only read the app's state are `async`: FastAPI runs a plain function dependency in its
thread pool, a hop that costs more than the attribute it would read.
"""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from pocket_ledger.api.auth import Principal, current_principal
from pocket_ledger.core.config import Settings
from pocket_ledger.core.db import Database
from pocket_ledger.core.metrics import Metrics


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
PrincipalDep = Annotated[Principal, Depends(current_principal)]
