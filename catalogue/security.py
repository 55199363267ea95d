"""Small pieces of the site's defences that settings point at."""

from django.conf import settings


def client_address(request):
    """The visitor's IP address, for sign-in throttling.

    Behind ``PROXY_COUNT`` proxies, each appending the address it was reached from to
    X-Forwarded-For, the visitor's address is that many entries from the right: entries further
    left were written by the visitor and cannot be trusted. Without proxies it is REMOTE_ADDR.
    """
    count = settings.PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
