"""Pages of the inspections app, mounted at /inspections/ (public pages under /inspections/public/)."""

from django.urls import path

from .views import oversight, pages, public, visits

app_name = "inspections"

urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("joint/", pages.joint_list, name="joint"),
    path("items/", pages.item_list, name="items"),
    path("items/<int:pk>/<slug:action>/", pages.item_action, name="item_action"),
    path("plans/", pages.plan_list, name="plans"),
    path("plans/new/", pages.plan_create, name="plan_create"),
    path("plans/<int:pk>/", pages.plan_detail, name="plan"),
    path("plans/<int:pk>/<slug:action>/", pages.plan_action, name="plan_action"),
    path("tasks/<int:pk>/void/", pages.task_void, name="task_void"),
    path("runs/", pages.run_list, name="runs"),
    path("runs/<int:pk>/", pages.run_detail, name="run"),
    path("runs/<int:pk>/<slug:action>/", pages.run_action, name="run_action"),
    path("visits/", visits.visit_list, name="visits"),
    path("visits/new/", visits.non_enforcement_create, name="visit_register"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit"),
    path("visits/<int:pk>/code/", visits.visit_code, name="visit_code"),
    path("visits/<int:pk>/<slug:action>/", visits.visit_action, name="visit_action"),
    path("invitations/", oversight.invitation_list, name="invitations"),
    path("invitations/<int:pk>/", oversight.invitation_detail, name="invitation"),
    path("invitations/<int:pk>/decline/", oversight.invitation_decline, name="invitation_decline"),
    path("ratings/", oversight.rating_page, name="ratings"),
    path("findings/", oversight.finding_list, name="findings"),
    path("findings/<int:pk>/", oversight.finding_detail, name="finding"),
    path("findings/<int:pk>/<slug:action>/", oversight.finding_action, name="finding_action"),
    path("public/code/<str:code>/", public.code_page, name="public_code"),
    path("public/invite/", public.invitation_form, name="public_invite"),
    path("public/invitations/<str:token>/", public.invitation_status, name="public_invitation"),
    path("public/plans/", public.published_plans, name="public_plans"),
]
