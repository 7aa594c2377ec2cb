"""Small inline SVG charts for the HTML report; each has a title and description for screen
readers, and the report prints the same figures as a table beside it.

Coordinates are rounded to one decimal, so identical reports are identical bytes. Colours keep 3:1
against white for marks (WCAG 1.4.11) and 4.5:1 for text.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from .formatting import band, decimal, percent
from .model import ItemReport, QuizReport, Thresholds

INK = "#1d3557"  # marks and text
MUTED = "#595959"  # axes, gridline labels
FLAGGED = "#b5172b"
GRID = "#767676"


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _svg(chart_id: str, width: int, height: int, title: str, description: str, body: list[str]) -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart">'
            f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>')
    return Markup(head + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, anchor: str = "middle", css: str = "axis") -> str:
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" class="{css}">{escape(text)}</text>'


def scatter(quiz: QuizReport, limits: Thresholds, chart_id: str) -> Markup:
    """Facility (x) against item-rest correlation (y); flagged questions labelled with their ids."""
    width, height, left, right, top, bottom = 560, 340, 52, 20, 16, 46
    y_low, y_high = -0.6, 1.0
    plot_w, plot_h = width - left - right, height - top - bottom

    def x_of(value: float) -> float:
        return left + value * plot_w

    def y_of(value: float) -> float:
        clipped = min(y_high, max(y_low, value))
        return top + (y_high - clipped) / (y_high - y_low) * plot_h

    body = [f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" class="plot"/>']
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        body.append(f'<line x1="{_n(x_of(tick))}" y1="{top}" x2="{_n(x_of(tick))}" y2="{top + plot_h}" class="grid"/>')
        body.append(_text(x_of(tick), top + plot_h + 16, decimal(tick)))
    for tick in (-0.5, 0.0, 0.5, 1.0):
        body.append(f'<line x1="{left}" y1="{_n(y_of(tick))}" x2="{left + plot_w}" y2="{_n(y_of(tick))}" class="grid"/>')
        body.append(_text(left - 6, y_of(tick) + 4, decimal(tick), "end"))
    for x in (limits.too_hard, limits.too_easy):
        body.append(f'<line x1="{_n(x_of(x))}" y1="{top}" x2="{_n(x_of(x))}" y2="{top + plot_h}" class="limit"/>')
    body.append(f'<line x1="{left}" y1="{_n(y_of(limits.min_discrimination))}" x2="{left + plot_w}" '
                f'y2="{_n(y_of(limits.min_discrimination))}" class="limit"/>')
    body.append(_text(left + plot_w / 2, height - 8, "facility (share right)"))
    body.append(f'<text x="14" y="{_n(top + plot_h / 2)}" text-anchor="middle" class="axis" '
                f'transform="rotate(-90 14 {_n(top + plot_h / 2)})">item-rest correlation</text>')
    plotted = [item for item in quiz.items if item.facility is not None and item.discrimination is not None]
    for item in plotted:
        x, y = x_of(item.facility or 0.0), y_of(item.discrimination or 0.0)
        css = "point flagged" if _judged_flags(item) else "point"
        body.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4.5" class="{css}"/>')
        if _judged_flags(item):
            anchor = "end" if x > left + plot_w * 0.75 else "start"
            body.append(_text(x + (-7 if anchor == "end" else 7), y - 6, item.question.id, anchor, "label"))
    flagged = sum(1 for item in plotted if _judged_flags(item))
    unplotted = sum(1 for item in quiz.items if item.facility is not None and item.discrimination is None)
    alike = f" ({unplotted} without a correlation, as every learner scored alike on it)" if unplotted else ""
    description = (f"{len(plotted)} questions plotted{alike} by facility and item-rest correlation; dashed lines mark "
                   f"the thresholds {decimal(limits.too_hard)} and {decimal(limits.too_easy)} (facility) and "
                   f"{decimal(limits.min_discrimination)} (correlation); {flagged} flagged question(s) are "
                   "labelled. The table of questions gives the same figures.")
    return _svg(chart_id, width, height, f"{quiz.quiz.title}: facility and discrimination", description, body)


def _judged_flags(item: ItemReport) -> bool:
    return any(flag.rule in ("too-easy", "too-hard", "possibly-mis-keyed", "low-discrimination", "rare-distractor")
               for flag in item.flags)


def histogram(quiz: QuizReport, chart_id: str) -> Markup:
    width, height, left, top, bottom = 420, 200, 36, 12, 40
    plot_w, plot_h = width - left - 10, height - top - bottom
    most = max(quiz.histogram, default=0) or 1
    bar = plot_w / len(quiz.histogram)
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" class="axisline"/>']
    for i, count in enumerate(quiz.histogram):
        h = count / most * plot_h
        body.append(f'<rect x="{_n(left + i * bar + 2)}" y="{_n(top + plot_h - h)}" width="{_n(bar - 4)}" '
                    f'height="{_n(h)}" class="bar"/>')
        if count:
            body.append(_text(left + i * bar + bar / 2, top + plot_h - h - 3, str(count), css="value"))
        body.append(_text(left + i * bar + bar / 2, top + plot_h + 14, band(i).split("-")[0]))
    body.append(_text(left + plot_w / 2, height - 6, "first-attempt score (%)"))
    description = ("Learners per 10-point band of first-attempt scores: "
                   + ", ".join(f"{band(i)}: {n}" for i, n in enumerate(quiz.histogram)) + ".")
    return _svg(chart_id, width, height, f"{quiz.quiz.title}: score distribution", description, body)


def choice_bars(item: ItemReport, chart_id: str) -> Markup:
    """One bar per choice, the right ones marked; the share of learners who picked each."""
    row, label_w, bar_w = 22, 56, 220
    height = row * len(item.options) + 6
    width = label_w + bar_w + 52
    body = []
    for i, option in enumerate(item.options):
        y = 3 + i * row
        body.append(_text(label_w - 6, y + 15, f"{option.id}{' ✓' if option.correct else ''}", "end", "label"))
        w = max(option.share * bar_w, 0.5)
        body.append(f'<rect x="{label_w}" y="{y + 3}" width="{_n(w)}" height="{row - 8}" '
                    f'class="{"bar right" if option.correct else "bar"}"/>')
        body.append(_text(label_w + w + 5, y + 15, percent(option.share), "start", "value"))
    description = "; ".join(f"choice {o.id}{' (right)' if o.correct else ''}: {percent(o.share)}" for o in item.options)
    return _svg(chart_id, width, height, f"{item.question.id}: share of learners picking each choice", description, body)
