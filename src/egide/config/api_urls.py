"""The API: /api/v1/ (every app's api.py registers here), the OpenAPI schema and its docs page."""

from django.urls import path

urlpatterns: list = []
