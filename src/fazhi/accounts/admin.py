from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class FazhiUserAdmin(UserAdmin):
    """Password resets for administrators; everything else goes through the register pages."""

    list_display = ["username", "full_name", "organization", "role", "is_active"]
    fieldsets = [*UserAdmin.fieldsets, ("fazhi", {"fields": ["full_name", "organization", "role", "phone"]})]
