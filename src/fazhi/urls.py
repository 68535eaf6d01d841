from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from fazhi.accounts import views as account_views
from fazhi.common import views as register_views
from fazhi.common.api import viewset_for
from fazhi.common.registers import all_registers, load_registers

from . import views

load_registers()

router = DefaultRouter()
for reg in all_registers():
    router.register(reg.key, viewset_for(reg), basename=reg.key)

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="auth/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("audit/", include("fazhi.audit.urls")),
    path("registers/<slug:key>/", register_views.register_list, name="register_list"),
    path("registers/<slug:key>/new/", register_views.register_edit, name="register_create"),
    path("registers/<slug:key>/export/", register_views.register_export, name="register_export"),
    path("registers/<slug:key>/import/", register_views.register_import, name="register_import"),
    path("registers/<slug:key>/<int:pk>/", register_views.register_detail, name="register_detail"),
    path("registers/<slug:key>/<int:pk>/edit/", register_views.register_edit, name="register_edit"),
    path("registers/<slug:key>/<int:pk>/void/", register_views.register_void, name="register_void"),
    path("registers/users/<int:pk>/password/", account_views.user_password, name="user_password"),
    path("cases/", include("fazhi.enforcement.urls")),
    path("inspections/", include("fazhi.inspections.urls")),
    path("disputes/", include("fazhi.disputes.urls")),
    path("draws/", include("fazhi.draws.urls")),
    path("api/cases/", include("fazhi.enforcement.api_urls")),
    path("api/inspections/", include("fazhi.inspections.api_urls")),
    path("api/disputes/", include("fazhi.disputes.api_urls")),
    path("api/draws/", include("fazhi.draws.api_urls")),
    path("api/", include(router.urls)),
    path("api/token/", obtain_auth_token, name="api-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
