from django.contrib import admin

from parcours.imports.models import ImportRun, MappingProfile


@admin.register(MappingProfile)
class MappingProfileAdmin(admin.ModelAdmin):
    list_display = ["label", "name", "based_on", "updated_at"]
    search_fields = ["label", "name"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "kind",
        "original_name",
        "status",
        "profile_name",
        "created_by",
        "created_at",
    ]
    list_filter = ["kind", "status"]
    readonly_fields = ["counts", "meta"]
