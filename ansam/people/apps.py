from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ansam.people"
    label = "people"
