# The English UI writes moments exactly like the Dutch one (see ../nl/formats.py).
from crisiscentre.formats.nl.formats import *  # noqa: F403
