"""Assistant routes: plain-language settings and commands (proposals only; nothing is applied)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from tunewright.api.deps import SessionDep, SettingsDep
from tunewright.assistant.contract import CommandReply, Interpretation
from tunewright.schemas.assistant import CommandRequest, InterpretRequest
from tunewright.schemas.common import ERROR_RESPONSES
from tunewright.services import assistant as service

router = APIRouter(prefix="/assistant", tags=["assistant"], responses=ERROR_RESPONSES)


# plain `def`: Claude is called through the blocking SDK, so these run in the thread pool
@router.post("/interpret", response_model=Interpretation)
def interpret(body: InterpretRequest, settings: SettingsDep) -> Any:
    """Turn a sentence into proposed setting changes, each validated, for the user to confirm."""
    return service.interpret(settings, body.sentence, body.context)


@router.post("/command", response_model=CommandReply)
def command(body: CommandRequest, session: SessionDep, settings: SettingsDep) -> Any:
    """Turn a message into the REST action the UI would take, a question, or an answer."""
    return service.command(session, settings, body.message, body.context)
