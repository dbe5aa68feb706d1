#!/usr/bin/env python3
"""A CoinGecko-compatible stand-in for the benchmark: answers /simple/price, /coins/markets and
/coins/{id}/market_chart for any coin id after a fixed delay (the upstream's latency).

Usage: fake_coingecko.py PORT DELAY_MS
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

DELAY = 0.2


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        time.sleep(DELAY)
        url = urlparse(self.path)
        query = parse_qs(url.query)
        now = int(time.time())
        if url.path.endswith("/simple/price"):
            ids = [i for i in query.get("ids", [""])[0].split(",") if i]
            vs = query.get("vs_currencies", ["usd"])[0]
            body = {
                coin: {vs: 100.0 + n, f"{vs}_market_cap": 1e9, f"{vs}_24h_change": 1.5, "last_updated_at": now}
                for n, coin in enumerate(ids)
            }
        elif url.path.endswith("/coins/markets"):
            body = [
                {"id": f"coin-{n}", "symbol": f"c{n}", "name": f"Coin {n}", "current_price": 10.0 + n,
                 "market_cap": 1e9 - n, "price_change_percentage_24h": 0.5, "last_updated": None}
                for n in range(int(query.get("per_page", ["10"])[0]))
            ]
        elif url.path.endswith("/market_chart"):
            body = {"prices": [[(now - 86400 * d) * 1000, 100.0 + d] for d in range(30, -1, -1)]}
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


if __name__ == "__main__":
    DELAY = int(sys.argv[2]) / 1000.0
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    server.daemon_threads = True
    server.serve_forever()
