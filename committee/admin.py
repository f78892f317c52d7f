from django.contrib import admin

from .models import RatingLevel


@admin.register(RatingLevel)
class RatingLevelAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "passing"]
