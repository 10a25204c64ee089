//! The command line: the create as the default (so `blooio-groups-cli --name X --member …` works as it always
//! has), and subcommands for the groups that exist.

use std::path::PathBuf;

use blooio_core::{ListSort, DEFAULT_BASE_URL};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::exit::EXIT_CODES_HELP;

/// Create and manage iMessage groups through Blooio's API.
///
/// Without a subcommand it creates one group (--name, --member, …). The subcommands list, show, rename and
/// delete the groups that exist, set or remove a linked group's photo, and list a group's members.
///
/// The API key comes from BLOOIO_API_KEY, or else from the key saved by the Blooio Groups app in the system
/// keychain. Phone numbers may be written in any familiar format; they are sent in E.164 form (+15551234567).
///
/// A create whose answer is lost is settled by asking Blooio, never by sending it again. Until it is settled, a
/// record of it (what was sent and when, never the key) is kept in the app's data folder, or in BLOOIO_DATA_DIR
/// when set, so running the same command again checks first.
#[derive(Debug, Parser)]
#[command(
    name = "blooio-groups-cli",
    version,
    after_help = EXIT_CODES_HELP,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub create: CreateArgs,

    #[command(flatten)]
    pub connection: Connection,
}

impl Cli {
    /// Parses the command line, or exits 2 with clap's usage message, also when create arguments (`--name`, …)
    /// come with a subcommand. (clap's own `args_conflicts_with_subcommands` would also refuse `--json list`,
    /// and the connection arguments are meant to go anywhere.)
    pub fn parse_checked() -> Cli {
        Self::checked(Cli::parse()).unwrap_or_else(|e| e.exit())
    }

    fn checked(cli: Cli) -> Result<Cli, clap::Error> {
        let c = &cli.create;
        let create_given = c.name.is_some()
            || c.chat_guid.is_some()
            || !c.member.is_empty()
            || c.members.is_some()
            || c.members_file.is_some()
            || c.members_column.is_some()
            || c.region.is_some();
        if cli.command.is_some() && create_given {
            return Err(Cli::command().error(
                clap::error::ErrorKind::ArgumentConflict,
                "--name, --chat-guid, --member, --members, --members-file, --members-column and --region create a \
                 group; \
                 they can't be used with a subcommand",
            ));
        }
        Ok(cli)
    }
}

/// Where Blooio is and how long to wait; every command takes them.
#[derive(Debug, Args)]
pub struct Connection {
    /// Blooio API base URL
    #[arg(long, global = true, env = "BLOOIO_BASE_URL", default_value = DEFAULT_BASE_URL, value_name = "URL")]
    pub base_url: String,

    /// Seconds to wait for Blooio's answer
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,

    /// Print Blooio's answer as JSON instead of text
    #[arg(long, global = true)]
    pub json: bool,
}

/// The create, the default command.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Group name (at most 255 characters); required to create a group
    #[arg(long, required = true)]
    pub name: Option<String>,

    /// Link the group to an existing iMessage chat, e.g. "iMessage;+;chat123456789"
    #[arg(long, value_name = "GUID")]
    pub chat_guid: Option<String>,

    /// A member: phone number or email address. Repeat for more members
    #[arg(long = "member", value_name = "PHONE_OR_EMAIL")]
    pub member: Vec<String>,

    /// Members as one list separated by commas, semicolons or new lines, e.g. "a@example.com, +44 20 7946 0958"
    #[arg(long, value_name = "LIST")]
    pub members: Option<String>,

    /// Read members from a file: a contacts export (vCard, .vcf), a spreadsheet (CSV, XLSX, XLS, ODS) whose
    /// Phone, Mobile, Email or Members columns are read, or a plain list (one or more per line). "-" reads
    /// standard input
    #[arg(long, value_name = "PATH")]
    pub members_file: Option<PathBuf>,

    /// The column of --members-file to read, by its header or its letter (A, B, …), when its headers don't say
    #[arg(long, value_name = "COLUMN", requires = "members_file")]
    pub members_column: Option<String>,

    /// Country for numbers written without a country code, as a two-letter code (US, GB, DE, …)
    /// [default: the system locale's country, else US]
    #[arg(long, value_name = "CC")]
    pub region: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every group on the account (all pages), newest first unless --sort says otherwise
    List {
        /// Only groups whose name contains this text (Blooio's search)
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// Order of the list
        #[arg(long, value_enum, default_value_t = Sort::Recent)]
        sort: Sort,
    },
    /// Show one group
    Show {
        /// The group's id (grp_…)
        id: String,
    },
    /// Rename a group; a linked chat's name changes on the phones too
    Rename {
        /// The group's id (grp_…)
        id: String,
        /// The new name (at most 255 characters)
        name: String,
    },
    /// Delete a group. For a group linked to an iMessage chat, Blooio's number also leaves that chat
    Delete {
        /// The group's id (grp_…)
        id: String,
        /// Don't ask for confirmation (required when standard input isn't a terminal)
        #[arg(long)]
        yes: bool,
    },
    /// Set or remove the photo of a group linked to an iMessage chat
    #[command(subcommand)]
    Photo(PhotoCommand),
    /// List a group's members (all pages)
    Members {
        /// The group's id (grp_…)
        id: String,
    },
    /// Create many groups from a spreadsheet, each exactly once, even through a crash (resume with --resume)
    Bulk(BulkArgs),
    /// Groups created from this computer (the window, this tool, bulk runs), newest first
    History {
        /// Only entries whose name, group id, chat id or a member contains this text (any case); a phone number
        /// may be written as people do, e.g. "(212) 555-0100"
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// The sandbox's history instead of Blooio's
        #[arg(long)]
        sandbox: bool,
    },
}

/// `bulk`: many groups from a spreadsheet.
#[derive(Debug, Args)]
pub struct BulkArgs {
    /// The spreadsheet: CSV or tab-separated text (UTF-8, UTF-16 or Windows-1252, as spreadsheet programs save
    /// it), XLSX, XLS, XLSB or ODS
    #[arg(value_name = "FILE", required_unless_present_any = ["resume", "retry_failed"])]
    pub file: Option<PathBuf>,

    /// The sheet to read, when the workbook has several [default: the first]
    #[arg(long, value_name = "NAME", conflicts_with_all = ["resume", "retry_failed"])]
    pub sheet: Option<String>,

    /// How the sheet is laid out [default: recognised from its headers]
    #[arg(long, value_enum)]
    pub layout: Option<LayoutArg>,

    /// The column of group names, by header or letter (e.g. "Group name" or B) [default: recognised]
    #[arg(long, value_name = "COLUMN")]
    pub name_column: Option<String>,

    /// A column of members (phone numbers or emails, one or a list per cell); repeat for several
    /// [default: recognised: Members, Phone, Mobile, Email, …]
    #[arg(long = "member-column", value_name = "COLUMN")]
    pub member_columns: Vec<String>,

    /// The column of chat GUIDs linking groups to existing iMessage chats [default: recognised]
    #[arg(long, value_name = "COLUMN")]
    pub chat_guid_column: Option<String>,

    /// The first row is a group, not headers
    #[arg(long)]
    pub no_header: bool,

    /// Country for numbers written without a country code (US, GB, DE, …) [default: the system's]
    #[arg(long, value_name = "CC")]
    pub region: Option<String>,

    /// Check the file and print what would be created; send nothing (no API key needed)
    #[arg(long, conflicts_with_all = ["resume", "retry_failed"])]
    pub dry_run: bool,

    /// Write the job's report (every group, its outcome and why) to PATH: .xlsx for Excel, else CSV
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,

    /// Go on with an unfinished job (by number, or this key's latest): rows whose answer was lost are looked
    /// up, never sent twice
    #[arg(long, value_name = "JOB", num_args = 0..=1, default_missing_value = "", conflicts_with = "file")]
    pub resume: Option<String>,

    /// Seconds to wait before looking up again a group whose answer was lost and whose first lookup couldn't
    /// settle it (three times at most, then the job pauses)
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub look_again_after: u64,

    /// Send the failed rows of a job again (only rows known not to exist on Blooio)
    #[arg(long, value_name = "JOB", conflicts_with_all = ["file", "resume"])]
    pub retry_failed: Option<i64>,
}

/// `--layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// Each row is a group: its name, its members, its chat GUID
    GroupPerRow,
    /// Each row is a member; rows with the same group name make one group
    MemberPerRow,
}

#[derive(Debug, Subcommand)]
pub enum PhotoCommand {
    /// Upload FILE as the group's photo: JPEG, PNG, GIF, WebP, HEIC or HEIF, at most 10 MB
    Set {
        /// The group's id (grp_…)
        id: String,
        /// The image file
        file: PathBuf,
    },
    /// Remove the group's photo
    Remove {
        /// The group's id (grp_…)
        id: String,
    },
}

/// `--sort`, in Blooio's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum Sort {
    Recent,
    Oldest,
    NameAsc,
    NameDesc,
}

impl From<Sort> for ListSort {
    fn from(sort: Sort) -> Self {
        match sort {
            Sort::Recent => ListSort::Recent,
            Sort::Oldest => ListSort::Oldest,
            Sort::NameAsc => ListSort::NameAsc,
            Sort::NameDesc => ListSort::NameDesc,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("blooio-groups-cli").chain(args.iter().copied()))
            .and_then(Cli::checked)
    }

    #[test]
    fn the_create_stays_the_default() {
        let cli = parse(&["--name", "Team", "--member", "+12125550100", "--json"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.create.name.as_deref(), Some("Team"));
        assert!(cli.connection.json);
        let missing = parse(&[]).unwrap_err();
        assert_eq!(
            missing.kind(),
            clap::error::ErrorKind::MissingRequiredArgument
        );
        assert!(
            parse(&["--member", "+12125550100"]).is_err(),
            "--name is still required"
        );
    }

    #[test]
    fn subcommands_take_the_connection_anywhere() {
        let cli = parse(&[
            "list",
            "--search",
            "team",
            "--sort",
            "name_desc",
            "--base-url",
            "http://127.0.0.1:1/v2/api",
        ])
        .unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::List {
                sort: Sort::NameDesc,
                ..
            })
        ));
        assert_eq!(cli.connection.base_url, "http://127.0.0.1:1/v2/api");
        let cli = parse(&["--json", "members", "grp_1"]).unwrap();
        assert!(cli.connection.json);
        assert!(matches!(
            parse(&["photo", "set", "grp_1", "a.png"]).unwrap().command,
            Some(Command::Photo(PhotoCommand::Set { .. }))
        ));
        // Create arguments don't mix with a subcommand.
        assert!(parse(&["--name", "Team", "list"]).is_err());
        assert!(parse(&["list", "--sort", "newest"]).is_err());
        Cli::command().debug_assert();
    }
}
