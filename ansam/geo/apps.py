from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "ansam.geo"
    label = "geo"
