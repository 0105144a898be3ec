"""Pages for schedule defaults."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from bpets import clock
from scheduling import defaults
from scheduling.forms import ScheduleDefaultForm
from scheduling.models import ScheduleDefault
from staffing import selectors as staffing_selectors


def people(request):
    """The people whose defaults the user sets."""
    return render(
        request,
        "scheduling/defaults/people.html",
        {"people": defaults.people_set_by(request.user)},
    )


def edit(request, employee_pk):
    employee = staffing_selectors.employee(employee_pk)
    if not defaults.may_set(request.user, employee):
        raise PermissionDenied(
            "Only the person's supervisors, or the station's scheduling "
            "administrators, set their schedule defaults."
        )
    current = ScheduleDefault.objects.filter(employee=employee).first()
    form = ScheduleDefaultForm(
        request.POST or None,
        instance=current,
        station=employee.duty_station,
        initial={} if current else {"overtime_year": _this_leave_year(employee)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            defaults.save_default(
                actor=request.user, employee=employee, default=form.instance
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{employee.full_name}'s defaults are saved.")
            return redirect("scheduling:defaults")
    return render(
        request,
        "scheduling/defaults/edit.html",
        {"employee": employee, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _this_leave_year(employee) -> int:
    from scheduling import pay_periods

    return pay_periods.containing(clock.today_at(employee.duty_station)).year
