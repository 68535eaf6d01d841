from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "fazhi.common"
    label = "common"
    verbose_name = _("公共")
