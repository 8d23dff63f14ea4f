from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "ansam.meetings"
    label = "meetings"
