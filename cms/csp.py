"""Content Security Policy: enforced on the public site, report-only in the Wagtail admin.

The public pages run only their own files (static/js, static/css), so they get
CONTENT_SECURITY_POLICY as an enforced header. The Wagtail admin still relies on
inline script and style, so it gets CONTENT_SECURITY_POLICY_REPORT_ONLY instead:
browsers report what a strict policy would block there and block nothing.
django-csp sends both headers on every response unless told otherwise; this
middleware decides which one each response gets, and builds only that one.
"""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.urls import reverse


def is_admin_request(request):
    # A preview is a page rendered for the admin through a second, "dummy" request to the
    # page's public URL; it is shown in the admin's preview panel, so it counts as admin.
    return getattr(request, "is_dummy", False) or request.path_info.startswith(reverse("wagtailadmin_home"))


_built = {}


def site_policy(report_only):
    """The header value from the settings alone, built once per settings object (tests override them)."""
    name = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
    key = (report_only, id(getattr(settings, name, None)))
    if key not in _built:
        _built[key] = build_policy(report_only=report_only)
    return _built[key]


class AdminReportOnlyCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        admin = is_admin_request(request)
        if admin:
            response._csp_exempt = True
        else:
            response._csp_exempt_ro = True
        parts = self.get_policy_parts(request=request, response=response, report_only=admin)
        if parts.config or parts.update or parts.replace or parts.nonce:
            return super().process_response(request, response)  # a response with its own policy
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # Django's debug pages, as django-csp leaves them
        header = HEADER_REPORT_ONLY if admin else HEADER
        if header not in response:
            response[header] = site_policy(report_only=admin)
        # As django-csp does: a nonce asked for after the header is written is an error, not a silent gap.
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
