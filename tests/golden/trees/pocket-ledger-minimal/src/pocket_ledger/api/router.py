"""Every router of the service, from each blueprint that adds one."""

from fastapi import APIRouter

from pocket_ledger.api.routes.events import router as events_router
from pocket_ledger.api.routes.health import router as health_router
from pocket_ledger.api.routes.metrics import router as metrics_router

api_router = APIRouter()
api_router.include_router(health_router)
api_router.include_router(metrics_router)
api_router.include_router(events_router)
