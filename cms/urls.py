from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.form_charset import SiteLoginForm

# Apps' URLs are included by name: the project package imports no app.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", include("search.urls")),
    path("follow/", include("subscriptions.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("", include("home.urls")),
    path("", include("discussion.urls")),
    # Readers sign in here to open members-only curriculum modules.
    path("account/login/", auth_views.LoginView.as_view(authentication_form=SiteLoginForm), name="login"),
    path("account/logout/", auth_views.LogoutView.as_view(), name="logout"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The 500 page needs neither the database nor context processors.
handler500 = "home.views.server_error"

# Wagtail serves every other path from the page tree.
urlpatterns += [path("", include(wagtail_urls))]
