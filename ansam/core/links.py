"""The addresses of pages that domain code points to (in notifications and warnings), built in
one place with reverse(), so that a page moving does not leave dead links in notifications."""

from django.urls import reverse


def person(public_id: object) -> str:
    return reverse("web:person", args=[public_id])


def person_team(public_id: object) -> str:
    return reverse("web:person_team", args=[public_id])


def plan(person_id: object) -> str:
    return reverse("web:plan", args=[person_id])


def plan_action(person_id: object, action_id: object) -> str:
    return reverse("web:plan_action", args=[person_id, action_id])


def referral(public_id: object) -> str:
    return reverse("web:referral", args=[public_id])


def referrals() -> str:
    return reverse("web:referrals")


def day() -> str:
    return reverse("web:day")


def emergencies() -> str:
    return reverse("web:emergencies")


def meeting(public_id: object) -> str:
    return reverse("web:meeting", args=[public_id])


def meeting_rsvp(token: str) -> str:
    return reverse("web:meeting_rsvp", args=[token])


def agreement(public_id: object) -> str:
    return reverse("web:agreement", args=[public_id])


def manage(organisation_id: object) -> str:
    return reverse("web:manage", args=[organisation_id])
