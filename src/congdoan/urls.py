from django.contrib import admin
from django.urls import include, path

from congdoan import views

# Django's admin bypasses the unit scope: only superusers (who see the whole
# country anyway) may use it.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser  # type: ignore[method-assign]

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("congdoan.accounts.urls")),
    path("org/", include("congdoan.org.urls")),
    path("members/", include("congdoan.members.urls")),
    path("imports/", include("congdoan.imports.urls")),
    path("care/", include("congdoan.care.urls")),
    path("activities/", include("congdoan.activities.urls")),
    path("plans/", include("congdoan.plans.urls")),
    path("emulation/", include("congdoan.emulation.urls")),
    path("reports/", include("congdoan.reports.urls")),
    path("api/v1/", include("congdoan.reports.api_urls")),
    path("admin/", admin.site.urls),
]
