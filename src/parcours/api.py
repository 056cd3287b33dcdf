from rest_framework.routers import DefaultRouter

from parcours.interviews import api as interviews_api
from parcours.organisation import api as organisation_api
from parcours.skills import api as skills_api

router = DefaultRouter()
router.register("legal-entities", organisation_api.LegalEntityViewSet, basename="legalentity")
router.register("sites", organisation_api.SiteViewSet, basename="site")
router.register("departments", organisation_api.DepartmentViewSet, basename="department")
router.register("teams", organisation_api.TeamViewSet, basename="team")
router.register("positions", organisation_api.PositionViewSet, basename="position")
router.register("categories", organisation_api.EmployeeCategoryViewSet, basename="category")
router.register("employees", organisation_api.EmployeeViewSet, basename="employee")
router.register("leaves", organisation_api.LeaveViewSet, basename="leave")
interviews_api.register(router)
skills_api.register(router)
