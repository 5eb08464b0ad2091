"""Who a message is for, and whose conversation it continues.

In a group the bot speaks only when spoken to (a command, an @mention or a reply to
one of its messages), and each member keeps a conversation of their own.
"""

from __future__ import annotations

import re

from telegram import Chat, Message, MessageEntity, Update, User


def conversation_key(update: Update) -> str | None:
    """``tg:<chat>:<user>``: two users never share state, not even in one group."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return None
    return f"tg:{chat.id}:{user.id}"


def is_private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == Chat.PRIVATE


def is_addressed(message: Message, me: User) -> bool:
    """True in a private chat; in a group, only for a mention of the bot or a reply to it."""
    if message.chat.type == Chat.PRIVATE:
        return True
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == me.id:
        return True
    entities = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    for entity, text in entities.items():
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == me.id:
            return True
        if me.username and text.lower() == f"@{me.username.lower()}":
            return True
    return False


def strip_mention(text: str, me: User) -> str:
    """The message without ``@botname``, so the engine sees only the question."""
    if me.username:
        text = re.sub(rf"@{re.escape(me.username)}\b", "", text, flags=re.IGNORECASE)
    return text.strip()
