"""Long lists of choices (357 municipalities) read once per content generation and shared
by every form built from them (issue 20: the deadline rush's steps)."""

from django.utils.choices import BaseChoiceIterator, normalize_choices

from website.cache_generation import current_generation, for_generation, kept_here


class KeptChoices(BaseChoiceIterator):
    """Django normalises a list of choices each time a field or its widget is given one and
    copies it with every form: three passes over 357 pairs per request. A
    BaseChoiceIterator is taken as it is, and this one never changes, so copies share it."""

    def __init__(self, choices):
        self.choices = tuple(normalize_choices(choices))

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)

    def __deepcopy__(self, memo):
        return self


def kept_choices(name, read):
    """KeptChoices of `read()`, kept in this process's memory for the content generation."""
    kept = kept_here(current_generation())
    if name not in kept:
        kept[name] = KeptChoices(for_generation(name, read))
    return kept[name]
