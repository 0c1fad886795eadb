"""Hello-world Flask app: the yardstick benchmarks/pages.py serves exactly like the real app."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hallo wereld"
