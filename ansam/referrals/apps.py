from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "ansam.referrals"
    label = "referrals"
