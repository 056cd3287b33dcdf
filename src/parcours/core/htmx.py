"""One view serves the full page and its htmx fragment."""

from django.shortcuts import render


def render_page(request, template: str, context: dict, fragment: str | None = None):
    """Render `template`, or only `fragment` when htmx asks for a part of the page."""
    if fragment and getattr(request, "htmx", False) and not request.htmx.boosted:
        return render(request, fragment, context)
    return render(request, template, context)
