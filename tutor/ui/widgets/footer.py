"""The footer of keys, rebuilt only when the keys it shows change.

Textual's footer rebuilds every key on each binding refresh, and a refresh comes with every
focus move, every bound reactive and every status change: several hundred rebuilds in one
assessment, each restyling every key, for a footer that changed a handful of times. This one
rebuilds only when what it would show differs."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

# What a footer key shows: key, its display, description, action, enabled, tooltip, group.
KeyShown = tuple[str, str, str, str, bool, str, str]


class KeysFooter(Footer):
    """A `Footer` that skips rebuilds which would show the same keys."""

    _shown: tuple[KeyShown, ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        self.call_after_refresh(self._rebuild_if_changed)

    def keys_shown(self) -> tuple[KeyShown, ...]:
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                enabled,
                tooltip,
                binding.group.description if binding.group else "",
            )
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or (key == palette and self.show_command_palette)
        )

    async def _rebuild_if_changed(self) -> None:
        if not self.is_attached:
            return
        shown = self.keys_shown()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
