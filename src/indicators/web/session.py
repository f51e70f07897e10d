"""Who is using this session: login and logout state, idle expiry, role checks, optional SSO.

A password login lasts beyond this Streamlit session: it is a server-side record (auth/sessions.py) whose token the
browser keeps in an HTTP-only cookie (web/cookie.py, web/session_cookie.py); a reload or a new tab resumes it.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import streamlit as st

from .. import actions, auth, settings, staging
from ..actions import Actor
from ..auth import sessions, sso
from ..errors import UserError
from . import session_cookie
from .data import connection, while_unchanged
from .lang import current_lang, tr
from .nav import PAGES, allowed
from .safety_data import demo_in_use
from .widgets import show_error

# "user" and "role" are the keys other pages and tests already use; the role is re-read from the database each run.
USER, ROLE, SEEN, NOTICE, FAILURE = "user", "role", "auth_last_seen", "auth_notice", "auth_failure"
SID, RESUMED, AFTER_LOGIN = "auth_session_id", "auth_cookie_tried", "auth_after_login"
ANONYMOUS = auth.ANONYMOUS


def current_user() -> str | None:
    """Logged-in user name, or None."""
    return st.session_state.get(USER)


def public_view() -> bool:
    """Whether dashboards are open without login (setting `public_view`)."""
    return bool(settings.get("public_view"))


def current_role() -> str:
    """Role of this session: the user's, else viewer when public viewing is on, else anonymous."""
    if current_user():
        return st.session_state.get(ROLE) or ANONYMOUS
    return "viewer" if public_view() else ANONYMOUS


def _set(name: str, role: str, sid: str | None = None) -> None:
    st.session_state[USER], st.session_state[ROLE], st.session_state[SEEN] = name, role, time.time()
    if sid:
        st.session_state[SID] = sid


def _clear() -> None:
    for key in (USER, ROLE, SEEN, SID, session_cookie.TICKET):
        st.session_state.pop(key, None)


def idle_seconds() -> float:
    """The idle timeout in seconds (0: none)."""
    return float(settings.get("session_idle_minutes")) * 60


def _source() -> str | None:
    """Where this session's requests come from (the client address; None when Streamlit cannot tell)."""
    return getattr(st.context, "ip_address", None)     # None outside a server (AppTest): throttle by name only


def login(name: str, password: str) -> auth.LoginResult:
    """Check the password (audited); on success this session belongs to the user."""
    con = connection()
    result = auth.authenticate(con, name, password, source=_source())
    if result.ok:
        started = sessions.start(con, result.name)
        _set(result.name, result.role, started.id)
        st.session_state[session_cookie.TICKET] = (started.ticket, time.time())
        staging.sweep(sessions.live_ids(con, idle_seconds()))     # uploads left by sessions that have ended
    return result


def login_from_form(name_key: str, password_key: str) -> None:
    """Form callback (runs before the script, so the navigation already shows the user's pages).

    The typed password is removed from the session at once; a failure is kept for the page to show.
    """
    password = st.session_state.pop(password_key, "") or ""
    result = login(st.session_state.get(name_key) or "", password)
    if result.ok:
        st.session_state.pop(FAILURE, None)
    elif result.reason == "throttled":
        st.session_state[FAILURE] = tr("auth.throttled", seconds=result.wait_seconds)
    else:
        st.session_state[FAILURE] = tr("auth.bad_credentials")


def take_login_failure() -> str | None:
    """The message of the last failed login (shown once)."""
    return st.session_state.pop(FAILURE, None)


def logout(reason: str = "user") -> None:
    """End this session's login (audited); an SSO session also drops its identity cookie."""
    name, sid = current_user(), st.session_state.get(SID)
    if sid:
        sessions.end(connection(), sid, reason)
        staging.drop(sid)
    if name:
        auth.logout(connection(), name, reason)
    _ended("session_expired" if reason == "idle" else "logged_out")
    if sso_enabled() and _sso_logged_in():
        st.logout()


def _ended(notice: str) -> None:
    """Forget this session's login, tell the login page why, and have the browser drop its cookie."""
    had_cookie = bool(st.session_state.get(SID))
    _clear()
    st.session_state[NOTICE] = notice
    if had_cookie:
        st.session_state[session_cookie.CLEAR] = True


def take_notice() -> str | None:
    """A one-time message for the login page (logged out, session expired), then gone."""
    key = st.session_state.pop(NOTICE, None)
    return tr(f"auth.{key}") if key else None


def sso_section() -> dict:
    """The [auth] section of .streamlit/secrets.toml, or {} (never logged: it holds secrets)."""
    if not st.secrets.load_if_toml_exists():
        return {}
    section = st.secrets.get("auth")
    return dict(section) if isinstance(section, Mapping) else {}


def sso_problems() -> list[str]:
    """Problems of the SSO configuration in the reader's language (none when SSO is not configured)."""
    section = sso_section()
    problems = [p.text(current_lang()) for p in sso.config_problems(section, settings.get("oidc.roles"))]
    if section and importlib.util.find_spec("authlib") is None:
        problems.append(tr("auth.sso_no_authlib"))
    return problems


def sso_enabled() -> bool:
    """Whether an OIDC provider is configured and the configuration is sound."""
    return bool(sso_section()) and not sso_problems()


def _sso_logged_in() -> bool:
    return bool(getattr(st.user, "is_logged_in", False))


def _sync_sso() -> None:
    """Adopt a signed-in OIDC identity as this session's user (claims → role), once per session."""
    if current_user() or not sso_enabled() or not _sso_logged_in():
        return
    try:
        name, role = sso.sso_login(connection(), st.user.to_dict())
    except UserError as e:
        st.session_state[FAILURE] = e.text(current_lang())
        st.logout()
        return
    _set(name, role)


def _resume() -> None:
    """Once per Streamlit session: adopt the login the browser's session cookie carries, if it is still valid."""
    if current_user() or st.session_state.get(RESUMED):
        return
    st.session_state[RESUMED] = True
    token = session_cookie.token()
    if not token:
        return
    live, why = sessions.resume(connection(), token, idle_seconds())
    if live:
        _set(live.user, live.role, live.id)
    elif why == "idle":
        st.session_state[NOTICE] = "session_expired"


def _check_record(sid: str) -> None:
    """Re-check this session's record: still valid (role re-read), or ended here, elsewhere or by idleness."""
    live, why = sessions.check(connection(), sid, idle_seconds())
    if live is None:
        _ended("session_expired" if why == "idle" else "session_ended")
        if why == "idle":
            st.toast(tr("auth.session_expired"), icon=":material/timer_off:")
        return
    st.session_state[ROLE], st.session_state[SEEN] = live.role, time.time()


def _check_plain(name: str) -> None:
    """A login without a record (single sign-on): idle expiry by this session's clock, the account re-read."""
    idle = idle_seconds()
    seen = float(st.session_state.setdefault(SEEN, time.time()))
    if idle and time.time() - seen > idle:
        logout("idle")
        st.toast(tr("auth.session_expired"), icon=":material/timer_off:")
        return
    account = auth.get_user(connection(), name)
    if account is None or account.disabled:
        logout("disabled")
    else:
        st.session_state[ROLE], st.session_state[SEEN] = account.role, time.time()


def refresh() -> str:
    """Run once per script run: resume a cookie's login, expire idle sessions, re-read the account, return the role."""
    _sync_sso()
    _resume()
    name, sid = current_user(), st.session_state.get(SID)
    if name and sid:
        _check_record(sid)
    elif name:
        _check_plain(name)
    return current_role()


def cookie_duties() -> None:
    """Hand a fresh login's ticket to the browser (until it is exchanged), or have it drop an ended login's cookie."""
    if st.session_state.pop(session_cookie.CLEAR, False):
        session_cookie.clear()
    pending, sid = st.session_state.get(session_cookie.TICKET), st.session_state.get(SID)
    if not pending or not sid:
        return
    ticket, issued = pending
    if time.time() - issued > sessions.TICKET_SECONDS or sessions.redeemed(connection(), sid):
        st.session_state.pop(session_cookie.TICKET, None)      # exchanged, or no route took it (plain app.py)
    else:
        session_cookie.hand_over(ticket)


def session_id() -> str | None:
    """The server-side record of this login (None: anonymous, or a login without one such as single sign-on)."""
    return st.session_state.get(SID)


def remember_target(key: str) -> None:
    """The page asked for before logging in (shown once the login succeeds)."""
    st.session_state[AFTER_LOGIN] = key


def target_pending() -> bool:
    """Whether a page asked for waits for this login (the login page says so)."""
    return bool(st.session_state.get(AFTER_LOGIN))


def take_target() -> str | None:
    """The page to show now that the user has logged in (once), if one was asked for."""
    return st.session_state.pop(AFTER_LOGIN, None) if current_user() else None


def role_label(role: str) -> str:
    """The role's name in the current language."""
    return tr(f"auth.role_{role}") if role in auth.RANK else role


def action_label(action: str) -> str:
    """An audit action code in words (the code itself when the catalogue has no words for it)."""
    key = f"auth.action_{action}"
    text = tr(key)
    return action if text == key else text


def guard_page(path: str) -> None:
    """First line of a page: stop unless this session may open it; show the demo banner when it applies.

    Streamlit runs a file of pages/ directly (without app.py and its navigation) on a server's first run,
    so a page may not rely on being hidden from the navigation.
    """
    role = refresh()
    spec = next((p for p in PAGES if Path(p.path).name == Path(path).name), None)
    if spec is None or allowed(spec, role):
        demo_banner()
        return
    st.error(tr("auth.no_access") if current_user() else tr("auth.login_required"))
    st.stop()


def demo_banner() -> None:
    """「示例数据」 at the top of every page while the demo database (synthetic figures) is in use."""
    if demo_in_use():
        st.warning(tr("safety.demo_banner"), icon=":material/science:")


def actor() -> Actor:
    """Who is asking in this session: the logged-in user (None: anonymous), checked again by every action, with
    the moment this session expires if nothing else happens (a download clicked later is refused)."""
    name, idle = current_user(), idle_seconds()
    seen = st.session_state.get(SEEN)
    return actions.login(name, float(seen) + idle if name and idle and seen is not None else None)


def attempt(action: Callable[..., object], *args: object, **kwargs: object) -> bool:
    """Run an action as this session's user; show a refusal or user error plainly; True when done."""
    return outcome(action, *args, **kwargs)[0]


def outcome(action: Callable[..., object], *args: object, **kwargs: object) -> tuple[bool, object]:
    """attempt() with the action's result: (True, result) when done, (False, None) after showing why not."""
    try:
        return True, action(connection(), actor(), *args, **kwargs)
    except UserError as e:
        show_error(e)
        return False, None


def no_users() -> bool:
    """Whether no account exists yet (the app then explains how to create one); asked of the store again only after
    it changed, since every page's sidebar asks (web/account.py)."""
    return bool(while_unchanged("no_users", lambda con: auth.count_users(con) == 0))
