"""Human contact details for the procurement office, read from knowledge/kontakt.yml."""

from __future__ import annotations

from advisor.knowledge import load_yaml


def contact_text() -> str:
    """Norwegian message with the procurement office's contact details."""
    contact = load_yaml("kontakt.yml")
    lines = [f"Du kan kontakte {contact['unit']}:"]
    if contact.get("email"):
        lines.append(f"- E-post: {contact['email']}")
    if contact.get("phone"):
        hours = f" ({contact['opening_hours']})" if contact.get("opening_hours") else ""
        lines.append(f"- Telefon: {contact['phone']}{hours}")
    if contact.get("url"):
        lines.append(f"- Nettside: {contact['url']}")
    if contact.get("note"):
        lines.append(contact["note"])
    return "\n".join(lines)


def contact_line() -> str:
    """The contact details on one line, for messages that end with «ask a person»."""
    contact = load_yaml("kontakt.yml")
    return ", ".join(str(contact[key]) for key in ("email", "phone") if contact.get(key)) or contact["unit"]
