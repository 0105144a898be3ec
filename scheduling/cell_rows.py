"""The G-259 cells the initialization and the details write in bulk, as
plain rows: their fields, in order, and the remark of a shift the clocks
skip. One place, so that both write the same cells."""

# What is written of a cell; the fields left out are empty until someone
# fills them.
CELL_FIELDS = [
    "row_id",
    "day",
    "status",
    "leave_type",
    "shift_template_id",
    "shift_start",
    "shift_end",
    "activity_id",
    "sub_activity_id",
    "remarks",
    "version",
    "changed_by_hand",
    "leave_request_id",
    "detail_id",
]

SKIPPED_START = (
    "The shift's start time does not exist on this day (the clocks go forward): "
    "set the shift by hand."
)
