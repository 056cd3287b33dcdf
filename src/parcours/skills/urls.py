from django.urls import path

from parcours.skills import views

app_name = "skills"
urlpatterns = [
    path("", views.home, name="home"),
    path("matrix/", views.matrix, name="matrix"),
    path("matrix.<str:fmt>", views.matrix_export, name="matrix_export"),
    path("gaps/", views.gaps, name="gaps"),
    path("teams/<int:pk>/coverage/", views.coverage, name="coverage"),
    path("teams/<int:pk>/requirements/", views.team_requirements, name="team_requirements"),
    path(
        "positions/<int:pk>/requirements/",
        views.position_requirements,
        name="position_requirements",
    ),
    path("employees/<int:pk>/", views.employee, name="employee"),
    path("employees/<int:pk>/assess/", views.assess, name="assess"),
    path("employees/<int:pk>/self-assessment/", views.self_assess, name="self_assess"),
    path(
        "employees/<int:pk>/certificates/new/",
        views.certification_add,
        name="certification_add",
    ),
    path("self-assessments/", views.proposals, name="proposals"),
    path("self-assessments/<int:pk>/review/", views.proposal_review, name="proposal_review"),
    path("assessments/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("certificates/", views.certifications, name="certifications"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/domains/new/", views.domain_edit, name="domain_create"),
    path("catalogue/domains/<int:pk>/edit/", views.domain_edit, name="domain_edit"),
    path("catalogue/skills/new/", views.skill_edit, name="skill_create"),
    path("catalogue/skills/<int:pk>/", views.skill_detail, name="skill_detail"),
    path("catalogue/skills/<int:pk>/edit/", views.skill_edit, name="skill_edit"),
    path("catalogue/levels/new/", views.level_edit, name="level_create"),
    path("catalogue/levels/<int:pk>/edit/", views.level_edit, name="level_edit"),
    path(
        "catalogue/certifications/new/",
        views.certification_type_edit,
        name="certification_type_create",
    ),
    path(
        "catalogue/certifications/<int:pk>/edit/",
        views.certification_type_edit,
        name="certification_type_edit",
    ),
    path(
        "interviews/<int:interview_pk>/sections/<int:section_pk>/",
        views.interview_block,
        name="interview_block",
    ),
    path("imports/", views.import_list, name="import_list"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/apply/", views.import_apply, name="import_apply"),
]
