"""Kiosk sessions on every page, not only the kiosk's own (in settings.MIDDLEWARE, after
AuthenticationMiddleware; before or after MessageMiddleware): an idle kiosk session ends on
any page, any page a kiosk session sees is never cached, and using any page keeps the
session alive."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect

from parcours.kiosk.session import drop_messages, end, expired, kiosk_info, no_store, touch


class KioskSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not kiosk_info(request):
            return self.get_response(request)
        if expired(request):
            end(request)
            response = redirect("kiosk:home")
            response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
            drop_messages(request, response)
            return no_store(response)
        response = self.get_response(request)
        if kiosk_info(request):
            touch(request)
        return no_store(response)
