"""Fuzzing with Hypothesis: whatever is posted to the application form, or put in a query
string or a path, the site answers without a server error, and never stores an invalid
application.

The database is not rolled back between the examples of one test, so each example compares
what is stored before and after its own request.

The modules here go by what is fuzzed: the public form's posts, its attachments, its
request limits, public addresses, the review pages and the rest of the admin.
"""
