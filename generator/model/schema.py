"""The typed model of an Integration Specifications document: ``IntegrationSpec``.

Every field maps to a part of the prompt's template. Durations are seconds (numbers). Sections a document
does not have, or marks "Not applicable", are ``None`` (whole capabilities) or empty. ``sources`` maps a
dotted path (list items by index: ``webhooks.events.3.name``) to the document line the value came from;
``defaults`` lists the dotted paths that took the template's default because the document left them out.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MODEL_VERSION = 1

Outline = dict[str, list[str]]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class App(Strict):
    name: str
    slug: str
    package: str
    overview: str = ""
    api_base_url: str | None = None
    integration_types: list[str] = Field(default_factory=list)


class Pattern(Strict):
    name: str
    description: str = ""


class Architecture(Strict):
    diagram: str | None = None
    patterns: list[Pattern] = Field(default_factory=list)


class Scope(Strict):
    name: str
    description: str = ""


class OAuthEndpoints(Strict):
    authorize: str = "/oauth/authorize"
    token: str = "/oauth/token"
    revoke: str = "/oauth/revoke"
    introspect: str = "/oauth/introspect"


class TokenLifetimes(Strict):
    access_token_seconds: float = 3600
    refresh_token_seconds: float | None = 30 * 86400
    refresh_rotation: bool = False
    access_token_format: str | None = None
    access_token_algorithm: Literal["RS256", "ES256"] | None = None
    access_token_audience: str | None = None


class OAuth(Strict):
    flows: list[str] = Field(default_factory=list)
    flow_notes: dict[str, str] = Field(default_factory=dict)
    endpoints: OAuthEndpoints = Field(default_factory=OAuthEndpoints)
    issuer: str | None = None
    scopes: list[Scope] = Field(default_factory=list)
    tokens: TokenLifetimes = Field(default_factory=TokenLifetimes)
    policies: list[str] = Field(default_factory=list)


class Saml(Strict):
    entity_id: str | None = None
    acs_url: str | None = None
    acs_binding: str | None = None
    slo_url: str | None = None
    slo_binding: str | None = None
    name_id_format: str | None = None
    want_assertions_signed: bool = False
    authn_requests_signed: bool = False
    notes: list[str] = Field(default_factory=list)
    metadata_xml: str = ""


class IdentityProvider(Strict):
    provider: str
    protocol: str = ""
    configuration: str = ""
    extra: dict[str, str] = Field(default_factory=dict)


class ApiRequest(Strict):
    """A request a document shows (``POST /path`` and its body)."""

    name: str = ""
    method: str
    path: str
    body: dict[str, Any] = Field(default_factory=dict)


class Stripe(Strict):
    payment_intent_path: str = "/api/v1/payments/intent"
    payment_intent_path_example: str | None = None
    payment_intent_method: str = "POST"
    currency: str = "usd"
    payment_method_types: list[str] = Field(default_factory=lambda: ["card"])
    capture_method: str = "automatic"
    metadata_keys: list[str] = Field(default_factory=list)
    request_example: dict[str, Any] = Field(default_factory=dict)
    requests: list[ApiRequest] = Field(default_factory=list)
    events_handled: list[str] = Field(default_factory=list)
    event_notes: dict[str, str] = Field(default_factory=dict)
    webhook_path: str = "/webhooks/stripe"
    connect: bool = False
    notes: list[str] = Field(default_factory=list)


class RateLimit(Strict):
    name: str = ""
    text: str
    count: float | None = None
    per_seconds: float | None = None


class SendGrid(Strict):
    from_email: str = "noreply@example.com"
    templates: dict[str, str] = Field(default_factory=dict)
    rate_limits: list[RateLimit] = Field(default_factory=list)
    api_key_env: str = "SENDGRID_API_KEY"
    settings: dict[str, str] = Field(default_factory=dict)
    rules: Outline = Field(default_factory=dict)


class Twilio(Strict):
    account_sid: str | None = None
    messaging_service_sid: str | None = None
    phone_numbers: dict[str, Any] = Field(default_factory=dict)
    templates: dict[str, str] = Field(default_factory=dict)
    inbound_keywords: dict[str, str] = Field(default_factory=dict)
    status_handling: list[dict[str, str]] = Field(default_factory=list)
    config: dict[str, Any] = Field(default_factory=dict)


class Bucket(Strict):
    name: str
    description: str = ""
    ttl_seconds: float | None = None


class Storage(Strict):
    buckets: list[Bucket] = Field(default_factory=list)
    settings: Outline = Field(default_factory=dict)


class Analytics(Strict):
    event_example: dict[str, Any] = Field(default_factory=dict)
    platforms: list[str] = Field(default_factory=list)


class WebhookEvent(Strict):
    name: str
    description: str = ""
    payload_schema: dict[str, Any] | None = None
    payload_schema_source: Literal["document", "example", "fields"] | None = None
    payload_example: dict[str, Any] | None = None
    schema_ref: str | None = None
    columns: dict[str, str] = Field(default_factory=dict)


class RetryPolicy(Strict):
    initial_delay_seconds: float = 30
    max_attempts: int = 5
    backoff: Literal["exponential", "linear", "fixed"] = "exponential"
    max_delay_seconds: float = 6 * 3600
    jitter: float | None = None
    schedule_seconds: list[float] = Field(default_factory=list)


class FailureHandling(Strict):
    store_failed: bool = True
    retention_seconds: float | None = None
    notify_after_failures: int | None = 3
    manual_retry: bool = True
    dashboard: bool = True
    auto_disable_after_seconds: float | None = None
    notes: list[str] = Field(default_factory=list)


class Signature(Strict):
    header: str = "X-Webhook-Signature"
    algorithm: Literal["hmac-sha256", "hmac-sha1", "hmac-sha512"] = "hmac-sha256"
    encoding: Literal["hex", "base64"] = "hex"
    signed_content: Literal["body", "timestamp.body"] = "body"
    format: Literal["plain", "t=timestamp,v1=signature", "sha256=signature"] = "plain"
    timestamp_tolerance_seconds: float | None = None
    extra_headers: list[str] = Field(default_factory=list)
    example: str = ""


class Webhooks(Strict):
    config_example: dict[str, Any] = Field(default_factory=dict)
    events: list[WebhookEvent] = Field(default_factory=list)
    retry: RetryPolicy = Field(default_factory=RetryPolicy)
    failure: FailureHandling = Field(default_factory=FailureHandling)
    signature: Signature = Field(default_factory=Signature)
    architecture: str | None = None
    delivery_timeout_seconds: float | None = None
    ordering: list[str] = Field(default_factory=list)


class ImportFormat(Strict):
    format: str
    title: str = ""
    columns: list[str] = Field(default_factory=list)
    example: Any = None


class DataTransfer(Strict):
    imports: list[ImportFormat] = Field(default_factory=list)
    export: Outline = Field(default_factory=dict)
    bulk_operations: list[ApiRequest] = Field(default_factory=list)


class TransformStep(Strict):
    """One step of a field mapping's transform, with the parameters read from the cell
    (``generator.model.transforms`` is the vocabulary)."""

    name: str
    params: dict[str, Any] = Field(default_factory=dict)


class CustomFunction(Strict):
    """A function the generated project leaves for the user to write, for one field mapping: an unknown
    transform (``transform``), a lookup (``lookup``) or an enum map without pairs (``map``)."""

    function: str
    kind: Literal["transform", "lookup", "map"]
    line: int


class FieldMapping(Strict):
    source: str
    target: str
    transform: str = "direct"
    transform_text: str = ""
    steps: list[TransformStep] = Field(default_factory=list)
    custom: CustomFunction | None = None
    enum_map: dict[str, str] | None = None
    direction: Literal["to_salesforce", "from_salesforce", "both"] | None = None


class SalesforceSync(Strict):
    direction: Literal["bidirectional", "to_salesforce", "from_salesforce"] = "bidirectional"
    direction_text: str = ""
    frequency_seconds: float = 900
    conflict_resolution: str = "last_write_wins"
    conflict_resolution_text: str = ""
    notes: list[str] = Field(default_factory=list)


class Salesforce(Strict):
    api_version: str = "v59.0"
    auth: str = "jwt_bearer"
    auth_text: str = ""
    instance_url: str | None = None
    sync: SalesforceSync = Field(default_factory=SalesforceSync)
    field_mappings: list[FieldMapping] = Field(default_factory=list)
    upsert_key: str | None = None
    sync_logic: str = ""


class Connectors(Strict):
    stripe: Stripe | None = None
    sendgrid: SendGrid | None = None
    twilio: Twilio | None = None
    salesforce: Salesforce | None = None


class Calendars(Strict):
    google: dict[str, Any] | None = None
    outlook: Outline | None = None


class Accounting(Strict):
    providers: dict[str, Outline] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)


class SdkFeature(Strict):
    feature: str
    support: dict[str, bool] = Field(default_factory=dict)


class Sdks(Strict):
    languages: list[str] = Field(default_factory=list)
    layout: str = ""
    example: str = ""
    features: list[SdkFeature] = Field(default_factory=list)


class Testing(Strict):
    scenarios: Outline = Field(default_factory=dict)
    mock_services: dict[str, Any] | None = None


class Monitoring(Strict):
    health_checks: list[str] = Field(default_factory=list)
    metrics: list[str] = Field(default_factory=list)


class RetryStrategy(Strict):
    error_type: str
    strategy: str
    max_attempts: int | None = None
    status_codes: list[int] = Field(default_factory=list)


class CircuitBreaker(Strict):
    failure_threshold: int = 5
    reset_timeout_seconds: float = 60


class Errors(Strict):
    format: dict[str, Any] = Field(default_factory=dict)
    retry_strategies: list[RetryStrategy] = Field(default_factory=list)
    circuit_breaker: CircuitBreaker = Field(default_factory=CircuitBreaker)


class Documentation(Strict):
    structure: str = ""
    interactive: list[str] = Field(default_factory=list)


class Security(Strict):
    authentication: list[str] = Field(default_factory=list)
    authorization: list[str] = Field(default_factory=list)
    rate_limits: list[RateLimit] = Field(default_factory=list)
    encryption: list[str] = Field(default_factory=list)
    other: Outline = Field(default_factory=dict)


class Step(Strict):
    name: str
    description: str = ""


class Migration(Strict):
    tool_example: str = ""
    guides: list[Step] = Field(default_factory=list)


class Clarification(Strict):
    title: str = ""
    text: str


class RawSection(Strict):
    """A section intspec does not model, kept as written."""

    heading: list[str]
    line: int
    text: str


class NotApplicable(Strict):
    section: str
    heading: str
    line: int


class DiagnosticOut(Strict):
    line: int
    severity: Literal["error", "warning"]
    code: str
    message: str


class IntegrationSpec(Strict):
    model_version: int = MODEL_VERSION
    app: App
    architecture: Architecture = Field(default_factory=Architecture)
    oauth: OAuth | None = None
    saml: Saml | None = None
    identity_providers: list[IdentityProvider] = Field(default_factory=list)
    connectors: Connectors = Field(default_factory=Connectors)
    payment_flow: str | None = None
    storage: Storage | None = None
    analytics: Analytics | None = None
    webhooks: Webhooks | None = None
    data_transfer: DataTransfer | None = None
    calendars: Calendars | None = None
    accounting: Accounting | None = None
    sdks: Sdks | None = None
    testing: Testing | None = None
    monitoring: Monitoring | None = None
    errors: Errors = Field(default_factory=Errors)
    documentation: Documentation | None = None
    security: Security | None = None
    privacy: Outline | None = None
    marketplace: Outline | None = None
    partner_access: Outline | None = None
    migration: Migration | None = None
    clarifications: list[Clarification] = Field(default_factory=list)
    api_spec: dict[str, Any] | None = None
    extra_sections: list[RawSection] = Field(default_factory=list)
    not_applicable: list[NotApplicable] = Field(default_factory=list)
    diagnostics: list[DiagnosticOut] = Field(default_factory=list)
    defaults: list[str] = Field(default_factory=list)
    sources: dict[str, int] = Field(default_factory=dict)
