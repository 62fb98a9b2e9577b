from django.urls import path

from keten.knowledge import views

app_name = "knowledge"
urlpatterns = [path("", views.home_view, name="home")]
