import uuid

from ansam.core.errors import NotFound


def parse_public_id(value: object) -> uuid.UUID:
    """A public id from a URL or a payload; anything else is simply not found."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise NotFound() from None


def maybe_public_id(value: object) -> uuid.UUID | None:
    """A public id from a form field, or None (which matches no row) when it is not one."""
    try:
        return parse_public_id(value)
    except NotFound:
        return None
