"""REST API of the disputes app, mounted at /api/disputes/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import IndicatorsView, LitigationViewSet, OpinionViewSet, ReconsiderationViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("reconsideration", ReconsiderationViewSet, basename="disputes-reconsideration")
router.register("litigation", LitigationViewSet, basename="disputes-litigation")
router.register("opinions", OpinionViewSet, basename="disputes-opinions")

urlpatterns = [
    path("indicators/", IndicatorsView.as_view(), name="disputes-indicators"),
    *router.urls,
]
