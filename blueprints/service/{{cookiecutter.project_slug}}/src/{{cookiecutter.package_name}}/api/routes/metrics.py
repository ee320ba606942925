"""GET /metrics: Prometheus text exposition of the app's registry."""

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from {{ cookiecutter.package_name }}.api.deps import MetricsDep

router = APIRouter()


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
def metrics(metrics: MetricsDep) -> Response:
    return Response(content=generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)
