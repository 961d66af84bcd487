from django import template

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's full name, else username; a dash for a missing user (e.g. a system action)."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()
