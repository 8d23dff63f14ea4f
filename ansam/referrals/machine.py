"""The referral state machine: which act moves a referral from which state to which."""

from ansam.referrals.models import State

S = State
TRANSITIONS: dict[str, tuple[set[str], str]] = {
    # act: (states it may start from, state it leads to)
    "see": ({S.SENT}, S.SEEN),
    "accept": ({S.SENT, S.SEEN}, S.ACCEPTED),
    "decline": ({S.SENT, S.SEEN}, S.DECLINED),
    "redirect": ({S.SENT, S.SEEN}, S.REDIRECTED),
    "start": ({S.ACCEPTED}, S.IN_PROGRESS),
    "close": ({S.ACCEPTED, S.IN_PROGRESS}, S.CLOSED),
    "cancel": ({S.SENT, S.SEEN}, S.CANCELLED),
    "expire": ({S.SENT, S.SEEN}, S.EXPIRED),
}
FINAL = {S.CLOSED, S.DECLINED, S.REDIRECTED, S.EXPIRED, S.CANCELLED}


def target(act: str, state: str) -> str | None:
    """The state an act leads to from this state, or None when it is not allowed."""
    sources, to = TRANSITIONS.get(act, (set(), ""))
    return to if state in sources else None
