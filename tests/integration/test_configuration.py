from pathlib import Path

from django.conf import settings


def test_configuration_page_lists_every_environment_variable():
    page = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = [name for name in settings.ENVIRONMENT_VARIABLES if f"`{name}`" not in page]
    assert not missing, f"docs/configuration.md does not describe {missing}"
