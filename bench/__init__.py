"""The benchmark harness behind ``make bench``: aigraph's ``/sparql`` against its peers.

``run.py`` is the entry point; the modules it drives, in the order a run uses them:

* ``settings`` — the ``BENCH_*`` environment variables, read once into a ``Settings``.
* ``queries`` — the rows: each saved query (``queries/*.rq``) unbound, and bound where it
  has parameters; which of them to run; GET, or POST for a long text.
* ``bindings`` — the real values a bound row's parameters get (defaults, busy entities).
* ``peers`` — the servers: their command lines and the data each is given.
* ``servers`` — one server's process: started, probed with ``ASK``, loaded by HTTP if it
  is given its data that way, restarted, stopped.
* ``checks`` — one request per query before the load: status, answer shape, ETag reuse.
* ``load`` — the warm-up and the wrk run, and the figures its Lua report gives.
* ``measure`` — every server started together, measured row by row in alternating order.
* ``machine`` — the machine and the versions the report names.
* ``tables`` and ``report`` — the Markdown report on stdout and the JSON results file.

Beside it, three scripts of their own: ``extraction.py`` (extraction speed), ``loadtest.py``
(32 clients for 60 s; the load itself is ``tests/loadgen.py``, shared with the load test)
and ``scale.py`` (a synthetic graph of a million triples, embedded and remote; its helpers
are in ``scaling``).
"""
