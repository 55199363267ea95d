"""Settings for bench/load.py only: the catalogue's own settings, plus the floor views.

Never used by the site: the floor views are reachable only through bench/floor_urls.py, which
only this module names. Served by the same gunicorn, through the same middleware, so the floor
is what this process could serve at best and the pages can be compared with it in one run.
"""

from archive_site.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"

# The floor is measured without the page cache, which would otherwise answer for it.
PAGE_CACHE_SKIP_PATHS = (*PAGE_CACHE_SKIP_PATHS, "/floor/")  # noqa: F405
