from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def level(scale, rank, *, label: bool = False):
    """A level as plants draw it: the symbol in its colour, with its letter."""
    if rank is None:
        return mark_safe('<span class="level none">—</span>')
    step = scale.get(rank) if hasattr(scale, "get") else None
    if step is None:
        return format_html('<span class="level">{}</span>', rank)
    code = step.letter
    if label:
        return format_html(
            '<span class="level l{}" title="{}"><b>{}</b> {}{}</span>',
            step.rank,
            step.description,
            step.symbol,
            f"{code} · " if code else "",
            step.label,
        )
    return format_html(
        '<span class="level l{}" title="{}"><b>{}</b> {}</span>',
        step.rank,
        step.label,
        step.symbol,
        code or step.label,
    )


@register.simple_tag
def level_styles(levels):
    """One colour rule per level of the scale, for the symbols of every skills page."""
    rules = "".join(
        format_html(".l{} b, table.matrix .l{}{{color:{}}}", lv.rank, lv.rank, lv.colour)
        for lv in levels
    )
    return format_html("<style>{}</style>", rules)


@register.filter
def label_of(record):
    return getattr(record, "label", record)
