from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ansam.core"
    label = "core"
