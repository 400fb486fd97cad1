"""Briefing → one self-contained HTML file: inline CSS, no scripts, fonts or images fetched,
evidence quotes expandable beside each statement, a colour-coded stance matrix with a
legend, and a numbered citation list that prints."""

from __future__ import annotations

from html import escape

from summarizer.models import Actor
from summarizer.models.briefing import Briefing, Citation
from summarizer.render.citations import Citations

STANCE_COLOURS = {
    "supports": ("#d9f2d9", "supports the proposal"),
    "rejects": ("#f7d4d4", "rejects the proposal"),
    "conditional": ("#fcebc4", "supports with conditions"),
    "neutral": ("#e6e6e6", "neutral"),
    "unclear": ("#f4f4f4", "unclear"),
    "disputed": ("#e3d6f5", "sources disagree"),
}

CSS = """
body{font:15px/1.5 Georgia,'Times New Roman',serif;color:#111;
  max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.7rem;margin-bottom:.2rem}
h2{border-bottom:1px solid #bbb;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #bbb;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#f0f0f0}
.meta{color:#555;font-style:italic}
details.cite{display:inline-block;vertical-align:top;margin-right:.15rem}
details.cite[open]{display:block}
details summary{display:inline;cursor:pointer;color:#1a4d8f;font-size:.85em}
details blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;
  border-left:3px solid #ccc;color:#333;font-size:.9em}
.legend span{display:inline-block;padding:.1rem .5rem;margin:.1rem;border:1px solid #999}
.flag{font-weight:bold;color:#6a1b9a}
ol.citations{font-size:.85em}
@media print{details summary{color:#000} body{margin:0;max-width:none} a{color:#000}}
"""


def _actor(a: Actor) -> str:
    return f"{a.name} ({a.country_code})" if a.country_code else a.name


def render_brief_html(b: Briefing) -> str:
    refs = Citations(b)

    def cites(cs: list[Citation]) -> str:
        parts = []
        for n in refs.numbers_for(cs):
            c = refs.items[n - 1]
            parts.append(
                f'<details class="cite" data-cite="{n}"><summary>[{n}]</summary>'
                f"<blockquote>{escape(c.quote)}<br><small>{escape(c.source)}, sentence "
                f"{c.sentence_id}</small></blockquote></details>"
            )
        return " ".join(parts)

    h: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(b.title)}</title><style>{CSS}</style></head><body>",
        f'<header><h1>{escape(b.title)}</h1><p class="meta">{len(b.sources)} sources · '
        f"created {b.created_at:%Y-%m-%d %H:%M} UTC · executive summary by "
        f"{escape(b.executive_summary_by)}</p></header><main>",
        '<section id="summary"><h2>Executive summary</h2><ul>',
    ]
    h += [f"<li>{escape(x.text)} {cites(x.citations)}</li>" for x in b.executive_summary]
    h += ["</ul></section>", '<section id="timeline"><h2>Timeline</h2><table>',
          "<thead><tr><th>#</th><th>When</th><th>What</th><th>Actors</th><th>Sources</th>"
          "</tr></thead><tbody>"]  # fmt: skip
    for t in b.timeline:
        srcs = ", ".join(sorted({c.source for c in t.citations}))
        h.append(
            f'<tr id="{t.id}"><td>{t.id}</td><td>{escape(t.when or "")}</td>'
            f"<td>{escape(t.description)} {cites(t.citations)}</td>"
            f"<td>{escape(', '.join(_actor(a) for a in t.actors))}</td><td>{srcs}</td></tr>"
        )
    h += ["</tbody></table></section>", '<section id="positions"><h2>Positions by country</h2>']
    for group in b.positions:
        h.append(f"<h3>{escape(_actor(group.actor))}</h3><ul>")
        for st in group.statements:
            who = f" ({escape(st.speaker)})" if st.speaker else ""
            h.append(
                f"<li><b>{st.source}</b>{who}: {escape(st.position)} {cites(st.citations)}</li>"
            )
        h.append("</ul>")
    h += ['</section><section id="proposals"><h2>Peace proposals: stance matrix</h2>',
          '<p class="legend">Legend: ' + "".join(
              f'<span style="background:{c}">{k}: {escape(d)}</span>'
              for k, (c, d) in STANCE_COLOURS.items()) + "</p>"]  # fmt: skip
    if not b.proposals:
        h.append("<p>No peace proposal is reported in these sources.</p>")
    for row in b.proposals:
        h.append(f"<h3>{row.id}. {escape(_actor(row.proposer))}: {escape(row.summary)}</h3>")
        h.append('<table class="matrix"><thead><tr><th>Actor</th><th>Stance</th>'
                 "<th>By source</th><th>Evidence</th></tr></thead><tbody>")  # fmt: skip
        for cell in row.stances:
            colour = STANCE_COLOURS[cell.stance][0]
            flag = ' <span class="flag">⚠ sources disagree</span>' if cell.disagreement else ""
            by = ", ".join(f"{s}: {v}" for s, v in cell.by_source.items())
            h.append(
                f'<tr><td>{escape(_actor(cell.actor))}</td><td class="stance stance-{cell.stance}"'
                f' style="background:{colour}">{cell.stance}{flag}</td><td>{escape(by)}</td>'
                f"<td>{cites(cell.citations)}</td></tr>"
            )
        h.append("</tbody></table>")
    h += ['</section><section id="sources"><h2>Sources</h2><ul>']
    h += [f"<li><b>{s.id}</b>: {escape(s.title or s.input)} (<code>{escape(s.input)}</code>)</li>"
          for s in b.sources]  # fmt: skip
    h.append("</ul></section>")
    if b.warnings:
        h += ['<section id="warnings"><h2>Warnings</h2><ul>']
        h += [f"<li>{escape(w)}</li>" for w in b.warnings] + ["</ul></section>"]
    h += ['<section id="citations"><h2>Citations</h2><ol class="citations">']
    h += [f"<li>{escape(c.source)}, sentence {c.sentence_id}: “{escape(c.quote)}”</li>"
          for c in refs.items]  # fmt: skip
    h += ["</ol></section></main></body></html>"]
    return "\n".join(h) + "\n"
