from django import template

from wegwijs.core.money import format_euro

register = template.Library()


@register.filter
def euro(amount):
    """``{{ amount|euro }}`` -> ``€ 31.842,00``; empty for None."""
    return format_euro(amount)
