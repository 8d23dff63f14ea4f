# English as Europe writes it (Ansam's English readers are mostly European): day, month, year,
# a 24-hour clock, weeks from Monday. Django's "en" formats are the United States'.
from django.conf.locale.en_GB.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"  # 25 October 2026
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1
