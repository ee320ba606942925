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


@lru_cache
def get_settings() -> Settings:
    return Settings()
