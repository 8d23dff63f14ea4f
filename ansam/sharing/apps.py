from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "ansam.sharing"
    label = "sharing"
