"""Server-side SVG charts (ARCHITECTURE.md: the same chart on screen, in PDF and offline)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

ROW, LABEL, STEP, TOP = 28, 210, 70, 30


def progress_svg(progress, *, title: str) -> str:
    """A dot chart: one row per domain, one column per measurement, the level (1-5) as a dot
    whose size and text grow with the level, and a line joining a domain's dots."""
    if not progress or not progress[0][1]:
        return ""
    columns = [m for m, _level in progress[0][1]]
    width = LABEL + STEP * len(columns) + 20
    height = TOP + ROW * len(progress) + 10
    heads = format_html_join(
        "",
        '<text x="{}" y="18" text-anchor="middle" font-size="12">{}</text>',
        (
            (
                LABEL + STEP * i + STEP // 2,
                f"{m.get_kind_display().split(' (')[0]} {m.date:%d-%m-%Y}",
            )
            for i, m in enumerate(columns)
        ),
    )
    rows = []
    for r, (domain, levels) in enumerate(progress):
        y = TOP + ROW * r + ROW // 2
        points = [
            (LABEL + STEP * i + STEP // 2, level) for i, (_m, level) in enumerate(levels) if level
        ]
        line = " ".join(f"{x},{y}" for x, _level in points)
        dots = format_html_join(
            "",
            '<circle cx="{}" cy="{}" r="{}" fill="#1f5f8b"/>'
            '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#fff">{}</text>',
            ((x, y, 6 + level, x, y + 4, level) for x, level in points),
        )
        rows.append(
            format_html(
                '<text x="4" y="{}" font-size="12">{}</text>'
                '<polyline points="{}" fill="none" stroke="#8aa" stroke-width="2"/>{}',
                y + 4,
                domain.name,
                line,
                dots,
            )
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {} {}" width="{}" '
        'height="{}"><title>{}</title>{}{}</svg>',
        width,
        height,
        width,
        height,
        title,
        heads,
        mark_safe("".join(rows)),  # noqa: S308 - every row built with format_html
    )
