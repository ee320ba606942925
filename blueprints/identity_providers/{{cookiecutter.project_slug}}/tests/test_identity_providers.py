"""Every identity provider's settings are read from the environment."""

import pytest

from {{ cookiecutter.package_name }}.core.config import Settings
from {{ cookiecutter.package_name }}.identity.providers import IDENTITY_PROVIDERS, IdentityProvider


@pytest.mark.parametrize("provider", IDENTITY_PROVIDERS, ids=[provider.name for provider in IDENTITY_PROVIDERS])
def test_each_setting_is_read_from_its_environment_variable(
    provider: IdentityProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert provider.missing(Settings(_env_file=None)) == [name.upper() for name in provider.settings]
    for name in provider.settings:
        monkeypatch.setenv(name.upper(), f"value-of-{name}")
    settings = Settings(_env_file=None)
    assert [getattr(settings, name) for name in provider.settings] == [f"value-of-{name}" for name in provider.settings]
    assert provider.missing(settings) == []
