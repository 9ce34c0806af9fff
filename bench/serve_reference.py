"""The reference for `npm run bench:serve`: a bare http.server app that loads the same model and
answers the same MLflow request shape with the same predict call, no auth, no routing."""
import json
import os
import pickle
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd

with open(os.path.join(sys.argv[1], "model.pkl"), "rb") as f:
    MODEL = pickle.load(f)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes: without this, delayed ACKs add 40 ms to each answer.
    disable_nagle_algorithm = True

    def do_POST(self):
        body = self.rfile.read(int(self.headers["content-length"]))
        data = json.loads(body)["input_data"]
        df = pd.DataFrame(data["data"], columns=data["columns"], index=data.get("index"))
        out = json.dumps([p.item() for p in MODEL.predict(df)]).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
