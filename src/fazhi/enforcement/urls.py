from django.urls import path

from . import views

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("export/", views.case_export, name="case_export"),
    path("deadlines/", views.deadline_board, name="case_deadlines"),
    path("public/", views.public_list, name="case_public_list"),
    path("public/<int:pk>/", views.public_detail, name="case_public_detail"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("<int:pk>/do/<slug:action>/", views.case_action, name="case_action"),
    path("<int:pk>/add/<slug:name>/", views.case_other, name="case_other"),
    path("<int:pk>/documents/<int:doc_id>/", views.case_document, name="case_document"),
    path("<int:pk>/evidence/<int:evidence_id>/", views.case_evidence_file, name="case_evidence_file"),
    path("<int:pk>/verify/", views.case_verify, name="case_verify"),
]
