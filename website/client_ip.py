import ipaddress

from django.conf import settings


def _address(value):
    """`value` if it is an IP address, else None (a proxy's junk, a Unix socket's '')."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The visitor's IP address, for rate limits and the sign-in lockout; None if unknown.

    Behind TRUSTED_PROXY_COUNT proxies that each append the address they saw to
    X-Forwarded-For, the visitor is the entry that many places from the right; entries
    further left were sent by the client itself and prove nothing. Without trusted
    proxies the header is ignored.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= proxies and (address := _address(forwarded[-proxies])):
            return address
    return _address(request.META.get("REMOTE_ADDR", ""))
