from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "ansam.network"
    label = "network"
