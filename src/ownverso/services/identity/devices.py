"""Device, operating system and browser from a User-Agent header (user-agents library)."""

from user_agents import parse


def describe_device(user_agent: str | None) -> dict:
    if not user_agent:
        return {"device_type": None, "device_os": None, "browser": None}
    agent = parse(user_agent)
    if agent.is_tablet:
        kind = "tablet"
    elif agent.is_mobile:
        kind = "mobile"
    elif agent.is_bot:
        kind = "bot"
    elif agent.is_pc:
        kind = "desktop"
    else:
        kind = "other"
    os_name = " ".join(p for p in (agent.os.family, agent.os.version_string) if p).strip()
    browser = " ".join(p for p in (agent.browser.family, agent.browser.version_string) if p)
    return {"device_type": kind, "device_os": os_name[:64] or None,
            "browser": browser.strip()[:64] or None}
