from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from parcours.api import router
from parcours.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("org/", include("parcours.organisation.urls")),
    path("audit/", include("parcours.audit.urls")),
    path("imports/", include("parcours.imports.urls")),
    path("interviews/", include("parcours.interviews.urls")),
    path("skills/", include("parcours.skills.urls")),
    path("objectives/", include("parcours.objectives.urls")),
    path("training/", include("parcours.training.urls")),
    path("compliance/", include("parcours.compliance.urls")),
    path("kiosk/", include("parcours.kiosk.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/imports/", include("parcours.imports.api")),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
