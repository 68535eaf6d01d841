from rest_framework.routers import SimpleRouter

from .api.views import PenaltyCaseViewSet

router = SimpleRouter()
router.register("", PenaltyCaseViewSet, basename="penalty-case")

urlpatterns = router.urls
