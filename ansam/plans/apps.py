from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "ansam.plans"
    label = "plans"
