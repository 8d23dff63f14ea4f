from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "ansam.organisations"
    label = "organisations"
