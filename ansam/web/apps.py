from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ansam.web"
    label = "web"
