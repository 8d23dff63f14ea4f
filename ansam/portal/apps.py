from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "ansam.portal"
    label = "portal"
