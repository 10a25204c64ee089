//! The default command: create one group, through the core's create protocol, with unsettled creates kept in
//! a file (`pending.rs`).

use blooio_core::{check_draft, check_region, region_from_locale, CreateOutcome, GroupDraft};

use crate::args::{Connection, CreateArgs};
use crate::exit::Exit;
use crate::output;
use crate::pending::FilePending;
use crate::session;

pub async fn create(args: &CreateArgs, connection: &Connection) -> Exit {
    // clap requires --name without a subcommand; this only guards against that changing unnoticed.
    let Some(name) = args.name.clone() else {
        eprintln!("Error: --name is required to create a group.");
        return Exit::InvalidInput;
    };
    let region = match region_arg(args.region.as_deref()) {
        Ok(region) => region,
        Err(exit) => return exit,
    };
    let members = match collect_members(args) {
        Ok(members) => members,
        Err(message) => {
            eprintln!("Error: {message}");
            return Exit::InvalidInput;
        }
    };
    let draft = GroupDraft {
        name,
        chat_guid: args.chat_guid.clone().unwrap_or_default(),
        members,
        default_region: region,
    };
    let report = check_draft(&draft);
    eprint!("{}", output::notes(&report));
    let Some(request) = report.request.clone() else {
        eprint!("{}", output::problems(&report));
        return Exit::InvalidInput;
    };

    let session::Session { client, key } = match session::connect(connection) {
        Ok(session) => session,
        Err(exit) => return exit,
    };

    let pending = match FilePending::for_account(client.base_url(), &key.hint()) {
        Ok(pending) => pending,
        Err(error) => {
            eprintln!(
                "Error: the record of unfinished creates can't be kept: {error}. Nothing was sent."
            );
            return Exit::Other;
        }
    };

    match client.create_group_once(&key, &request, &pending).await {
        CreateOutcome::Created { created, recovered } => {
            if recovered {
                eprint!("{}", output::RECOVERED_NOTE);
            }
            // The group exists whatever happens here: a history that can't be written is a note, not a failure.
            if let Err(error) =
                crate::history::record(client.base_url(), &key, &request, &created, recovered)
            {
                eprintln!("Note: the group was created, but it couldn't be added to the history on this computer ({error}).");
            }
            if connection.json {
                match serde_json::to_string_pretty(&created) {
                    Ok(json) => println!("{json}"),
                    Err(error) => {
                        // The group exists; only the printing failed, so say so rather than suggest a retry.
                        eprintln!("Error: the group was created but couldn't be printed as JSON ({error}).");
                        return Exit::Other;
                    }
                }
            } else {
                print!("{}", output::created(&created, &request.members));
            }
            Exit::Ok
        }
        CreateOutcome::NotCreated { problem, error } => {
            eprint!("{}", output::failure(&problem, error.as_ref()));
            Exit::for_problem(&problem)
        }
        CreateOutcome::Unknown { problem, error, .. } => {
            eprint!("{}", output::failure(&problem, error.as_ref()));
            Exit::Unknown
        }
    }
}

/// All member sources joined into one pasted list: each `--member`, then `--members`, then the file.
fn collect_members(args: &CreateArgs) -> Result<String, String> {
    let mut parts: Vec<String> = args.member.clone();
    parts.extend(args.members.clone());
    if let Some(path) = &args.members_file {
        let (entries, note) =
            crate::members_file::read_members_file(path, args.members_column.as_deref())?;
        eprint!("{note}");
        parts.extend(entries);
    }
    Ok(parts.join("\n"))
}

/// `--region`, checked, or the system's country; the exit code after saying what is wrong.
pub fn region_arg(region: Option<&str>) -> Result<String, Exit> {
    match region {
        Some(raw) => check_region(raw).map_err(|problem| {
            eprintln!("Error: --region: {problem}");
            Exit::InvalidInput
        }),
        None => Ok(region_from_system()),
    }
}

/// The country of the system locale (`en-GB`, `en_GB.UTF-8`, `zh-Hans-CN`), else US.
fn region_from_system() -> String {
    sys_locale::get_locale()
        .and_then(|locale| region_from_locale(&locale))
        .unwrap_or_else(|| "US".to_owned())
}
