from django.urls import path

from parcours.objectives import views

app_name = "objectives"
urlpatterns = [
    path("", views.home, name="home"),
    path("mine/", views.mine, name="mine"),
    path("team/", views.team, name="team"),
    path("all/", views.objective_list, name="list"),
    path("all/export.xlsx", views.export, name="export"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/drop/", views.drop, name="drop"),
    path("<int:pk>/check-in/", views.checkin, name="checkin"),
    path("employees/<int:pk>/", views.employee_panel, name="employee_panel"),
    path(
        "interviews/<int:interview_pk>/sections/<int:section_pk>/",
        views.interview_block,
        name="interview_block",
    ),
    path("scales/", views.scales, name="scales"),
    path("scales/new/", views.scale_edit, name="scale_add"),
    path("scales/<int:pk>/edit/", views.scale_edit, name="scale_edit"),
    path("scales/<int:scale_pk>/levels/new/", views.scale_level_edit, name="scale_level_add"),
    path("scales/<int:scale_pk>/levels/<int:pk>/", views.scale_level_edit, name="scale_level_edit"),
]
