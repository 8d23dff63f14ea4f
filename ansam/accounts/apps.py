from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ansam.accounts"
    label = "accounts"
