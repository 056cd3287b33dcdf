from django.urls import path

from parcours.compliance import views

app_name = "compliance"
urlpatterns = [
    path("", views.home, name="home"),
    path("sites/<int:pk>/", views.site_detail, name="site"),
    path("sites/<int:pk>/campaign/", views.site_campaign, name="site_campaign"),
    path("entities/<int:pk>/", views.entity_detail, name="entity"),
    path("entities/<int:pk>/campaign/", views.entity_campaign, name="entity_campaign"),
    path("entities/<int:pk>/settings/", views.settings_edit, name="settings"),
    path("employees/<int:pk>/", views.employee_panel, name="employee_panel"),
    path("policies/", views.policy_list, name="policy_list"),
    path("policies/new/", views.policy_edit, name="policy_create"),
    path("policies/<int:pk>/", views.policy_edit, name="policy_edit"),
    path("policies/<int:pk>/delete/", views.policy_delete, name="policy_delete"),
    path("kinds/", views.kind_list, name="kind_list"),
    path("import/", views.import_history_view, name="import"),
]
