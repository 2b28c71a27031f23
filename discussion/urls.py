"""Public endpoints for what readers send in: letters and comments."""

from django.urls import path

app_name = "discussion"

urlpatterns = [
    # Letters (intake) ------------------------------------------------------
    # Comments --------------------------------------------------------------
]
