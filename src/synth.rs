//! Synth: planted conversations with known warm/cold phases, written as real exports
//! (WhatsApp Android `.txt`, Signal Markdown) plus a ground-truth JSON. Used for `samples/`,
//! tests and the validation of the dynamics stage.
