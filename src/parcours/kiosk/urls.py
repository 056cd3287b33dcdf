from django.urls import path

from parcours.kiosk import views

app_name = "kiosk"
urlpatterns = [
    path("", views.home, name="home"),
    path("first-use/", views.first_use, name="first_use"),
    path("q/<str:token>/", views.qr, name="qr"),
    path("done/", views.done, name="done"),
    path("alive/", views.alive, name="alive"),
    path("language/", views.language, name="language"),
    path("me/", views.me, name="me"),
    path("me/interview/", views.next_interview, name="next_interview"),
    path("me/prepare/", views.prepare_start, name="prepare_start"),
    path("me/interviews/<int:pk>/prepare/<int:step>/", views.prepare, name="prepare"),
    path("me/interviews/<int:pk>/sign/", views.sign, name="sign"),
    path("me/reports/", views.reports, name="reports"),
    path("me/skills/", views.skills, name="skills"),
    path("tablets/", views.devices, name="devices"),
    path("tablets/<int:pk>/", views.device_edit, name="device_edit"),
    path("tablets/<int:pk>/pair/", views.device_pair, name="device_pair"),
    path("tablets/<int:pk>/revoke/", views.device_revoke, name="device_revoke"),
    path("access/", views.access_list, name="access_list"),
    path("access/<int:pk>/", views.access_detail, name="access_detail"),
    path("paper/", views.paper_round, name="paper"),
    path("employees/<int:pk>/", views.employee_panel, name="employee_panel"),
]
