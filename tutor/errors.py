"""The core's exceptions. Each message says what is wrong and what to do; the faces show
it as one line (CLI) or a notification (app), never a traceback."""


class TutorError(Exception):
    """Base of every error the tutor reports to a user."""


class BankError(TutorError):
    """A question bank that cannot be loaded or used."""


class SpecificationError(TutorError):
    """A specification file that cannot be imported."""


class UnknownCriterion(TutorError):
    """A unit or criterion the bank does not hold."""


class StoreError(TutorError):
    """A database that cannot be opened or written."""


class SigningError(TutorError):
    """A signing key, public key or signature that cannot be used."""
