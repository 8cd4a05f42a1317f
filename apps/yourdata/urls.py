from django.urls import path

from apps.yourdata import views

app_name = "yourdata"

# Mounted at /settings/data/ (gutmind/urls.py): the addresses predate this app.
urlpatterns = [
    path("", views.data_page, name="data"),
    path("export/<str:kind>/", views.export, name="export"),
    path("import/", views.import_upload, name="import"),
    path("import/<str:token>/", views.import_preview, name="import_preview"),
    path("import/<str:token>/labels/", views.import_labels, name="import_labels"),
    path("import/<str:token>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/<str:token>/progress/", views.import_progress, name="import_progress"),
    path("import/<str:token>/status/", views.import_status, name="import_status"),
    path("import/<str:token>/retry/", views.import_retry, name="import_retry"),
    path("delete/", views.delete_account, name="delete"),
]
