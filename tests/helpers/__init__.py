"""What the tests share, one module a concern; fixtures that use them are in tests/conftest.py.

- ``moments``: Hong Kong time, the fixed ``NOW`` services are given, ``at()`` and ``end_of()``.
- ``factories``: factory_boy factories and ``make_user``.
- ``cases``: opening a case through the service with the defaults a test does not care about,
  deciding not to pursue it, and reading back its own timeline entries and everything a refused
  change must leave alone.
- ``clocks``: clock rules by code, starting clocks, a clock written straight to the database, and
  the complaint received on 3 Oct 2024 that the clock tests follow.
- ``bulk_cases``: many cases in a few queries, for query budgets.
- ``pages``: admin URLs of a case, what its form posts, a page's messages and text, query budgets.
- ``html_forms``: the forms of a rendered page, read as a browser would submit them.
- ``admin_probe``: every URL pattern of the admin, filled in with chosen ids.
- ``probe_rows``: the enquiry, letters and reminder the probes put behind a restricted case, and the
  words of theirs that must never show.
- ``admin_urls``: every named admin page with real ids, for checks that apply to all.
- ``sign_in``: the login form, authenticator codes and verified sessions.
- ``identity_log``: recording that a complainant's identity was shown.
- ``hostile_input``: the admin screens built on checked input, and reports of requests that crashed.
- ``sample_files``: small real files of each kind an upload may be.
- ``deadlines``: Hong Kong's closed days and worked deadlines counted by hand.
- ``explanation_examples``: one of every explanation step and timeline message, with its English.
- ``constraint_violations``: a row breaking each database constraint.
- ``browser``: starting Chromium for the browser tests.
- ``guidance``: topics, and publications written, attached to and published through the services.
- ``enquiries``: enquiries drafted with the factory and sent through the service, and their letters.
- ``reminders``: sent enquiries, overdue clocks and reminder rows written straight to the database
  for the reminder sweep, the kinds of reminder by short names, and a broker that refuses a task.
- ``smtp_sink``: a mail server of the tests' own that records what it accepts, and holds, refuses
  or goes down on demand.
- ``redis_server``: a private Redis on a port of its own, stopped and started again.
- ``worker_process``: a real Celery worker process pointed at the test database, that Redis and
  that mail server.
"""
