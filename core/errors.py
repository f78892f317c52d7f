"""The one error a domain raises when it refuses an action.

Every app's error (`WorkflowError`, `CareError`, `RegionError` …) extends `Refused`, so the shared form page and
action view (core.views) turn any refusal into a form error or a message without knowing the app."""


class Refused(Exception):
    """The action was refused; `message` says why, already in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
