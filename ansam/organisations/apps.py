from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "ansam.organisations"
    label = "organisations"

    def ready(self):
        from ansam.organisations import signals  # noqa: F401  (connects the receivers)
