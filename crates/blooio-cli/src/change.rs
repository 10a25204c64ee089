//! The commands that change a group: `rename`, `delete` (confirmed first), `photo set`, `photo remove`.

use std::path::Path;

use blooio_core::{ApiError, Group, InputProblem, GROUP_PHOTO_MAX_BYTES};

use crate::args::Connection;
use crate::browse::print_json;
use crate::confirm::{self, Answer};
use crate::exit::Exit;
use crate::group_text;
use crate::session::{connect, Session};

pub async fn rename(connection: &Connection, id: &str, name: &str) -> Exit {
    let Session { client, key } = match connect(connection) {
        Ok(session) => session,
        Err(exit) => return exit,
    };
    match client.rename_group(&key, id, name).await {
        Ok(renamed) if connection.json => print_json(&renamed),
        Ok(renamed) => {
            print!("{}", group_text::renamed(id, &renamed));
            Exit::Ok
        }
        Err(error) => group_text::failure(Some(id), &error),
    }
}

/// Looks the group up first, to say what deleting it will do (a linked chat loses Blooio's number), asks on a
/// terminal unless `yes`, and refuses without `yes` when nobody can be asked.
pub async fn delete(connection: &Connection, id: &str, yes: bool) -> Exit {
    let Session { client, key } = match connect(connection) {
        Ok(session) => session,
        Err(exit) => return exit,
    };
    let group = match client.get_group(&key, id).await {
        Ok(group) => group,
        Err(error) => return group_text::failure(Some(id), &error),
    };
    if !yes {
        eprint!("{}", group_text::before_delete(id, &group));
        match confirm::ask("Delete this group?") {
            Answer::Yes => {}
            Answer::No => {
                eprintln!("Nothing was deleted.");
                return Exit::Other;
            }
            Answer::NoTerminal => {
                eprintln!(
                    "Error: not deleted: standard input isn't a terminal, so nobody can confirm. Add --yes to \
                     delete without asking."
                );
                return Exit::InvalidInput;
            }
        }
    }
    match client.delete_group(&key, id).await {
        Ok(deleted) if connection.json => print_json(&deleted),
        Ok(_) => {
            print!("{}", group_text::deleted(id, &group));
            Exit::Ok
        }
        Err(error) => group_text::failure(Some(id), &error),
    }
}

pub async fn set_photo(connection: &Connection, id: &str, file: &Path) -> Exit {
    let bytes = match read_photo(file) {
        Ok(bytes) => bytes,
        Err(message) => {
            eprintln!("Error: {message}");
            return Exit::InvalidInput;
        }
    };
    let Session { client, key } = match connect(connection) {
        Ok(session) => session,
        Err(exit) => return exit,
    };
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match client.set_group_icon(&key, id, bytes, &file_name).await {
        Ok(change) if connection.json => print_json(&change),
        Ok(change) => {
            print!("{}", group_text::photo_set(id, &change));
            Exit::Ok
        }
        Err(error) => group_text::failure(Some(id), &error),
    }
}

pub async fn remove_photo(connection: &Connection, id: &str) -> Exit {
    let Session { client, key } = match connect(connection) {
        Ok(session) => session,
        Err(exit) => return exit,
    };
    match client.remove_group_icon(&key, id).await {
        Ok(change) if connection.json => print_json(&change),
        Ok(change) => {
            print!("{}", group_text::photo_removed(id, &change));
            Exit::Ok
        }
        Err(error) => group_text::failure(Some(id), &error),
    }
}

/// The file's bytes; a file over Blooio's limit is refused from its size alone, without reading it.
fn read_photo(file: &Path) -> Result<Vec<u8>, String> {
    let shown = file.display();
    let size = std::fs::metadata(file)
        .map_err(|e| format!("couldn't read the photo {shown} ({e})."))?
        .len();
    if size > GROUP_PHOTO_MAX_BYTES as u64 {
        let problem = InputProblem::PhotoTooLarge {
            bytes: size,
            max: GROUP_PHOTO_MAX_BYTES as u64,
        };
        return Err(format!("{shown}: {}", ApiError::Refused(problem)));
    }
    std::fs::read(file).map_err(|e| format!("couldn't read the photo {shown} ({e})."))
}

/// For `group_text`: the group's name as shown, or its id.
pub fn label<'a>(id: &'a str, group: &'a Group) -> &'a str {
    group.name.as_deref().unwrap_or(id)
}
