"""The admin shows skills for support; people change them in the skills pages, which go
through the services (validation, current levels, audit trail). Levels recorded for
people are read-only here: a level is never changed, a new one is recorded."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from parcours.skills.models import (
    Assessment,
    Certification,
    CertificationType,
    Level,
    MatrixImport,
    PositionRequirement,
    Skill,
    SkillDomain,
    TeamRequirement,
)


@admin.register(Level)
class LevelAdmin(SimpleHistoryAdmin):
    list_display = ["rank", "code", "symbol", "colour", "label"]


@admin.register(SkillDomain)
class SkillDomainAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label", "parent", "ordering"]


@admin.register(Skill)
class SkillAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label", "domain", "kind", "site", "position", "active"]
    list_filter = ["kind", "site", "active"]
    search_fields = ["code"]
    raw_id_fields = ["position"]


@admin.register(CertificationType)
class CertificationTypeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label", "validity_months", "alert_days"]


@admin.register(PositionRequirement)
class PositionRequirementAdmin(SimpleHistoryAdmin):
    list_display = ["position", "skill", "level"]
    raw_id_fields = ["position", "skill"]


@admin.register(TeamRequirement)
class TeamRequirementAdmin(SimpleHistoryAdmin):
    list_display = ["team", "skill", "level", "min_people"]
    raw_id_fields = ["team", "skill"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "skill", "level", "assessed_on", "source", "status", "assessor"]
    list_filter = ["source", "status"]
    raw_id_fields = ["employee", "skill", "answers", "assessor"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Certification)
class CertificationAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "type", "obtained_on", "valid_until", "reference"]
    list_filter = ["type"]
    raw_id_fields = ["employee", "recorded_by"]


@admin.register(MatrixImport)
class MatrixImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "status", "created_by", "created_at", "applied_at"]
    readonly_fields = ["report"]
