# ruff: noqa: E501  (saved web pages and feeds have long lines)
"""Small, real-looking input files of every format, built by the tests themselves."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PAGE_URL = "https://www.lokalblatt.example/politik/radweg"
# A WordPress-style news page: article, byline, dates with offsets, three comments (one reply).
NEWS_PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<title>Stadtrat beschließt neuen Radweg | Lokalblatt</title>
<meta property="og:site_name" content="Lokalblatt Bozen">
<meta property="og:title" content="Stadtrat beschließt neuen Radweg">
<meta property="article:published_time" content="2025-03-10T08:00:00+01:00">
<meta name="author" content="Anna Berger">
<link rel="canonical" href="https://www.lokalblatt.example/politik/radweg">
</head><body>
<header><nav><a href="/">Start</a> <a href="/politik">Politik</a></nav></header>
<main><article>
<h1>Stadtrat beschließt neuen Radweg</h1>
<p class="byline">Von Anna Berger</p>
<p>Der Stadtrat hat am Montagabend mit großer Mehrheit den Bau eines neuen Radwegs entlang der Talfer beschlossen. Die Strecke soll drei Kilometer lang werden und die Altstadt mit den westlichen Stadtteilen verbinden.</p>
<p>Die Kosten von rund 4,2 Millionen Euro trägt zum größten Teil das Land. Bürgermeister Huber sprach von einem wichtigen Schritt für den Klimaschutz in der Stadt.</p>
<p>Kritik kam von der Opposition, die eine bessere Anbindung der Vororte fordert. Baubeginn ist für den Herbst geplant.</p>
</article>
<section id="comments" class="comments-area">
<h2>3 Kommentare</h2>
<ol class="comment-list">
<li id="comment-11" class="comment">
 <article id="div-comment-11" class="comment-body">
  <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Radler42</b> <span class="says">sagt:</span></div>
  <div class="comment-metadata"><time datetime="2025-03-10T09:15:00+01:00">10. März 2025 um 9:15</time></div></footer>
  <div class="comment-content"><p>Endlich! Darauf warten wir seit Jahren.</p></div>
 </article>
 <ol class="children">
 <li id="comment-12" class="comment">
  <article id="div-comment-12" class="comment-body">
   <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Autofahrer</b> <span class="says">sagt:</span></div>
   <div class="comment-metadata"><time datetime="2025-03-10T10:02:00+01:00">10. März 2025 um 10:02</time></div></footer>
   <div class="comment-content"><p>Und wo sollen die Parkplätze hin?</p></div>
  </article>
 </li>
 </ol>
</li>
<li id="comment-13" class="comment">
 <article id="div-comment-13" class="comment-body">
  <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Maria K.</b></div>
  <div class="comment-metadata"><time datetime="2025-03-11T07:40:00+01:00">11. März 2025</time></div></footer>
  <div class="comment-content"><p>Die Vororte brauchen auch Anschluss.</p><p>Bitte nachbessern.</p></div>
 </article>
</li>
</ol>
</section>
<footer><p>© 2025 Lokalblatt</p></footer>
</main></body></html>
"""

# The page as a crawler archived it at another address, without a canonical link.
ARCHIVED_URL = "https://www.lokalblatt.example/2025/03/radweg-talfer"
ARCHIVED_PAGE = NEWS_PAGE.replace(
    '<link rel="canonical" href="https://www.lokalblatt.example/politik/radweg">\n', ""
).replace('<meta property="article:published_time" content="2025-03-10T08:00:00+01:00">\n', "")

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Talfer Nachrichten</title><link>https://talfer.example/</link>
<item>
  <title>Brücke wird saniert</title>
  <link>https://talfer.example/bruecke</link>
  <guid>talfer-1001</guid>
  <pubDate>Mon, 10 Mar 2025 08:00:00 +0100</pubDate>
  <author>redaktion@talfer.example (Eva Moser)</author>
  <description>&lt;p&gt;Die &lt;b&gt;Talferbrücke&lt;/b&gt; wird ab April saniert.&lt;/p&gt;&lt;p&gt;Umleitungen sind ausgeschildert.&lt;/p&gt;</description>
</item>
<item>
  <title>Neue Buslinie</title>
  <link>https://talfer.example/bus</link>
  <pubDate>Tue, 11 Mar 2025 10:30:00 +0100</pubDate>
  <description>Eine neue Buslinie verbindet ab Mai die Vororte.</description>
</item>
<item><link>https://talfer.example/leer</link></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Bergblick Online</title>
  <entry>
    <id>tag:bergblick.example,2025:42</id>
    <title>Lawinengefahr steigt</title>
    <link href="https://bergblick.example/lawinen"/>
    <updated>2025-03-12T06:00:00+01:00</updated>
    <author><name>Jakob Kofler</name></author>
    <summary>Kurz: die Lawinengefahr steigt.</summary>
    <content type="html">&lt;p&gt;Die Lawinengefahr steigt in den Dolomiten auf Stufe drei.&lt;/p&gt;</content>
  </entry>
</feed>
"""

CSV_TEXT = (
    "headline,body,published,section,id\n"
    'Wahl im Gemeinderat,"Der Gemeinderat wählt\neinen neuen Präsidenten.",2025-03-01,Politik,c1\n'
    "Markt öffnet,Der Bauernmarkt öffnet wieder.,2025-03-02,Lokales,c2\n"
)

JSONL_RECORDS = [
    {"id": "j-c1", "type": "comment", "text": "Gute Nachricht für Pendler.", "parent_id": "j-a1"},
    {"id": "j-a1", "type": "article", "title": "Zug fährt öfter", "text": "Der Zug fährt "
     "künftig im Halbstundentakt.", "source": "Bahnblatt", "section": "Verkehr"},
]  # fmt: skip


def write_warc(path: Path, *, gzipped: bool = True) -> Path:
    """A web archive with the news page, a request, an image and a 404."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        page = ARCHIVED_PAGE.encode("utf-8")
        _response(writer, ARCHIVED_URL, "text/html; charset=utf-8", page)
        request = writer.create_warc_record(
            PAGE_URL, "request", payload=io.BytesIO(b"GET /politik/radweg HTTP/1.1\r\n\r\n")
        )
        writer.write_record(request)
        _response(writer, "https://www.lokalblatt.example/logo.png", "image/png", b"\x89PNG")
        _response(
            writer, "https://www.lokalblatt.example/alt", "text/html", b"weg", "404 Not Found"
        )
    return path


def _response(
    writer: WARCWriter, url: str, media_type: str, body: bytes, status: str = "200 OK"
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", media_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": "2025-03-12T09:30:00Z"},
    )
    writer.write_record(record)


def build_corpus(root: Path) -> Path:
    """One folder with every format: page, feed, archive, CSV, gzipped JSON Lines."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "radweg.html").write_text(NEWS_PAGE, encoding="utf-8")
    (root / "talfer.rss").write_text(FEED, encoding="utf-8")
    write_warc(root / "crawl.warc.gz")
    (root / "artikel.csv").write_text(
        CSV_TEXT.replace("headline,body,published", "title,text,date"), encoding="utf-8"
    )
    lines = "\n".join(json.dumps(record, ensure_ascii=False) for record in JSONL_RECORDS)
    (root / "bahn.jsonl.gz").write_bytes(gzip.compress(lines.encode("utf-8")))
    return root
