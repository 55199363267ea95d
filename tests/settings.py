"""Settings for the test suite: the site's own, with a key of the tests' own.

The site refuses to start without SECRET_KEY; a run of the tests is the one place where a key
known to everyone is harmless. A SECRET_KEY set in the environment still wins.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-key-not-secret-" + "x" * 40)

from archive_site.settings import *  # noqa: E402,F403

# Sign-in tests post many passwords; the production hasher's cost is deliberate, not needed here.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
