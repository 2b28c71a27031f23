"""Public endpoints for what readers send in: letters and comments."""

from django.urls import path

from .views import comments, letters

app_name = "discussion"

urlpatterns = [
    # Letters (intake) ------------------------------------------------------
    path("write-to-us/", letters.write_to_us, name="write_to_us"),
    path("write-to-us/thank-you/", letters.letter_thanks, name="letter_thanks"),
    # Comments --------------------------------------------------------------
    path("comments/<int:page_id>/post/", comments.post_comment, name="comment_post"),
    path("comments/report/<int:comment_id>/", comments.report_comment, name="comment_report"),
]
