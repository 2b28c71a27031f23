"""What a client sees when django-axes has locked its sign-ins out (AXES_LOCKOUT_CALLABLE)."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page, with 429: the same for the admin's and the site's sign-in forms."""
    cool_off = get_cool_off(request)
    context = {
        "cooloff_minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
        "meta_noindex": True,
    }
    return render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
