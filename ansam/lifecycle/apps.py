from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    """What spans a person's whole record, above the domain apps it acts through: closing an
    accompaniment, handing over a vacant coordination, reopening an archive, the acts that answer
    a warning of rupture, and the retention rule."""

    name = "ansam.lifecycle"
    label = "lifecycle"
