"""Stage 2, model: the typed ``IntegrationSpec`` built from a parsed document."""

from generator.model.build import build_model
from generator.model.schema import IntegrationSpec

__all__ = ["IntegrationSpec", "build_model"]
