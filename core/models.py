"""The core's own table: the forms already sent (`Submission`), so that a form sent twice creates once."""

from django.conf import settings
from django.db import models


class Submission(models.Model):
    """One rendered create form that was sent: its token, who sent it and where its result is. The token is
    unique, so a second sending of the same form (a double click, a retry after a lost answer, eight parallel
    posts) waits for the first and finds it, instead of creating again."""

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    result_url = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"], name="submission_user_time")]

    def __str__(self) -> str:
        return str(self.token)
