app_name = "mood"

urlpatterns: list = []
