from django.urls import path

from apps.accounts import views
from apps.accounts.data import views as data_views

app_name = "accounts"

urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("data/", data_views.data_page, name="data"),
    path("data/export/<str:kind>/", data_views.export, name="data_export"),
    path("data/import/", data_views.import_upload, name="data_import"),
    path("data/import/<str:token>/", data_views.import_preview, name="data_import_preview"),
    path("data/import/<str:token>/labels/", data_views.import_labels, name="data_import_labels"),
    path("data/import/<str:token>/confirm/", data_views.import_confirm, name="data_import_confirm"),
    path(
        "data/import/<str:token>/progress/", data_views.import_progress, name="data_import_progress"
    ),
    path("data/import/<str:token>/status/", data_views.import_status, name="data_import_status"),
    path("data/delete/", data_views.delete_account, name="data_delete"),
]
