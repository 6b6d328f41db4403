"""The small Markdown subset the docs use, as HTML: headings, paragraphs, lists, tables, fenced code,
inline code, bold, emphasis and links (``.md`` links become ``.html``). Display LaTeX (``$$ ... $$``)
stays visible as source in a ``<pre class="tex">`` block: the guide renders mathematics from sympy
(MathML), never from LaTeX text.
"""
from __future__ import annotations

import html
import re

_INLINE = [
    (re.compile(r"`([^`]+)`"), lambda m: f"<code>{m.group(1)}</code>"),
    (re.compile(r"\*\*([^*]+)\*\*"), lambda m: f"<strong>{m.group(1)}</strong>"),
    (re.compile(r"(?<![\w*])\*([^*\s][^*]*)\*(?!\w)"), lambda m: f"<em>{m.group(1)}</em>"),
    (re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)"), lambda m: f'<a href="{_href(m.group(2))}">{m.group(1)}</a>'),
]


def _href(target: str) -> str:
    return re.sub(r"\.md(#|$)", r".html\1", target)


def inline(text: str) -> str:
    parts = re.split(r"(`[^`]+`)", html.escape(text, quote=False))
    out = []
    for part in parts:
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out.append(f"<code>{part[1:-1]}</code>")
            continue
        for pattern, repl in _INLINE[1:]:
            part = pattern.sub(repl, part)
        out.append(part)
    return "".join(out).replace("\\|", "|")


def to_html(text: str) -> str:
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].strip().startswith("```"):
                j += 1
            out.append("<pre><code>" + html.escape("\n".join(lines[i + 1:j])) + "</code></pre>")
            i = j + 1
        elif stripped.startswith("$$"):
            body = [stripped]
            while not (body[-1].endswith("$$") and len("\n".join(body)) > 2) and i + 1 < len(lines):
                i += 1
                body.append(lines[i].strip())
            out.append('<pre class="tex">' + html.escape("\n".join(body)) + "</pre>")
            i += 1
        elif stripped.startswith("<!--"):
            i += 1
        elif m := re.match(r"(#{1,6})\s+(.*)", stripped):
            level = len(m.group(1))
            ident = re.sub(r"[^a-z0-9]+", "-", m.group(2).lower()).strip("-")
            out.append(f'<h{level} id="{ident}">{inline(m.group(2))}</h{level}>')
            i += 1
        elif stripped.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = [c.strip() for c in re.split(r"(?<!\\)\|", lines[i].strip())[1:-1]]
                if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                    rows.append(cells)
                i += 1
            head, body = rows[0], rows[1:]
            out.append("<table><thead><tr>" + "".join(f"<th>{inline(c)}</th>" for c in head) + "</tr></thead><tbody>"
                       + "".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in r) + "</tr>" for r in body)
                       + "</tbody></table>")
        elif re.match(r"([-*]|\d+\.)\s", stripped):
            tag = "ol" if stripped[0].isdigit() else "ul"
            items = []
            while i < len(lines) and (re.match(r"([-*]|\d+\.)\s", lines[i].strip()) or
                                      (lines[i].startswith("  ") and lines[i].strip() and items)):
                s = lines[i].strip()
                if re.match(r"([-*]|\d+\.)\s", s):
                    items.append(re.sub(r"^([-*]|\d+\.)\s+", "", s))
                else:
                    items[-1] += " " + s
                i += 1
            out.append(f"<{tag}>" + "".join(f"<li>{inline(it)}</li>" for it in items) + f"</{tag}>")
        elif not stripped:
            i += 1
        else:
            para = []
            while i < len(lines) and lines[i].strip() and not re.match(r"(#|\||```|\$\$|<!--|([-*]|\d+\.)\s)",
                                                                       lines[i].strip()):
                para.append(lines[i].strip())
                i += 1
            out.append("<p>" + inline(" ".join(para)) + "</p>")
    return "\n".join(out)
