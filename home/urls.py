from django.templatetags.static import static
from django.urls import path
from django.utils.functional import lazy
from django.views.decorators.cache import cache_control
from django.views.generic import RedirectView

from . import views

# Browsers, feed readers and bookmarks ask for /favicon.ico whatever a page links; send them to the
# static file (its hashed name in production, looked up when asked, not when the URLs load).
favicon = cache_control(max_age=60 * 60 * 24, public=True)(
    RedirectView.as_view(url=lazy(static, str)("img/favicon.ico"), permanent=False)
)

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
]
