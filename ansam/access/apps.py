from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "ansam.access"
    label = "access"
