"""What students do, as browser-like websocket clients (tests/browser/ws_client.py): used by bench/load.py and
tests/test_classroom.py."""

from __future__ import annotations

import asyncio
import json
import random
import time

from tests.browser.ws_client import Client


async def explorer_user(port: int, until: float, rng: random.Random, playing: bool, cookie: str = "") -> Client:
    """A student on the explorer until ``until``: every 0.5–1.5 s a weight or a bias moves, or (as the browser does
    when the student stops stepping) the scene reports the step shown. Stepping and playback themselves happen in the
    browser and send nothing; a student who is ``playing`` only reports the step now and then."""
    async with Client(port, cookie=cookie) as tab:
        await tab.open()
        while time.perf_counter() < until:
            await asyncio.sleep(rng.uniform(0.5, 1.5))
            action = "step" if playing else rng.choice(["step", "weight", "bias"])
            if action == "step":
                await tab.set("explorer_scene", json_value=json.dumps({"t": rng.randint(0, 29)}))
            elif action == "weight":
                await tab.slide("W_i_0_0", round(rng.uniform(-10, 10), 1))
            else:
                await tab.slide("b_i_0", round(rng.uniform(-10, 10), 1))
        return tab


TRY = {1: ("K", "L"), 2: ("KLM", "N"), 3: ("KLM", "N")}


async def train_alphabet(tab: Client, variant: int, seed: int, timeout: float = 300) -> float:
    """Press Train with these settings (fast recipe) and wait for the results; the seconds it took."""
    await tab.choose("variant", variant - 1)
    await tab.choose("recipe", 1)  # the fast recipe (the layer: the first, an LSTM)
    await tab.set("seed", double_value=seed)
    began = time.perf_counter()
    await tab.click("train")
    while not tab.has_text("Accuracy on"):
        if time.perf_counter() - began > timeout:
            raise TimeoutError(f"variant {variant} seed {seed} did not finish")
        await asyncio.sleep(1.0)
        await tab.rerun()
    return time.perf_counter() - began


async def trainer(port: int, variant: int, seed: int) -> dict:
    """A student who trains an alphabet variant, then asks the trained model about a pattern of that variant's own
    shape: only that session's own model can answer it right."""
    async with Client(port, page="alphabet") as tab:
        await tab.open()
        seconds = await train_alphabet(tab, variant, seed)
        accuracy = next(text for text in tab.texts if text.endswith("%"))
        letters, expected = TRY[variant]
        await tab.set(f"try_{variant}", string_value=letters)
        own = tab.has_text(f"**{letters} → {expected}**")
        return {
            "variant": variant,
            "seed": seed,
            "seconds": round(seconds, 1),
            "accuracy": accuracy,
            "own_model": own,
            "errors": tab.errors,
        }
