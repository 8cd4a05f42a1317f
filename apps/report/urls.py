from django.urls import path

from apps.report import views

app_name = "report"

urlpatterns = [
    path("report/", views.page, name="page"),
    path("report/pdf/", views.pdf, name="pdf"),
]
