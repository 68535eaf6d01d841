"""Pages of the draws app, mounted at /draws/ (staff); public pages (no login) under /draws/public/."""

from django.urls import path

from . import views

app_name = "draws"

urlpatterns = [
    path("", views.draw_list, name="list"),
    path("new/", views.draw_prepare, name="prepare"),
    path("<int:pk>/", views.draw_detail, name="detail"),
    path("<int:pk>/full-inputs.zip", views.draw_inputs_full, name="inputs_full"),
    path("<int:pk>/targets.xlsx", views.draw_targets_export, name="targets_export"),
    path("<int:pk>/<slug:action>/", views.draw_action, name="action"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("public/<int:pk>/inputs.zip", views.public_inputs, name="public_inputs"),
]
