"""The one way Crisiscentre writes a moment: 02-12-2026 14:59 (crisiscentre.templatetags.moments).

Django's own Dutch and English formats mix "2 dec." with "Dec. 2, 2026, 2:59 p.m.". Numbers
read the same in both UI languages and in every sitrep, so both languages use these.
"""

DATE_FORMAT = "d-m-Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d-m-Y H:i"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
# Seconds, for the audit trail and delivery attempts, where the order within a minute matters.
DATETIME_SECONDS_FORMAT = "d-m-Y H:i:s"
