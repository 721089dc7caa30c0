"""Rasa's REST channel with personal data masked before the message reaches NLU or the tracker store.

Registered under the same name, «rest», so the endpoint stays /webhooks/rest/webhook.
"""

from __future__ import annotations

from rasa.core.channels.rest import RestInput
from sanic.request import Request

from advisor.privacy import mask_personal_data


class MaskedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def _extract_message(self, req: Request) -> str | None:
        message = super()._extract_message(req)
        return mask_personal_data(message) if isinstance(message, str) else message
