"""Settings, read from the environment and from `.env` (see `.env.example`)."""

from functools import lru_cache
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    app_name: str = "Pocket Ledger"  # pocket-ledger-minimal.md:1
    # A SQLite file by default; several API and worker processes share a PostgreSQL database instead:
    # DATABASE_URL=postgresql+psycopg://user:password@host:5432/dbname
    database_url: str = "sqlite:///./data/pocket_ledger.db"
    log_level: str = "INFO"
    log_format: Literal["json", "text"] = "json"
    # the authorization server's public URL, without a trailing slash: the issuer of its tokens and the base of the URLs its metadata lists
    oauth_issuer: str = "http://127.0.0.1:8000"
    # argon2id passes over memory when hashing a password (tests lower it)
    password_hash_time_cost: int = 3
    # argon2id memory per password hash, in KiB (64 MiB; tests lower it)
    password_hash_memory_kib: int = 65536
    # multiplies every retry delay (tests use e.g. 0.001)
    webhook_schedule_scale: float = 1.0
    # true allows loopback and private addresses as webhook URLs (development and tests only)
    webhook_allow_private_targets: bool = False
    # the API process delivers webhooks itself; false when separate `worker` processes do
    webhook_worker_in_process: bool = True
    # deliveries in flight at once in each worker
    webhook_worker_concurrency: int = 16
    # how long a claimed delivery stays a worker's; a worker that dies mid-delivery loses it to another after this (keep it above the delivery timeout)
    webhook_lease_seconds: float = 120.0
    # how often an idle worker looks for due deliveries (a read; it writes only when some are due)
    webhook_poll_seconds: float = 0.05
    # how long a rotated-out secret keeps signing beside the new one
    webhook_secret_grace_seconds: float = 86400.0
    # how long a receiver has to answer a delivery before the attempt counts as failed
    webhook_delivery_timeout_seconds: float = 30.0
    # failed attempts in a row after which an endpoint's admin is notified (0: never)
    webhook_notify_after_failures: int = 5
    # an endpoint failing without a success for this long is disabled (0: never)
    webhook_auto_disable_after_seconds: float = 432000.0


@lru_cache
def get_settings() -> Settings:
    return Settings()
