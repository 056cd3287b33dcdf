from django.urls import path

from parcours.organisation import views

app_name = "organisation"
urlpatterns = [
    path("employees/", views.employee_list, name="employee_list"),
    path("employees/new/", views.employee_edit, name="employee_create"),
    path("employees/<int:pk>/", views.employee_detail, name="employee_detail"),
    path("employees/<int:pk>/edit/", views.employee_edit, name="employee_edit"),
    path("employees/<int:employee_pk>/leaves/new/", views.leave_edit, name="leave_create"),
    path("employees/<int:employee_pk>/leaves/<int:pk>/", views.leave_edit, name="leave_edit"),
    path(
        "employees/<int:employee_pk>/leaves/<int:pk>/delete/",
        views.leave_delete,
        name="leave_delete",
    ),
    path("sites/", views.site_list, name="site_list"),
    path("sites/new/", views.site_edit, name="site_create"),
    path("sites/<int:pk>/", views.site_detail, name="site_detail"),
    path("sites/<int:pk>/edit/", views.site_edit, name="site_edit"),
    path("sites/<int:pk>/tree/", views.site_tree, name="site_tree"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/new/", views.team_edit, name="team_create"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("positions/", views.position_list, name="position_list"),
    path("positions/new/", views.position_edit, name="position_create"),
    path("positions/<int:pk>/", views.position_detail, name="position_detail"),
    path("positions/<int:pk>/edit/", views.position_edit, name="position_edit"),
]
