"""The project's URLs plus the imports API, mounted where the lead mounts it."""

from django.urls import include, path

from parcours.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("api/v1/imports/", include("parcours.imports.api")),
    *project_urlpatterns,
]
