"""A Salesforce-compatible org on loopback: OAuth login host plus Connect REST instance hosts."""

from .models import DemoOrgInfo, DemoUser
from .server import DemoOrg, PortInUseError

__all__ = ["DemoOrg", "DemoOrgInfo", "DemoUser", "PortInUseError"]
