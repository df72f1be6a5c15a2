#!/usr/bin/env python3
"""Deterministic generator of web-access log documents shaped like Rally's `http_logs` track
(1998 World Cup access logs) with a few modern fields.

Each document:
  {"@timestamp": "2024-05-01T00:00:00.123Z",   # ISO 8601 with millis, non-decreasing
   "clientip": "40.135.0.12",                   # heavy-tailed over a few busy networks + long tail
   "request": "GET /images/hm_bg.jpg HTTP/1.1",
   "status": 200,                               # mostly 200, some 304/404/206/301/500/503
   "size": 24736,                               # log-normal bytes, 0 for 304
   "useragent": "Mozilla/5.0 (...)",
   "referrer": "https://www.example-news.com/..." or "-"}

The same (seed, count, start) always gives the same documents, byte for byte.

    python3 generate_http_logs.py --docs 1000 --seed 1 > logs.ndjson          # documents
    python3 generate_http_logs.py --docs 1000 --bulk-index logs > bulk.ndjson # _bulk body
"""

import argparse
import datetime as dt
import json
import random
import sys

START = dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc)

SECTIONS = ["english", "french", "german", "spanish", "japanese", "italian"]
PAGES = ["index.html", "news.html", "teams.html", "venues.html", "history.html", "tickets.html",
         "schedule.html", "results.html", "playing.html", "member.html"]
IMAGE_NAMES = ["hm_bg", "hm_nbg", "logo_cup", "nav_home_off", "nav_home_on", "nav_tickets_off",
               "nav_team_off", "nav_venue_off", "nav_history_off", "space", "102328", "11187", "bord_stories",
               "dot", "hm_anime_e", "hm_brdl", "hm_brdr", "news_hm_header", "teams_hm_bg", "tck_hm_bg"]
TEAM_CODES = ["bra", "fra", "ger", "ita", "arg", "eng", "ned", "esp", "cro", "nga", "mex", "usa", "jpn", "kor",
              "sco", "nor", "den", "swe", "chi", "par", "rom", "yug", "bel", "aut", "cmr", "tun", "mar", "jam",
              "irn", "ksa", "rsa", "bul"]
USER_AGENTS = [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Safari/537.36", 34),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.4 Safari/605.1.15", 12),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.4 Mobile/15E148 Safari/604.1", 16),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Mobile Safari/537.36", 14),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0", 8),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36", 4),
    ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 5),
    ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", 2),
    ("curl/8.5.0", 2),
    ("python-requests/2.31.0", 2),
    ("Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)", 1),
]
REFERRER_HOSTS = ["https://www.google.com/", "https://www.bing.com/", "https://duckduckgo.com/",
                  "https://news.example.org/sport/", "https://forum.example.net/t/", "https://t.co/"]
STATUSES = [(200, 851), (304, 92), (404, 31), (206, 8), (301, 6), (302, 4), (500, 5), (503, 2), (403, 1)]
METHODS = [("GET", 970), ("HEAD", 18), ("POST", 12)]


def _cumulative(pairs):
    total, out = 0, []
    for value, weight in pairs:
        total += weight
        out.append((total, value))
    return total, out


def _pick(rng, table):
    total, cum = table
    x = rng.random() * total
    for bound, value in cum:
        if x < bound:
            return value
    return cum[-1][1]


_UA = _cumulative(USER_AGENTS)
_STATUS = _cumulative(STATUSES)
_METHOD = _cumulative(METHODS)


def _public_first_octet(rng):
    while True:
        a = rng.randrange(1, 224)
        if a not in (10, 127, 100, 169, 172, 192, 198, 203):  # skip private/reserved-ish
            return a


class HttpLogGenerator:
    def __init__(self, seed=1, start=START, mean_gap_ms=2.0):
        self.rng = random.Random(seed)
        self.ts_ms = int(start.timestamp() * 1000)
        self.mean_gap_ms = mean_gap_ms
        rng = random.Random(seed ^ 0x5EED)
        # Busy networks (proxies, NATs, crawlers) make most of the traffic, Zipf-like.
        self.busy = [(_public_first_octet(rng), rng.randrange(256), rng.randrange(256)) for _ in range(400)]
        self.busy_weights = _cumulative([(i, 1.0 / (i + 1) ** 1.1) for i in range(len(self.busy))])
        self.paths = self._make_paths(rng)
        self.path_table = _cumulative([(i, 1.0 / (i + 1) ** 0.9) for i in range(len(self.paths))])

    @staticmethod
    def _make_paths(rng):
        paths = []
        for name in IMAGE_NAMES:
            paths.append(f"/images/{name}.{rng.choice(['gif', 'gif', 'jpg'])}")
        for sec in SECTIONS:
            for page in PAGES:
                paths.append(f"/{sec}/{page}")
            for team in TEAM_CODES:
                paths.append(f"/{sec}/teams/{team}/{rng.choice(['index', 'players', 'results'])}.html")
        for team in TEAM_CODES:
            paths.append(f"/images/teams/{team}_flag.gif")
            paths.append(f"/images/teams/{team}_{rng.randrange(1, 40):02d}.jpg")
        paths += ["/", "/favicon.ico", "/robots.txt", "/cgi-bin/trivia.pl", "/cgi-bin/search.cgi",
                  "/api/v1/scores", "/api/v1/matches", "/static/app.js", "/static/app.css"]
        rng.shuffle(paths)
        return paths

    def _clientip(self):
        rng = self.rng
        if rng.random() < 0.8:
            a, b, c = self.busy[_pick(rng, self.busy_weights)]
            return f"{a}.{b}.{c}.{rng.randrange(1, 255)}"
        return f"{_public_first_octet(rng)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"

    def _request(self):
        rng = self.rng
        path = self.paths[_pick(rng, self.path_table)]
        if path.startswith("/cgi-bin/search") or path.startswith("/api/"):
            path += f"?q={rng.choice(TEAM_CODES)}&page={rng.randrange(1, 6)}"
        proto = "HTTP/1.1" if rng.random() < 0.9 else "HTTP/1.0"
        return f"{_pick(rng, _METHOD)} {path} {proto}", path

    def _timestamp(self):
        gap = self.rng.expovariate(1.0 / self.mean_gap_ms)
        self.ts_ms += int(gap)
        t = dt.datetime.fromtimestamp(self.ts_ms / 1000, tz=dt.timezone.utc)
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{self.ts_ms % 1000:03d}Z"

    def next_doc(self):
        rng = self.rng
        ts = self._timestamp()
        request, path = self._request()
        status = _pick(rng, _STATUS)
        if status == 304 or request.startswith("HEAD"):
            size = 0
        elif status >= 400:
            size = int(rng.lognormvariate(6.0, 0.4))
        else:
            mu = 9.2 if path.endswith((".jpg", ".js")) else 7.6
            size = int(rng.lognormvariate(mu, 1.3))
        referrer = "-"
        if rng.random() < 0.55:
            host = REFERRER_HOSTS[rng.randrange(len(REFERRER_HOSTS))] if rng.random() < 0.3 else \
                "https://www.worldcup-example.com/"
            referrer = host + self.paths[_pick(rng, self.path_table)].lstrip("/")
        return {"@timestamp": ts, "clientip": self._clientip(), "request": request, "status": status,
                "size": size, "useragent": _pick(rng, _UA), "referrer": referrer}

    def docs(self, n):
        for _ in range(n):
            yield self.next_doc()


def bulk_body(docs, index=None):
    """NDJSON `_bulk` body (index actions with auto ids) for an iterable of documents."""
    action = json.dumps({"index": {"_index": index}} if index else {"index": {}}, separators=(",", ":"))
    parts = []
    for d in docs:
        parts.append(action)
        parts.append(json.dumps(d, separators=(",", ":")))
    return ("\n".join(parts) + "\n").encode()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bulk-index", help="emit a _bulk body for this index instead of bare documents")
    args = ap.parse_args()
    gen = HttpLogGenerator(args.seed)
    out = sys.stdout.buffer
    if args.bulk_index:
        chunk = 10000
        left = args.docs
        while left > 0:
            n = min(chunk, left)
            out.write(bulk_body(gen.docs(n), args.bulk_index))
            left -= n
    else:
        for d in gen.docs(args.docs):
            out.write(json.dumps(d, separators=(",", ":")).encode() + b"\n")


if __name__ == "__main__":
    main()
