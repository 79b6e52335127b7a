"""One screen per module: start, chat, decision, transcripts, progress, help, dialogs."""
