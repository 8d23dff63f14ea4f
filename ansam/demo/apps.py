from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ansam.demo"
    label = "demo"
