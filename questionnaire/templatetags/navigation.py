from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse

register = template.Library()


@lru_cache(maxsize=64)
def _reverse_once(name: str, script_prefix: str) -> str:
    return reverse(name)


@register.simple_tag
def nav_url(name: str) -> str:
    """``{% url name %}`` for the argument-free links every page carries, reversed once per process.

    Reversing costs more than the rest of the header; the result depends only on the URL name and the
    script prefix, neither of which changes while the process runs. Unlike a context processor this also
    works in the error pages, which render without the request.
    """
    return _reverse_once(name, get_script_prefix())
