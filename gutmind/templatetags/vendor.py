from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from gutmind.vendor import ASSETS, VendorAsset

register = template.Library()


def _source(asset: VendorAsset) -> tuple[str, str]:
    """The URL and the attributes that go with it: SRI only for the CDN copy, where a
    tampered file is the risk; the local copy is covered by the same-origin CSP."""
    if settings.VENDOR_ASSETS == "cdn":
        return asset.cdn_url, f'integrity="{asset.integrity}" crossorigin="anonymous"'
    return static(asset.local_path), ""


@register.simple_tag
def vendor_css(name: str) -> str:
    url, attrs = _source(ASSETS[name])
    return format_html('<link rel="stylesheet" href="{}" {}>', url, mark_safe(attrs))  # noqa: S308 (attrs built above from constants)


@register.simple_tag
def vendor_js(name: str) -> str:
    url, attrs = _source(ASSETS[name])
    return format_html('<script src="{}" {} defer></script>', url, mark_safe(attrs))  # noqa: S308 (attrs built above from constants)
