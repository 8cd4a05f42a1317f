from django.urls import path

from apps.checkups import views

app_name = "checkups"

urlpatterns = [
    path("checkups/", views.index, name="index"),
    path("checkups/schedule/", views.schedule, name="schedule"),
    path("checkups/results/<int:pk>/", views.result, name="result"),
    path("checkups/results/<int:pk>/support/", views.support, name="support"),
    path("checkups/<str:code>/", views.results, name="results"),
    path("checkups/<str:code>/take/", views.take, name="take"),
    path("checkups/<str:code>/discard/", views.discard, name="discard"),
    path("help/", views.help_page, name="help"),
    path("help/safety-plan/", views.safety_plan, name="safety_plan"),
]
