from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "ansam.partnerships"
    label = "partnerships"
