"""What a rollback did, in words (history page and CLI): no Streamlit here."""

from wording import texts


def rollback_lines(record, cat) -> list[str]:
    """The rolled-back import, and the imports whose values are active again: those it
    had replaced whole, those it had replaced for some communes and periods."""
    def active(ids):
        return [i for i in ids if (r := cat.get(i)) is not None and r.status == "active"]

    back, overridden = active(record.replaces), active(record.overrides)
    lines = [texts.HISTORY_ROLLBACK_DONE.format(id=record.id)]
    if back:
        lines.append(texts.HISTORY_ROLLBACK_REACTIVATED.format(ids=", ".join(map(str, back))))
    if overridden:
        lines.append(texts.HISTORY_ROLLBACK_OVERRIDES_BACK.format(
            ids=", ".join(map(str, overridden))))
    if not back and not overridden:
        lines.append(texts.HISTORY_ROLLBACK_NOTHING_BACK)
    return lines
