from django.urls import path

from parcours.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("new/", views.upload, name="upload"),
    path("<int:pk>/", views.run_detail, name="run_detail"),
    path("<int:pk>/status/", views.run_status, name="run_status"),
    path("<int:pk>/apply/", views.run_apply, name="run_apply"),
    path("<int:pk>/recheck/", views.run_recheck, name="run_recheck"),
    path("<int:pk>/cancel/", views.run_cancel, name="run_cancel"),
    path("<int:pk>/report.<str:format>", views.run_download, name="run_download"),
    path("profiles/", views.profile_list, name="profile_list"),
    path("profiles/new/", views.profile_create, name="profile_create"),
    path("profiles/<int:pk>/", views.profile_edit, name="profile_edit"),
    path("profiles/<int:pk>/delete/", views.profile_delete, name="profile_delete"),
    path("export/", views.export_page, name="export"),
]
