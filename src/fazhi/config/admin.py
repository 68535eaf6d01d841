from django.contrib import admin

from .models import HolidayYearNotice


@admin.register(HolidayYearNotice)
class HolidayYearNoticeAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "updated_at"]
