"""Client network facts reduced before they are stored: IPs are cut to a prefix."""

from __future__ import annotations

import ipaddress


def ip_prefix(address: str) -> str:
    """IPv4 cut to /24, IPv6 to /48; anything unparsable becomes empty."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return ""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    bits = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{bits}", strict=False))
