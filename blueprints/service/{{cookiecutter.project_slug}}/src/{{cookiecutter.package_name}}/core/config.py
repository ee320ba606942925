{%- set intspec = cookiecutter._intspec -%}
"""Settings, read from the environment and from `.env` (see `.env.example`)."""

from functools import lru_cache
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    app_name: str = {{ cookiecutter.project_name | py }}{% if "app.name" | spec_ref %}  # {{ "app.name" | spec_ref }}{% endif %}
    # A SQLite file by default; several API and worker processes share a PostgreSQL database instead:
    # DATABASE_URL=postgresql+psycopg://user:password@host:5432/dbname
    database_url: str = "sqlite:///./data/{{ cookiecutter.package_name }}.db"
    log_level: str = "INFO"
    log_format: Literal["json", "text"] = "json"
{%- for setting in intspec.contributions.settings %}
{%- if setting.description %}
    # {{ setting.description | comment }}
{%- endif %}
    {{ setting.name | ident }}: {{ setting.type }} = {{ setting.default | py }}{% if setting.spec and (setting.spec | spec_ref) %}  # {{ setting.spec | spec_ref }}{% endif %}
{%- endfor %}


@lru_cache
def get_settings() -> Settings:
    return Settings()
