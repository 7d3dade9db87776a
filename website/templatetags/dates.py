"""`{% load dates %}`: website/dates.py's formatting as template filters and tags."""

from django import template

from website import dates

register = template.Library()

register.filter("clock", dates.clock)
register.simple_tag(dates.time_range, name="time_range")
register.filter("join_and", dates.join_and)
register.filter("long_date", dates.long_date)
register.filter("weekday_date", dates.weekday_date)
register.filter("date_and_time", dates.date_and_time)
