from django.utils.translation import gettext_lazy as _

from fazhi.accounts.constants import Role
from fazhi.common.registers import Column, Register, register

from .models import HolidayYearNotice

HOLIDAY_NOTICES = register(
    Register(
        key="holiday-notices",
        model=HolidayYearNotice,
        event_prefix="holiday_notice",
        form_fields=["year", "days_off", "makeup_working_days", "source"],
        columns=[
            Column("year", "年度"),
            Column("days_off", "放假日期"),
            Column("makeup_working_days", "调休上班日期"),
            Column("source", "来源"),
        ],
        natural_key=["year"],
        list_fields=["year", "source"],
        edit_roles=frozenset({Role.ADMINISTRATOR}),
        description=_("国务院办公厅每年的节假日安排通知；在 chinesecalendar 收录之前载入，所有期限按此计算。"),
    )
)
