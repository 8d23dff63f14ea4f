from django.contrib import admin

from ansam.organisations.models import Invitation, Membership, Organisation, Service


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "typology", "commune_name", "source", "uses_ansam", "emergency_actor"]
    list_filter = ["typology", "source", "uses_ansam", "emergency_actor"]
    search_fields = ["name", "siret"]
    raw_id_fields = ["commune"]
    readonly_fields = ["uses_ansam"]  # follows the active members (organisations/signals.py)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "capacity_status", "source"]
    list_filter = ["capacity_status", "source"]
    search_fields = ["name", "organisation__name"]
    raw_id_fields = ["organisation", "commune"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]
    raw_id_fields = ["user", "organisation", "ended_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "expires_at", "accepted_at"]
    raw_id_fields = ["organisation", "invited_by", "accepted_by"]
    exclude = ["token_hash"]
