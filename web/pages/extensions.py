"""Sessions, CSRF, languages, login rate limits and security headers for the HTML pages."""

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from flask import Flask, Response, request, session
from flask.globals import request_ctx
from flask.sessions import SecureCookieSessionInterface
from flask_babel import Babel
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from domain.status_words import LANGUAGES

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(get_remote_address, default_limits=[], storage_uri="memory://")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


PUBLIC_PREFIX = "/public"
API_PREFIX = "/api/"


def chosen_language() -> str:
    """Pages: the language chosen (`?lang=`, remembered in the session), else the browser's
    (`Accept-Language`), else Swedish. The API: that of `Accept-Language`, else English, so
    a program that asks for no language reads what it always has. The public site remembers
    nothing: `?lang=`, else the browser's, else Swedish."""
    if not is_page_request():
        return request.accept_languages.best_match(LANGUAGES) or "en"
    if is_public_request():
        return public_language()
    wanted = request.args.get("lang")
    if wanted in LANGUAGES:
        session["lang"] = wanted
    language: str = session.get("lang") or request.accept_languages.best_match(LANGUAGES) or "sv"
    return language


def is_page_request() -> bool:
    """Pages are for people; the API and /healthz for programs."""
    return not (request.path.startswith(API_PREFIX) or request.path == "/healthz")


def is_public_request() -> bool:
    """The public site: the same for everyone, so no session is read or written there."""
    return request.path == PUBLIC_PREFIX or request.path.startswith(PUBLIC_PREFIX + "/")


def public_language() -> str:
    wanted = request.args.get("lang")
    if wanted is not None and wanted in LANGUAGES:
        return wanted
    return _browser_language(request.headers.get("Accept-Language", ""))


@lru_cache(maxsize=256)
def _browser_language(header: str) -> str:
    """The browser's language, else Swedish; browsers send few distinct headers, and parsing
    one costs a public page served from memory a fifth of its time."""
    return parse_accept_header(header, LanguageAccept).best_match(LANGUAGES) or "sv"


class SessionsOnlyWhereUsed(SecureCookieSessionInterface):
    """A public page is shared by every reader and by caches between them: it neither reads
    the session cookie nor sends one. Nor does an API request that names its caller by bearer
    token: the token, never the cookie, decides who it is (`web.auth.authenticate`), so
    decoding, signing and sending a cookie was work for nothing on every API write. Flask
    then gives the request a session that holds nothing and is never saved."""

    def open_session(self, app: Flask, request: Any) -> Any:
        path = request.path
        if path == PUBLIC_PREFIX or path.startswith(PUBLIC_PREFIX + "/"):
            return None
        if path.startswith(API_PREFIX) and "Authorization" in request.headers:
            return None
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    app.session_interface = SessionsOnlyWhereUsed()
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    if app.config.get("SESSION_COOKIE_SAMESITE") is None:  # Flask's default; setdefault keeps it
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "sv")
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/Stockholm")
    login_manager.init_app(app)
    login_manager.login_view = "pages_auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.localize_callback = str  # the message in the language of the request
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    babel.init_app(app, locale_selector=chosen_language)
    hooks_before = limiter_hooks(app)
    limiter.init_app(app)
    skip_the_limit_check_of_every_request(app)
    run_the_limiters_later_hooks_only_where_a_limit_was_checked(app, hooks_before)
    app.after_request(security_headers)


def skip_the_limit_check_of_every_request(app: Flask) -> None:
    """Only sign-in is limited, and its decorator checks its limit itself.

    Flask-Limiter also checks before every request for app-wide limits, of which there are
    none; that check costs an API write about 6 %. If a later Flask-Limiter names it
    otherwise, it stays (and costs what it costs); the sign-in test shows the limit holds.
    """
    check = getattr(limiter, "_check_request_limit", None)
    before = app.before_request_funcs.get(None, [])
    if check in before:
        before.remove(check)


# Where Flask-Limiter keeps what the limit checks of a request found (made by the first check).
LIMITER_STATE = "_limiter_request_context"
Hooks = tuple[list[Any], list[Any]]


def limiter_hooks(app: Flask) -> Hooks:
    """The app's after-request and teardown hooks as they are now."""
    return (list(app.after_request_funcs.get(None, [])),
            list(app.teardown_request_funcs.get(None, [])))


def a_limit_was_checked() -> bool:
    return LIMITER_STATE in vars(request_ctx)


def run_the_limiters_later_hooks_only_where_a_limit_was_checked(app: Flask,
                                                                  before: Hooks) -> None:
    """Flask-Limiter's after-request hook (deductions that depend on the response, rate-limit
    headers) and its teardown (dropping its state of the request) have work only where a limit
    was checked, and they read the state that check made; yet they ran on every request, 2.5 %
    of an API write. They now run where that state exists: on the limited sign-in pages."""
    after, teardown = limiter_hooks(app)
    app.after_request_funcs[None] = [
        hook if hook in before[0] else _after_a_limit_check(hook) for hook in after]
    app.teardown_request_funcs[None] = [
        hook if hook in before[1] else _teardown_after_a_limit_check(hook) for hook in teardown]


def _after_a_limit_check(hook: Callable[[Response], Response]) -> Callable[[Response], Response]:
    def after_request(response: Response) -> Response:
        return hook(response) if a_limit_was_checked() else response
    return after_request


def _teardown_after_a_limit_check(
        hook: Callable[[BaseException | None], None]) -> Callable[[BaseException | None], None]:
    def teardown_request(error: BaseException | None = None) -> None:
        if a_limit_was_checked():
            hook(error)
    return teardown_request


SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)


_SECURITY_HEADER_NAMES = frozenset(name.lower() for name, _ in SECURITY_HEADERS)


def security_headers(response: Response) -> Response:
    """Each security header the response has not set itself. One pass over its headers, not
    a `setdefault` each: every `setdefault` searched them twice, a percent of an API write."""
    headers = response.headers
    present = {name.lower() for name, _ in headers.items()} & _SECURITY_HEADER_NAMES
    for name, value in SECURITY_HEADERS:
        if name.lower() not in present:
            headers.add(name, value)
    return response


