//! `blooio-groups-cli`: create one iMessage group through Blooio's API from the command line.

mod exit;
mod keychain;
mod output;
mod pending;

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use blooio_core::{
    check_draft, check_region, region_from_locale, BlooioClient, ClientConfig, CreateOutcome,
    GroupDraft, DEFAULT_BASE_URL,
};
use clap::Parser;

use crate::exit::{Exit, EXIT_CODES_HELP};
use crate::pending::FilePending;

/// Create an iMessage group through Blooio's API.
///
/// The API key comes from BLOOIO_API_KEY, or else from the key saved by the Blooio Groups app in the system
/// keychain. Phone numbers may be written in any familiar format; they are sent in E.164 form (+15551234567).
///
/// A create whose answer is lost is settled by asking Blooio, never by sending it again. Until it is settled, a
/// record of it (what was sent and when, never the key) is kept in the app's data folder, or in BLOOIO_DATA_DIR
/// when set, so running the same command again checks first.
#[derive(Debug, Parser)]
#[command(name = "blooio-groups-cli", version, after_help = EXIT_CODES_HELP)]
struct Args {
    /// Group name (at most 255 characters)
    #[arg(long)]
    name: String,

    /// Link the group to an existing iMessage chat, e.g. "iMessage;+;chat123456789"
    #[arg(long, value_name = "GUID")]
    chat_guid: Option<String>,

    /// A member: phone number or email address. Repeat for more members
    #[arg(long = "member", value_name = "PHONE_OR_EMAIL")]
    member: Vec<String>,

    /// Members as one list separated by commas, semicolons or new lines, e.g. "a@example.com, +44 20 7946 0958"
    #[arg(long, value_name = "LIST")]
    members: Option<String>,

    /// Read members from a file (one or more per line; "-" reads standard input)
    #[arg(long, value_name = "PATH")]
    members_file: Option<PathBuf>,

    /// Country for numbers written without a country code, as a two-letter code (US, GB, DE, …)
    /// [default: the system locale's country, else US]
    #[arg(long, value_name = "CC")]
    region: Option<String>,

    /// Blooio API base URL
    #[arg(long, env = "BLOOIO_BASE_URL", default_value = DEFAULT_BASE_URL, value_name = "URL")]
    base_url: String,

    /// Seconds to wait for Blooio's answer
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    timeout: u64,

    /// Print the created group as JSON (Blooio's fields) instead of text
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    // clap prints usage errors itself and exits with 2, the code for invalid input.
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("Error: couldn't start ({error}).");
            return Exit::Other.into();
        }
    };
    runtime.block_on(run(args)).into()
}

async fn run(args: Args) -> Exit {
    let region = match args.region.as_deref() {
        Some(raw) => match check_region(raw) {
            Ok(region) => region,
            Err(problem) => {
                eprintln!("Error: --region: {problem}");
                return Exit::InvalidInput;
            }
        },
        None => region_from_system(),
    };
    let members = match collect_members(&args) {
        Ok(members) => members,
        Err(message) => {
            eprintln!("Error: {message}");
            return Exit::InvalidInput;
        }
    };
    let draft = GroupDraft {
        name: args.name.clone(),
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

    let client = match BlooioClient::new(ClientConfig {
        base_url: args.base_url.clone(),
        total_timeout: Duration::from_secs(args.timeout),
        ..ClientConfig::default()
    }) {
        Ok(client) => client,
        Err(error) => {
            eprintln!("Error: --base-url: {error}");
            return Exit::InvalidInput;
        }
    };
    let key = match keychain::find_key() {
        Ok(key) => key,
        Err(problem) => {
            eprintln!("Error: {}", problem.0);
            return Exit::Auth;
        }
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
            if args.json {
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
fn collect_members(args: &Args) -> Result<String, String> {
    let mut parts: Vec<String> = args.member.clone();
    parts.extend(args.members.clone());
    if let Some(path) = &args.members_file {
        let mut text = String::new();
        let read = if path.as_os_str() == "-" {
            std::io::stdin().read_to_string(&mut text).map(|_| ())
        } else {
            std::fs::File::open(path)
                .and_then(|mut file| file.read_to_string(&mut text).map(|_| ()))
        };
        read.map_err(|error| {
            format!(
                "--members-file: couldn't read {} ({error}).",
                path.display()
            )
        })?;
        parts.push(text);
    }
    Ok(parts.join("\n"))
}

/// The country of the system locale (`en-GB`, `en_GB.UTF-8`, `zh-Hans-CN`), else US.
fn region_from_system() -> String {
    sys_locale::get_locale()
        .and_then(|locale| region_from_locale(&locale))
        .unwrap_or_else(|| "US".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lists_the_exit_codes() {
        use clap::CommandFactory;
        let help = Args::command().render_long_help().to_string();
        for fragment in [
            "Exit codes:",
            "  0  the group was created",
            "  3  authentication",
            "  5  not created, and running again is safe",
            "  7  still unknown",
        ] {
            assert!(help.contains(fragment), "{fragment}\n{help}");
        }
        Args::command().debug_assert();
    }
}
