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


# Levels 1 (acute) to 5 (fully self-sufficient): red to blue, grey in the middle.
LEVEL_COLOURS = ("#b2182b", "#ef8a62", "#a6a6a6", "#67a9cf", "#2166ac")
BAR_LEFT, BAR_WIDTH, BAR_HEIGHT, BAR_GAP, NAME_HEIGHT = 110, 400, 16, 4, 18
LEGEND_COLUMN, LEGEND_ROW = 190, 18


def distribution_svg(rows, *, title: str, level_names, hidden_text: str, empty_text: str) -> str:
    """Stacked bars of the level distribution: per domain one bar per moment (nulmeting,
    eindmeting), split by level into shares of those scored. ``rows`` are
    ``report.ChartRow``; a bar whose counts are hidden (small counts) is not drawn, the
    ``hidden_text`` stands in its place, so the chart never shows what the table hides."""
    if not rows:
        return ""
    width = BAR_LEFT + BAR_WIDTH + 70
    per_line = max(1, width // LEGEND_COLUMN)
    legend_height = LEGEND_ROW * -(-len(level_names) // per_line) + 8
    legend = format_html_join(
        "",
        '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
        '<text x="{}" y="{}" font-size="11">{} {}</text>',
        (
            (
                4 + LEGEND_COLUMN * (i % per_line),
                4 + LEGEND_ROW * (i // per_line),
                LEVEL_COLOURS[(number - 1) % len(LEVEL_COLOURS)],
                20 + LEGEND_COLUMN * (i % per_line),
                14 + LEGEND_ROW * (i // per_line),
                number,
                name,
            )
            for i, (number, name) in enumerate(level_names)
        ),
    )
    parts = []
    y = legend_height
    for row in rows:
        parts.append(
            format_html(
                '<text x="4" y="{}" font-size="12" font-weight="bold">{}</text>', y + 13, row.label
            )
        )
        y += NAME_HEIGHT
        for moment, counts in row.bars:
            parts.append(_bar(moment, counts, y, hidden_text, empty_text))
            y += BAR_HEIGHT + BAR_GAP
        y += 6
    height = y + 4
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet"><title>{}</title>{}{}</svg>',
        width,
        height,
        title,
        legend,
        mark_safe("".join(parts)),  # noqa: S308 - every part built with format_html
    )


def _bar(moment, counts, y, hidden_text, empty_text) -> str:
    label = format_html('<text x="14" y="{}" font-size="11">{}</text>', y + BAR_HEIGHT - 4, moment)
    note = '<text x="{}" y="{}" font-size="11" fill="#4a5561">{}</text>'
    if counts is None:
        return label + format_html(note, BAR_LEFT, y + BAR_HEIGHT - 4, hidden_text)
    total = sum(counts)
    if not total:
        return label + format_html(note, BAR_LEFT, y + BAR_HEIGHT - 4, empty_text)
    segments, x = [], 0
    for level, value in enumerate(counts):
        if not value:
            continue
        # The last segment ends exactly at the bar's end, whatever the rounding before it.
        end = round(BAR_WIDTH * (sum(counts[: level + 1])) / total)
        segments.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                BAR_LEFT + x,
                y,
                end - x,
                BAR_HEIGHT,
                LEVEL_COLOURS[level % len(LEVEL_COLOURS)],
            )
        )
        x = end
    return (
        label
        + mark_safe("".join(segments))  # noqa: S308 - built with format_html
        + format_html(
            '<text x="{}" y="{}" font-size="11">n = {}</text>',
            BAR_LEFT + BAR_WIDTH + 6,
            y + BAR_HEIGHT - 4,
            total,
        )
    )
