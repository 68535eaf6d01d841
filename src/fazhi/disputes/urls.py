"""Pages of the disputes app, mounted at /disputes/."""

from django.urls import path

from . import views

app_name = "disputes"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reconsideration/", views.reconsideration_list, name="reconsideration_list"),
    path("reconsideration/new/", views.reconsideration_create, name="reconsideration_create"),
    path("reconsideration/export/", views.reconsideration_export, name="reconsideration_export"),
    path("reconsideration/<int:pk>/", views.reconsideration_detail, name="reconsideration_detail"),
    path("reconsideration/<int:pk>/edit/", views.reconsideration_edit, name="reconsideration_edit"),
    path("reconsideration/<int:pk>/void/", views.reconsideration_void, name="reconsideration_void"),
    path("reconsideration/<int:pk>/incidental-review/", views.reconsideration_incidental_review_record,
         name="reconsideration_incidental_review_record"),
    path("reconsideration/<int:pk>/step/<slug:step>/", views.reconsideration_step, name="reconsideration_step"),
    path("litigation/", views.litigation_list, name="litigation_list"),
    path("litigation/new/", views.litigation_create, name="litigation_create"),
    path("litigation/export/", views.litigation_export, name="litigation_export"),
    path("litigation/<int:pk>/", views.litigation_detail, name="litigation_detail"),
    path("litigation/<int:pk>/edit/", views.litigation_edit, name="litigation_edit"),
    path("litigation/<int:pk>/void/", views.litigation_void, name="litigation_void"),
    path("litigation/<int:pk>/step/<slug:step>/", views.litigation_step, name="litigation_step"),
    path("opinions/", views.opinion_list, name="opinion_list"),
    path("opinions/new/", views.opinion_create, name="opinion_create"),
    path("opinions/export/", views.opinion_export, name="opinion_export"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion_detail"),
    path("opinions/<int:pk>/step/<slug:step>/", views.opinion_step, name="opinion_step"),
    path("opinions/<int:pk>/evidence/<int:evidence_id>/", views.opinion_evidence, name="opinion_evidence"),
]
