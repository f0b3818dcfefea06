//! Report: writes what the pipeline found: per-conversation HTML pages, the batch index,
//! `summary.json`, `messages.csv` and `conversations.csv`, and the terminal summary.
//! Conversations are added one at a time so a batch streams with bounded memory.
