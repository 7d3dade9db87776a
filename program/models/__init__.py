"""The program app's models: the listing, the program page and the rows edited inside it."""

from .gatherings import Gathering
from .index_page import ProgramIndexPage
from .program_page import ProgramPage
from .timeline import ProgramMilestone, TimelineEntry

__all__ = ["Gathering", "ProgramIndexPage", "ProgramMilestone", "ProgramPage", "TimelineEntry"]
