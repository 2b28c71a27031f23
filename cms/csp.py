"""Content Security Policy: enforced on the public site, report-only in the Wagtail admin.

The public pages run only their own files (static/js, static/css), so they get
CONTENT_SECURITY_POLICY as an enforced header. The Wagtail admin still relies on
inline script and style, so it gets CONTENT_SECURITY_POLICY_REPORT_ONLY instead:
browsers report what a strict policy would block there and block nothing.
django-csp sends both headers on every response unless told otherwise; this
middleware decides which one each response gets.
"""

from csp.middleware import CSPMiddleware
from django.urls import reverse


def is_admin_request(request):
    # A preview is a page rendered for the admin through a second, "dummy" request to the
    # page's public URL; it is shown in the admin's preview panel, so it counts as admin.
    return getattr(request, "is_dummy", False) or request.path_info.startswith(reverse("wagtailadmin_home"))


class AdminReportOnlyCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if is_admin_request(request):
            response._csp_exempt = True
        else:
            response._csp_exempt_ro = True
        return super().process_response(request, response)
