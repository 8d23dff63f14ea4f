from django.apps import AppConfig


class ContinuityConfig(AppConfig):
    name = "ansam.continuity"
    label = "continuity"
