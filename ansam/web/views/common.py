from ansam.core.errors import AnsamError


def form_errors_from(exc: AnsamError, form) -> None:
    """Put a domain error's messages on the form's fields (or on the form as a whole)."""
    form.add_error(None, str(exc.message))
    for name, messages in exc.fields.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, f"{name}: {message}" if target is None else message)
