"""A change that met a database constraint because of someone else's.

The forms and services check uniqueness before they save, so a unique or
foreign-key constraint is met only when another user saved in between
(two administrators entering the same number at once). Whatever view it
happens in, the transaction has rolled back and nothing is changed: the
user is told so, with a 409, instead of a server error.
"""

import logging

from django.db import IntegrityError
from django.shortcuts import render

logger = logging.getLogger(__name__)


class ConflictMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, IntegrityError):
            return None
        logger.warning("conflicting change refused on %s", request.path)
        return render(request, "409.html", status=409)
