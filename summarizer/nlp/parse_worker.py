"""A parse worker: ``python -m summarizer.nlp.parse_worker`` reads messages from stdin
(each a JSON object: an article's numbered ``sentences`` and its ``text``), reads the
article as :func:`summarizer.nlp.reading.read_sentences` does and answers each with two
messages: the pickled :class:`~summarizer.nlp.reading.Reading` and the CPU seconds it took.
It quits when its input closes (the batch that started it is done or gone). See
:class:`summarizer.nlp.parsing.ParsePool`."""

from __future__ import annotations

import json
import pickle
import sys
import time


def main() -> None:
    from summarizer.nlp.parsing import receive, send
    from summarizer.nlp.reading import pipeline, read_sentences

    pipeline()  # loaded before the first article comes
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            job = json.loads(receive(source))
        except EOFError:
            return
        started = time.process_time()
        sentences = [(int(sid), str(text)) for sid, text in job["sentences"]]
        reading = read_sentences(sentences, job["text"])
        send(sink, pickle.dumps(reading, protocol=pickle.HIGHEST_PROTOCOL))
        send(sink, str(time.process_time() - started).encode())


if __name__ == "__main__":
    main()
