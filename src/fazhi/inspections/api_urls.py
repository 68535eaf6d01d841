"""REST API of the inspections app, mounted at /api/inspections/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("items", api.ItemViewSet, basename="inspection-item")
router.register("plans", api.PlanViewSet, basename="inspection-plan")
router.register("tasks", api.TaskViewSet, basename="inspection-task")
router.register("runs", api.RunViewSet, basename="coordination-run")
router.register("visits", api.VisitViewSet, basename="inspection-visit")
router.register("invitations", api.InvitationViewSet, basename="inspection-invitation")
router.register("ratings", api.RatingViewSet, basename="inspection-rating")
router.register("findings", api.FindingViewSet, basename="inspection-finding")

urlpatterns = [
    path("figures/", api.FiguresView.as_view(), name="inspection-figures"),
    *router.urls,
]
