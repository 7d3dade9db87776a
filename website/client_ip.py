import ipaddress

from django.conf import settings

# One IPv6 subscriber gets a whole /64 (often more) and picks any address in it at will, so
# counting per IPv6 address would give every attempt a fresh count. IPv4 addresses are
# scarce enough to count one by one.
IPV6_CLIENT_PREFIX = 64


def _address(value):
    """`value` if it is an IP address, else None (a proxy's junk, a Unix socket's '')."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The visitor's IP address; None if unknown.

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


def client_network(request):
    """What rate limits and the sign-in lockout count by; None if unknown.

    An IPv4 address as it is; an IPv6 address as the first address of its /64, so every
    address of one subscriber counts together. Still a valid IP address: django-axes
    stores it in an IP address column.
    """
    address = client_ip(request)
    if address is None:
        return None
    ip = ipaddress.ip_address(address)
    if ip.version == 4:
        return address
    if ip.ipv4_mapped:  # ::ffff:192.0.2.1 is an IPv4 client on a dual-stack socket
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/{IPV6_CLIENT_PREFIX}", strict=False).network_address)
