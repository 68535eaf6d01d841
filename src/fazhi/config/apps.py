from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConfigConfig(AppConfig):
    name = "fazhi.config"
    label = "config"
    verbose_name = _("运行配置")
