"""Channel adapters: thin layers that turn a channel's input into engine calls."""
