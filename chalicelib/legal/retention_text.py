"""The retention section of the published policy, generated from the data map's
retention classes (the same list `GET /v1/legal/retention` serves)."""

from __future__ import annotations

from chalicelib.privacy.data_map import load


def _period(days: int | None) -> str:
    if days is None:
        return "while your account exists"
    if days % 365 == 0:
        years = days // 365
        return f"{years} year" + ("s" if years > 1 else "")
    return f"{days} day" + ("s" if days > 1 else "")


def retention_schedule_markdown() -> str:
    rows = ["| Data | Kept for | After account deletion |", "|---|---|---|"]
    for item in load().retention_classes():
        rows.append(
            f"| {item.description} | {_period(item.retention_days)} | {item.after_deletion} |"
        )
    return "\n".join(rows)
