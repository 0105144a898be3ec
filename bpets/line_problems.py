"""A problem found in an imported file, placed by line and column.

Each import (the statistical snapshot, the payroll extract) checks the whole
file before it changes anything and reports what it refuses in these terms.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message}

    def __str__(self):
        where = f"line {self.line}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"
