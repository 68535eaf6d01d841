"""REST API of the draws app, mounted at /api/draws/ (``public/`` needs no login)."""

from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.include_root_view = False
router.register("public", api.PublicDrawViewSet, basename="draw-public")
router.register("", api.DrawViewSet, basename="draw")

urlpatterns = router.urls
