"""The ``mappings`` health check: informational, it never fails. Its detail names the functions of
``custom`` still to write."""

from {{ cookiecutter.package_name }}.mappings import custom
from {{ cookiecutter.package_name }}.mappings.pending import NOT_WRITTEN


def check_mappings() -> str | None:
    if not NOT_WRITTEN:
        return None
    return f"not yet written in {custom.__name__}: {', '.join(NOT_WRITTEN)}"
