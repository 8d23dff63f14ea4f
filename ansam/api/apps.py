from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ansam.api"
    label = "api"
