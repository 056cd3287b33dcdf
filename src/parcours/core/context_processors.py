from django.conf import settings

from parcours.core.scope import scope_for


def parcours(request):
    return {
        "scope": scope_for(getattr(request, "user", None)),
        "LANGUAGES": settings.LANGUAGES,
    }
