"""The pages of the authorization endpoint, rendered with Jinja2 (autoescaped) from `oauth/templates/`.
They load nothing from elsewhere, may not be framed, and are not cached."""

from dataclasses import dataclass

from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from {{ cookiecutter.package_name }}.core.scopes import SCOPES

templates = Environment(
    loader=PackageLoader("{{ cookiecutter.package_name }}", "oauth/templates"),
    autoescape=select_autoescape(["html"]),
    auto_reload=False,
)

PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


@dataclass(frozen=True)
class SignIn:
    """What the sign-in and consent page shows."""

    app_name: str
    client_name: str
    scopes: list[str]
    csrf_token: str
    email: str = ""
    error: str | None = None


def sign_in_page(page: SignIn, status_code: int = 200) -> HTMLResponse:
    scopes = [(scope, SCOPES.get(scope, "")) for scope in page.scopes]
    html = templates.get_template("authorize.html").render(page=page, scopes=scopes)
    return HTMLResponse(html, status_code=status_code, headers=PAGE_HEADERS)


def error_page(app_name: str, status_code: int, error: str, description: str) -> HTMLResponse:
    html = templates.get_template("error.html").render(app_name=app_name, error=error, description=description)
    return HTMLResponse(html, status_code=status_code, headers=PAGE_HEADERS)
