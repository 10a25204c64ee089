//! Asking a person before something that can't be undone. Only a terminal can answer: a script must say
//! `--yes`, so that a pipe or a cron job never deletes by accident.

use std::io::{BufRead, IsTerminal, Write};

pub enum Answer {
    Yes,
    No,
    /// Standard input isn't a terminal: nobody is there to ask.
    NoTerminal,
}

/// Shows `question` on stderr and reads one line: "y" or "yes" (any case) is yes, anything else no.
pub fn ask(question: &str) -> Answer {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Answer::NoTerminal;
    }
    eprint!("{question} [y/N] ");
    // Nothing to do if stderr can't be flushed: the question is then simply not shown before the answer.
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    match stdin.lock().read_line(&mut line) {
        Ok(_) if matches!(line.trim().to_lowercase().as_str(), "y" | "yes") => Answer::Yes,
        _ => Answer::No,
    }
}
