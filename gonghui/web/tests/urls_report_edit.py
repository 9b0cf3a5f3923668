"""The site's URLs with the summary editor and evidence download (web/urls_report_edit.py) inside the `web`
namespace, as they are once spliced into web/urls.py. Tests use it with `pytest.mark.urls`; harmless after
the splice."""

from django.urls import URLResolver, include, path

from gonghui import urls as site
from gonghui.web import urls as web_urls
from gonghui.web import urls_report_edit

_names = {p.name for p in web_urls.urlpatterns if getattr(p, "name", None)}
_web = ([*web_urls.urlpatterns, *(p for p in urls_report_edit.urlpatterns if p.name not in _names)], "web")

urlpatterns = [p for p in site.urlpatterns if not (isinstance(p, URLResolver) and p.namespace == "web")]
urlpatterns.append(path("", include(_web)))

handler403 = site.handler403
handler404 = site.handler404
handler500 = site.handler500
