"""Ingest sources polled on their own: drop directories, FTP servers,
RSS/Atom feeds and ninjs or NewsML-G2 endpoints.

* :mod:`newsdesk.sources.fetchers` (no Django): list a source's items with
  a version key each, then download only the new ones, bounded in size
  and time;
* :mod:`newsdesk.sources.feed_entries` (no Django): feed entries as ninjs
  documents;
* :mod:`newsdesk.sources.credentials` (no Django): ``env:NAME`` passwords,
  and keeping them out of messages;
* :mod:`newsdesk.sources.addresses` (no Django): public addresses only,
  checked where the connection is made;
* :mod:`newsdesk.sources.locations`: which address suits which kind;
* :mod:`newsdesk.sources.polling`: the Django layer that remembers what
  was fetched and hands new items to the background import.

Import the submodules themselves: this package imports nothing, so the
Django-free parts stay importable without settings.
"""
