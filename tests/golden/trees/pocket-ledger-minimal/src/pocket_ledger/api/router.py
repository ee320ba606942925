"""Every router of the service, from each blueprint that adds one."""

from fastapi import APIRouter

from pocket_ledger.api.routes.dashboard import router as api_routes_dashboard_router
from pocket_ledger.api.routes.emit import router as api_routes_emit_router
from pocket_ledger.api.routes.events import router as api_routes_events_router
from pocket_ledger.api.routes.health import router as api_routes_health_router
from pocket_ledger.api.routes.metrics import router as api_routes_metrics_router
from pocket_ledger.api.routes.oauth import router as api_routes_oauth_router
from pocket_ledger.api.routes.webhook_ops import router as api_routes_webhook_ops_router
from pocket_ledger.api.routes.webhooks import router as api_routes_webhooks_router

api_router = APIRouter()
api_router.include_router(api_routes_health_router, tags=["health"])
api_router.include_router(api_routes_metrics_router, tags=["metrics"])
api_router.include_router(api_routes_events_router, tags=["events"])
api_router.include_router(api_routes_oauth_router, tags=["oauth"])
api_router.include_router(api_routes_webhooks_router, tags=["webhooks"])
api_router.include_router(api_routes_emit_router, tags=["events"])
api_router.include_router(api_routes_webhook_ops_router, tags=["webhooks"])
api_router.include_router(api_routes_dashboard_router, tags=["dashboard"])
