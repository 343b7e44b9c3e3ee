"""English texts: the training queue (lstm_viz.runs.queue) and the texts kept for runs (lstm_viz.runs.texts)."""

TEXTS: dict[str, str] = {
    "queue.full": "The server is busy: {limit} runs are waiting already. Try again in a few minutes.",
    "queue.session_limit": "You already have {count} {runs} in line or training: wait for one to finish, or stop one.",
    "plural.run": "run|runs",
    "queue.waiting": "{label}: {place} in line, starts in about {eta}.",
    "queue.waiting_soon": "{label}: {place} in line, starts in a moment.",
    "queue.ordinal": "{n}{suffix}",
    "queue.ordinal_suffixes": "st|nd|rd|th",
    "queue.seconds": "{seconds} s",
    "queue.minutes": "{minutes} min",
    "queue.expected": "About {time} on this server (measured from the runs it has finished).",
    "queue.expected_first": "About {time} (estimated from the number of weight updates; the first run here measures this server's speed).",
    "queue.stopped_queued": "Stopped before it started: nothing was trained.",
    "queue.joined": "The same run is already in line or training: it is shown here.",
    "texts.missing": "The text this run trains on is no longer on the server: paste or upload it again.",
    "texts.bad_digest": "This is not the digest of a kept text.",
}
