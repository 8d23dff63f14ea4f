from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "ansam.portal"
    label = "portal"

    def ready(self):
        from ansam.portal import signals  # noqa: F401  (connects the receivers)
