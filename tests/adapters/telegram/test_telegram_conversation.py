"""Conversations through PTB's real Application, with the Bot API recorded offline."""

from __future__ import annotations

from ie_bot.adapters.telegram import commands
from ie_bot.adapters.telegram.handlers import EDITED, NOT_TEXT, UNKNOWN_COMMAND
from ie_bot.knowledge import KnowledgeBase
from tests.adapters.telegram.tg_harness import ALICE, BOB, GROUP, Launcher, Telegram


async def test_start_welcomes_with_topic_buttons(tg: Telegram) -> None:
    reply = await tg.say("/start")
    assert reply.text.startswith("Hi!")
    assert reply.buttons and all(data.startswith("::") for _, data in reply.buttons)
    assert "Check my eligibility" in [label for label, _ in reply.buttons]
    assert "parse_mode" not in reply.calls[-1].params  # plain text: nothing to escape


async def test_start_resets_a_running_check(tg: Telegram) -> None:
    await tg.say("/eligibility")
    assert tg.bot.advisor.state(f"tg:{ALICE}:{ALICE}").eligibility is not None
    await tg.say("/start")
    assert tg.bot.advisor.state(f"tg:{ALICE}:{ALICE}").eligibility is None


async def test_a_question_gets_its_answer_and_source(tg: Telegram) -> None:
    reply = await tg.say("What is the tuition fee at NTNU?")
    assert "There are no tuition fees at NTNU" in reply.text
    assert "Source: NTNU programme listing on Studyportals (undated)" in reply.text
    assert reply.calls[-1].params["chat_id"] == ALICE


async def test_commands_ask_the_engine_like_typed_messages(tg: Telegram) -> None:
    assert (await tg.say("/help")).text.startswith("I can answer questions")
    assert (await tg.say("/programmes")).text.startswith("I know about these programmes")
    compared = await tg.say("/compare")
    assert "Full comparison" in [label for label, _ in compared.buttons]


async def test_cancel_stops_a_running_check(tg: Telegram) -> None:
    await tg.say("/eligibility")
    await tg.say("/cancel")
    assert tg.bot.advisor.state(f"tg:{ALICE}:{ALICE}").eligibility is None


async def test_an_unknown_command_gets_a_hint_in_private_only(tg: Telegram) -> None:
    assert (await tg.say("/tuition")).texts == [UNKNOWN_COMMAND]
    assert (await tg.say("/tuition", chat=GROUP)).calls == []


async def test_about_lists_the_sources_and_their_dates(tg: Telegram) -> None:
    reply = await tg.say("/about")
    for source in tg.bot.advisor.engine.knowledge.sources:
        assert f"{source.title} ({source.file}): speaks of {source.speaks_of}" in reply.text
    assert "dated 2021-06-18" in reply.text


async def test_a_button_press_is_answered_and_continues(tg: Telegram) -> None:
    welcome = await tg.say("/start")
    reply = await tg.press(welcome.payload("Tuition fees"), message_id=welcome.message_id)
    methods = [call.method for call in reply.calls]
    assert methods == ["answerCallbackQuery", "sendMessage"]
    assert reply.text.startswith("Leiden/Delft charges a tuition fee of EUR 18,016")


async def test_a_forged_or_stale_button_gets_a_polite_reply(tg: Telegram) -> None:
    reply = await tg.press("::e:degree:phd-from-mars")
    assert reply.calls[0].method == "answerCallbackQuery"
    assert "no longer valid" in reply.text
    assert reply.buttons  # and a way back in


async def test_the_whole_eligibility_check_with_buttons_and_free_text(tg: Telegram) -> None:
    reply = await tg.say("/eligibility")
    assert "Which programme should I check?" in reply.text
    reply = await tg.press(reply.payload("Leiden/Delft"), message_id=reply.message_id)
    assert "bachelor's degree" in reply.text
    reply = await tg.say("yes, a BSc in chemistry")
    assert "Which English test" in reply.text
    reply = await tg.press(reply.payload("IELTS"), message_id=reply.message_id)
    assert "overall IELTS score" in reply.text and not reply.buttons
    reply = await tg.say("7")
    assert "Here is where you stand" in reply.text
    assert "✓ MSc Industrial Ecology (joint degree Leiden University and TU Delft): eligible" \
        in reply.text
    assert tg.bot.advisor.state(f"tg:{ALICE}:{ALICE}").eligibility is None


async def test_a_restart_mid_check_resumes_where_the_user_was(launcher: Launcher) -> None:
    first = await launcher.start()
    reply = await first.say("/eligibility")
    reply = await first.press(reply.payload("Leiden/Delft"), message_id=reply.message_id)
    degree_question = reply
    await launcher.stop(first)  # SIGTERM: the store is closed, the process is gone

    second = await launcher.start()  # new Application, new Advisor, same SQLite file
    reply = await second.press(degree_question.payload("Yes"),
                               message_id=degree_question.message_id)  # a button from before
    assert "In which field" in reply.text  # Leiden names the fields it is open to
    reply = await second.say("chemistry")
    assert "Which English test" in reply.text
    reply = await second.say("IELTS 7.5")
    assert "Here is where you stand" in reply.text


async def test_two_users_never_share_state(tg: Telegram) -> None:
    await tg.say("/eligibility", user=ALICE)
    reply = await tg.say("What is the tuition fee at NTNU?", user=BOB)
    assert "Back to your eligibility check" not in reply.text
    assert tg.bot.advisor.state(f"tg:{BOB}:{BOB}").eligibility is None
    assert tg.bot.advisor.state(f"tg:{ALICE}:{ALICE}").eligibility is not None


async def test_a_sticker_or_photo_gets_a_hint(tg: Telegram) -> None:
    sticker = {"file_id": "s", "file_unique_id": "s", "width": 512, "height": 512,
               "is_animated": False, "is_video": False, "type": "regular"}
    reply = await tg.process("message", tg.message(sticker=sticker))
    assert reply.texts == [NOT_TEXT]
    photo = [{"file_id": "p", "file_unique_id": "p", "width": 90, "height": 90}]
    reply = await tg.process("message", tg.message(photo=photo, caption="my diploma"))
    assert reply.texts == [NOT_TEXT]
    voice = {"file_id": "v", "file_unique_id": "v", "duration": 3}
    assert (await tg.process("message", tg.message(voice=voice))).texts == [NOT_TEXT]


async def test_an_edited_message_is_not_answered_again(tg: Telegram) -> None:
    await tg.say("/eligibility")
    state = tg.bot.advisor.state(f"tg:{ALICE}:{ALICE}")
    reply = await tg.process("edited_message", tg.message("NTNU", edit_date=1))
    assert reply.texts == [EDITED]
    assert tg.bot.advisor.state(f"tg:{ALICE}:{ALICE}").eligibility == state.eligibility


async def test_in_a_group_only_commands_mentions_and_replies_are_answered(tg: Telegram) -> None:
    assert (await tg.say("what is the tuition fee at NTNU?", chat=GROUP)).calls == []
    sticker = {"file_id": "s", "file_unique_id": "s", "width": 1, "height": 1,
               "is_animated": False, "is_video": False, "type": "regular"}
    assert (await tg.process("message", tg.message(sticker=sticker, chat=GROUP))).calls == []

    command = await tg.say("/help@ie_test_bot", chat=GROUP)
    assert command.text.startswith("I can answer questions")
    assert (await tg.say("/help@some_other_bot", chat=GROUP)).calls == []

    mention = "@ie_test_bot what is the tuition fee at NTNU?"
    reply = await tg.process("message", tg.message(
        mention, chat=GROUP, entities=[{"type": "mention", "offset": 0, "length": 12}]))
    assert "There are no tuition fees at NTNU" in reply.text
    assert reply.calls[-1].params["chat_id"] == GROUP
    assert "reply_parameters" in reply.calls[-1].params  # quotes whom it answers

    reply = await tg.say("what is the tuition fee in Leiden?", chat=GROUP,
                         reply_to=command.message_id)
    assert "18,016" in reply.text


async def test_group_members_each_have_their_own_conversation(tg: Telegram) -> None:
    reply = await tg.say("/eligibility", chat=GROUP, user=ALICE)
    # Bob presses Alice's button: it is not his conversation, so it is stale for him.
    for_bob = await tg.press(reply.payload("NTNU"), chat=GROUP, user=BOB)
    assert "no longer valid" in for_bob.text
    for_alice = await tg.press(reply.payload("NTNU"), chat=GROUP, user=ALICE)
    assert "Noted: checking NTNU" in for_alice.text
    assert tg.bot.advisor.state(f"tg:{GROUP}:{BOB}").eligibility is None
    assert tg.bot.advisor.state(f"tg:{GROUP}:{ALICE}").eligibility is not None


async def test_a_10000_character_message_is_answered_politely(tg: Telegram) -> None:
    reply = await tg.say("<b>" + "x" * 10_000)
    assert len(reply.texts) == 1
    assert "too long" in reply.text
    assert all(len(text) <= 4096 for text in reply.texts)


async def test_a_reply_over_4096_characters_is_split(launcher: Launcher,
                                                     knowledge: KnowledgeBase) -> None:
    long_title = "A very long source title. " * 60
    sources = [s.model_copy(update={"title": long_title}) for s in knowledge.sources]
    tg = await launcher.start(knowledge.model_copy(update={"sources": sources}))
    reply = await tg.say("/about")
    assert len(reply.texts) == 2
    assert all(len(text) <= 4096 for text in reply.texts)
    assert reply.text.count(long_title.strip()) == len(sources)


async def test_a_flood_gets_one_slow_down_and_others_are_still_served(tg: Telegram) -> None:
    tg.pace = 0.0  # five in a row is the burst; then the bucket is empty
    replies = [await tg.say("what is the tuition fee at NTNU?") for _ in range(12)]
    assert all("no tuition fees" in r.text for r in replies[:5])
    assert "faster than I can read" in replies[5].text
    assert all(r.calls == [] for r in replies[6:])
    assert "no tuition fees" in (await tg.say("tuition at NTNU?", user=BOB)).text
    tg.clock.now += 10  # after a pause the user is served again
    assert "no tuition fees" in (await tg.say("what is the tuition fee at NTNU?")).text


async def test_button_floods_are_answered_on_the_button(tg: Telegram) -> None:
    tg.pace = 0.0
    replies = [await tg.press("::i:tuition_fee") for _ in range(7)]
    assert [c.method for c in replies[5].calls] == ["answerCallbackQuery"]
    assert "faster than I can read" in replies[5].calls[0].params["text"]
    assert "text" not in replies[6].calls[0].params


async def test_the_command_menu_is_registered_at_start_up(tg: Telegram) -> None:
    await tg.app.post_init(tg.app)
    (call,) = [c for c in tg.api.calls if c.method == "setMyCommands"]
    names = [command["command"] for command in call.params["commands"]]
    assert names == [command.name for command in commands.PUBLIC]
    assert {"start", "help", "programmes", "eligibility", "compare", "cancel", "contact",
            "about"} == set(names)


async def test_a_refused_command_menu_does_not_stop_start_up(tg: Telegram) -> None:
    tg.api.fail("setMyCommands", 400, "Bad Request: bot commands are invalid")
    await tg.app.post_init(tg.app)
    assert (await tg.say("/start")).text.startswith("Hi!")


async def test_a_long_flood_gets_exactly_one_slow_down(tg: Telegram) -> None:
    tg.pace = 0.1  # ten messages a second for a minute: tokens trickle back all the while
    replies = [await tg.say("what is the tuition fee at NTNU?") for _ in range(600)]
    notes = [r for r in replies if "faster than I can read" in r.text]
    served = [r for r in replies if "no tuition fees" in r.text]
    assert len(notes) == 1
    assert len(served) > 5 + 20  # the burst, then a message every two seconds


async def test_one_chats_messages_are_answered_in_order(tg: Telegram) -> None:
    import asyncio

    from telegram import Update

    texts = ["/eligibility", "NTNU", "cancel"]
    updates = [Update.de_json({"update_id": 900 + n, "message": tg.message(text)}, tg.app.bot)
               for n, text in enumerate(texts)]
    await asyncio.gather(*(tg.app.process_update(u) for u in updates))
    sent = [c.params["text"] for c in tg.api.calls if c.method == "sendMessage"]
    assert "Which programme should I check?" in sent[0]
    assert "stopped the eligibility check" in sent[-1]


async def test_new_users_leave_nothing_behind_in_the_application(tg: Telegram) -> None:
    for user in range(50):
        await tg.say("what is the tuition fee at NTNU?", user=5_000 + user)
    assert not tg.app._chat_ids_to_be_updated_in_persistence  # PTB's own sets, see lean.py
    assert not tg.app._user_ids_to_be_updated_in_persistence
    assert not tg.bot.serial.conversations_in_hand
