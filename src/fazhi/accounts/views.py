from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .constants import Role
from .models import User
from .services import user_set_password


@login_required
def user_password(request, pk: int):
    if not request.user.has_role(Role.ADMINISTRATOR):
        raise PermissionDenied
    target = get_object_or_404(User.objects.visible_to(request.user), pk=pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            user_set_password(user=target, password=request.POST.get("password", ""), actor=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("已为 %(user)s 设置新密码") % {"user": target})
            return redirect("register_detail", key="users", pk=target.pk)
    return render(request, "accounts/password.html", {"target": target, "errors": errors})
