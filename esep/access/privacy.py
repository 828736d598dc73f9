"""Personal-data masking moved down to `esep.org.privacy`, beside the people it masks; these
names stay here only until the last callers (api/views.py, appeals/pages.py) import it there."""

from esep.org.privacy import PersonalData, personal_data_for

__all__ = ["PersonalData", "personal_data_for"]
