from django.urls import path

from keten.knowledge import pages, views

app_name = "knowledge"
urlpatterns = [
    *(
        path(page.path, views.information_view, {"page_name": page.name}, name=page.name)
        for page in (pages.HOME, *pages.INFORMATION_PAGES, pages.SAFETY)
    ),
    path(pages.HELP.path, views.help_view, name=pages.HELP.name),
    path(pages.WHICH_CENTRE.path, views.which_centre_view, name=pages.WHICH_CENTRE.name),
    path(pages.EASY_READ.path, views.easy_read_view, name=pages.EASY_READ.name),
    path("easy-read/flyer.pdf", views.flyer_view, name="flyer"),
]
