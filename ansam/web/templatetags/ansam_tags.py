from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """A dictionary's value by a key held in a variable."""
    if hasattr(mapping, "get"):
        return mapping.get(key)
    return None
