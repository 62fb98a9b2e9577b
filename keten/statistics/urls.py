from django.urls import URLPattern, URLResolver, path

from keten.statistics import views

app_name = "statistics"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.public, name="public"),
    path("statistics/", views.index, name="index"),
    path("statistics/export.<str:fmt>", views.export, name="export"),
    path("statistics/report-<int:year>.pdf", views.annual_report, name="annual_report"),
    path("exchange/", views.exchange_page, name="exchange"),
    path("exchange/ctdc.csv", views.ctdc_export, name="ctdc_export"),
    path("exchange/htcds.json", views.htcds_export, name="htcds_export"),
    path("exchange/import/", views.import_ctdc, name="import"),
    path("exchange/datasets/<int:pk>/", views.dataset, name="dataset"),
    path("exchange/datasets/<int:pk>/figures/", views.dataset_figures, name="dataset_figures"),
    path("exchange/datasets/<int:pk>/compare/", views.dataset_comparison, name="dataset_comparison"),
]
