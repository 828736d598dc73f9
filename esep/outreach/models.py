"""Outreach campaigns: meetings held and door-to-door rounds against their plan, and the people reached."""
