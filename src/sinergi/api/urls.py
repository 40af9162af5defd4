from django.urls import path  # noqa: F401 -- the v1 API is mounted here

urlpatterns: list = []
