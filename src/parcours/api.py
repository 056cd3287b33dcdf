from rest_framework.routers import DefaultRouter

from parcours.compliance import api as compliance_api
from parcours.interviews import api as interviews_api
from parcours.kiosk import api as kiosk_api
from parcours.objectives import api as objectives_api
from parcours.organisation import api as organisation_api
from parcours.skills import api as skills_api
from parcours.training import api as training_api

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
objectives_api.register(router)
training_api.register(router)
compliance_api.register(router)
kiosk_api.register(router)
