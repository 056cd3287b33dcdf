"""The kiosk and self-service session: which tablet, who signed in, idle sign-out, language.

A kiosk tablet holds a signed cookie with its token. An employee signing in there (or
through their QR code) gets an ordinary Django session for their account, marked as a
kiosk session: it ends after the tablet's idle time, server side as well as in the page.
"""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import Http404
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control

from parcours.core.scope import scope_for
from parcours.kiosk import services
from parcours.kiosk.models import Channel, KioskDevice

DEVICE_COOKIE = "parcours_kiosk"
DEVICE_SALT = "parcours.kiosk.device"
DEVICE_MAX_AGE = 5 * 365 * 24 * 3600
SESSION_KEY = "parcours_kiosk"
QR_KEY = "parcours_kiosk_qr"
LANG_KEY = "parcours_kiosk_lang"
# The kiosk gives the idle time a little grace server side, for a request on its way.
GRACE_SECONDS = 5


def device_of(request) -> KioskDevice | None:
    if not hasattr(request, "_kiosk_device"):
        token = request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=DEVICE_SALT)
        request._kiosk_device = services.device_for_token(token)
    return request._kiosk_device


def set_device_cookie(response, token: str) -> None:
    response.set_signed_cookie(
        DEVICE_COOKIE,
        token,
        salt=DEVICE_SALT,
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def kiosk_info(request) -> dict | None:
    session = getattr(request, "session", None)
    return session.get(SESSION_KEY) if session is not None else None


def idle_seconds(request) -> int | None:
    info = kiosk_info(request)
    return info["idle"] if info else None


def start(request, employee, *, channel: str, device=None) -> None:
    """Sign the employee in (making their account at first use) for a kiosk session."""
    user = services.ensure_user(employee)
    if request.user.is_authenticated:
        logout(request)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    idle = device.idle_seconds if device is not None else services.PHONE_IDLE_SECONDS
    request.session[SESSION_KEY] = {
        "channel": channel,
        "device": device.pk if device is not None else None,
        "employee": employee.pk,
        "idle": idle,
        "last": time.time(),
    }
    request.session[LANG_KEY] = employee.preferred_language
    request.session.set_expiry(idle + GRACE_SECONDS)
    # The rest of this request (e.g. "Your PIN is saved") speaks their language already.
    language = page_language(request)
    translation.activate(language)
    request.LANGUAGE_CODE = language


def touch(request) -> None:
    info = kiosk_info(request)
    if info:
        info["last"] = time.time()
        request.session[SESSION_KEY] = info
        request.session.set_expiry(info["idle"] + GRACE_SECONDS)


def end(request) -> None:
    """Sign out; messages still waiting (in a cookie or the session) are dropped with it.

    KioskSessionMiddleware runs before MessageMiddleware, so the message storage may not
    be there yet: it is made here, and the caller answering without going further in
    (the middleware) calls `drop_messages(request, response)` to clear the cookie."""
    from django.contrib.messages.storage import default_storage

    storage = getattr(request, "_messages", None)
    if storage is None:
        storage = request._messages = default_storage(request)
    for _message in storage:
        pass
    storage.used = True
    logout(request)


def drop_messages(request, response) -> None:
    """Write the emptied message storage of `end()` on a response that MessageMiddleware
    will not see (harmless if it does: the storage is empty)."""
    storage = getattr(request, "_messages", None)
    if storage is not None:
        storage.update(response)


def expired(request) -> bool:
    """The kiosk session is over: idle too long, or its tablet was revoked. A change of
    the tablet's idle time applies at once."""
    info = kiosk_info(request)
    if not info:
        return False
    if info.get("channel") == Channel.KIOSK:
        idle = (
            KioskDevice.objects.active()
            .filter(pk=info.get("device"))
            .values_list("idle_seconds", flat=True)
            .first()
        )
        if idle is None:
            return True
        if idle != info["idle"]:
            info["idle"] = idle
            request.session[SESSION_KEY] = info
    return time.time() - info.get("last", 0) > info["idle"] + GRACE_SECONDS


def page_language(request) -> str:
    """Signed in: their choice, else their preferred language; before: the kiosk's site's."""
    codes = {code for code, _name in settings.LANGUAGES}
    chosen = request.session.get(LANG_KEY) if hasattr(request, "session") else None
    if chosen in codes:
        return chosen
    device = device_of(request)
    if device is not None and device.site.default_language in codes:
        return device.site.default_language
    return translation.get_language() or settings.LANGUAGE_CODE


def no_store(response):
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    response["Pragma"] = "no-cache"
    return response


def kiosk_page(view):
    """Every kiosk and self-service page: never cached, idle checked, language set."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if expired(request):
            end(request)
            response = redirect("kiosk:home")
            response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
            return no_store(response)
        language = page_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = view(request, *args, **kwargs)
        touch(request)
        return no_store(response)

    return wrapped


def self_service(view):
    """A page of an employee's own: signed in and linked to an employee (else 404)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("kiosk:home")
        if scope_for(request.user).employee_id is None:
            raise Http404
        return view(request, *args, **kwargs)

    return kiosk_page(wrapped)
