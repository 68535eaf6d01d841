from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntitiesConfig(AppConfig):
    name = "fazhi.entities"
    label = "entities"
    verbose_name = _("经营主体")
