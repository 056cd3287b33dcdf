from django.urls import path

from parcours.training import views

app_name = "training"
urlpatterns = [
    path("", views.home, name="home"),
    path("queue/", views.queue, name="queue"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/certificate/", views.certificate, name="certificate"),
    path(
        "requests/<int:pk>/<slug:action>/",
        views.request_action,
        name="request_action",
    ),
    path("mine/", views.mine, name="mine"),
    path("ask/", views.ask, name="ask"),
    path("team/", views.team, name="team"),
    path("proposals/<int:pk>/", views.proposal_decide, name="proposal_decide"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/new/", views.training_edit, name="training_create"),
    path("catalogue/<int:pk>/edit/", views.training_edit, name="training_edit"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/new/", views.session_edit, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("plan/", views.plan, name="plan"),
    path("plan.xlsx", views.plan_export, name="plan_export"),
    path("budgets/", views.budgets, name="budgets"),
    path("employees/<int:pk>/", views.employee_panel, name="employee_panel"),
    path(
        "interviews/<int:interview_pk>/sections/<int:section_pk>/",
        views.interview_block,
        name="interview_block",
    ),
]
