"""Caching headers set once: responses that carry paid content are never stored."""

from functools import wraps

from flask import after_this_request

PRIVATE_NO_STORE = "private, no-store"


def no_store(view):
    """``Cache-Control: private, no-store`` on the view's response (errors included), for
    anything that may carry chapter text a shared cache must not keep."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        @after_this_request
        def forbid_storing(response):
            response.headers["Cache-Control"] = PRIVATE_NO_STORE
            return response

        return view(*args, **kwargs)

    return wrapper
