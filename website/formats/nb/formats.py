# Norwegian bokmål, as Django's own, but with the «kl. 13.00» time the Language Council
# recommends.
DATE_FORMAT = "j. F Y"
TIME_FORMAT = "H.i"
DATETIME_FORMAT = "j. F Y \\k\\l. H.i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j. F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H.i"
FIRST_DAY_OF_WEEK = 1
