from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "ansam.observatory"
    label = "observatory"
