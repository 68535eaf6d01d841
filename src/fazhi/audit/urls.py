from django.urls import path

from . import views

urlpatterns = [
    path("", views.audit_log, name="audit_log"),
    path("verify/", views.audit_verify_view, name="audit_verify"),
]
