//! `bulk FILE`: many groups from a spreadsheet, through the same importer, journal and runner as the window's
//! "From spreadsheet" screen. `--dry-run` checks and prints, sending nothing; `--resume` goes on with a job a
//! crash, a pause or Ctrl-C left unfinished; `--retry-failed` sends again the rows known not to exist.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use blooio_bulk::{
    job_rows, write_report_csv, write_report_xlsx, CreatedBefore, PauseReason, RunControl, RunEnd,
    RunPhase, RunProgress, RunSettings, Runner,
};
use blooio_core::Problem;
use blooio_import::{
    apply, suggest_mapping_for, ColumnMapping, GroupStatus, Layout, Limits, Preview, PreviewGroup,
    Sheet, Workbook,
};
use blooio_store::{Account, JobId, JobRow, ReportFilter, RowState, Store};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::args::{BulkArgs, Connection, LayoutArg};
use crate::bulk_columns::column_index;
use crate::create::region_arg;
use crate::exit::Exit;
use crate::history::{mode_of, open as open_store};
use crate::session::{self, Session};

/// Of groups a file repeats, the first is sent (Blooio would refuse the others), as the window does by default.
const FIRST_OF_REPEATS: bool = true;

pub async fn bulk(args: &BulkArgs, connection: &Connection) -> Exit {
    let store = match open_store() {
        Ok(store) => Arc::new(store),
        Err(error) => {
            eprintln!("Error: the local store for bulk jobs couldn't be opened ({error}).");
            return Exit::Other;
        }
    };
    if let Some(job) = &args.resume {
        let job = Some(job.as_str()).filter(|j| !j.is_empty());
        return resume(args, connection, &store, job).await;
    }
    if let Some(job) = args.retry_failed {
        return retry_failed(args, connection, &store, JobId(job)).await;
    }
    let Some(file) = &args.file else {
        eprintln!("Error: name the spreadsheet to read (or --resume a job).");
        return Exit::InvalidInput;
    };
    let region = match region_arg(args.region.as_deref()) {
        Ok(region) => region,
        Err(exit) => return exit,
    };
    let sheet = match read_sheet(file, args.sheet.as_deref()) {
        Ok(sheet) => sheet,
        Err(message) => {
            eprintln!("Error: {message}");
            return Exit::InvalidInput;
        }
    };
    let mapping = match mapping(&sheet, args) {
        Ok(mapping) => mapping,
        Err(message) => {
            eprintln!("Error: {message}");
            return Exit::InvalidInput;
        }
    };
    // "Created before" needs the account; a dry run without a key still checks everything else.
    let session = match session::connect(connection) {
        Ok(session) => Some(session),
        Err(_) if args.dry_run => None,
        Err(exit) => return exit,
    };
    let account = session
        .as_ref()
        .map(|s| Account::new(mode_of(s.client.base_url()), s.client.base_url(), &s.key));
    let created_before = match &account {
        Some(account) => match CreatedBefore::load(&store, account) {
            Ok(known) => known,
            Err(error) => {
                eprintln!("Error: the history of created groups couldn't be read ({error}).");
                return Exit::Other;
            }
        },
        None => CreatedBefore::default(),
    };
    let preview = blooio_import::preview(apply(&sheet, &mapping), &region, &|request| {
        created_before.contains(request)
    });
    eprint!("{}", preview_text(&preview));

    if args.dry_run {
        if connection.json {
            print_groups_json(&preview);
        }
        return if preview.counts.problems > 0 {
            Exit::InvalidInput
        } else {
            Exit::Ok
        };
    }
    let (Some(Session { client, key }), Some(account)) = (session, account) else {
        return Exit::Auth;
    };
    let rows = job_rows(&preview, FIRST_OF_REPEATS);
    if rows.is_empty() {
        eprintln!("Nothing to send: no group in the file can be created as it is.");
        return Exit::InvalidInput;
    }
    let file_name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    // The same file again while its job is unfinished would send its pending rows twice over: resume instead.
    match store.unfinished_jobs() {
        Ok(jobs) => {
            if let Some(open) = jobs.iter().find(|job| {
                job.source_file_name == file_name
                    && job.base_url == account.base_url()
                    && job.key_hint == account.key_hint()
            }) {
                eprintln!(
                    "Error: job {} from {file_name} is not finished. Resume it with: blooio-groups-cli bulk \
                     --resume {} (rows already sent are looked up, never sent twice).",
                    open.id.0, open.id.0
                );
                return Exit::InvalidInput;
            }
        }
        Err(error) => {
            eprintln!("Error: the bulk jobs couldn't be read ({error}). Nothing was sent.");
            return Exit::Other;
        }
    }
    let job = match store.create_job(&account, &file_name, &rows) {
        Ok(job) => job,
        Err(error) => {
            eprintln!("Error: the bulk job couldn't be recorded ({error}). Nothing was sent.");
            return Exit::Other;
        }
    };
    eprintln!(
        "Job {}: sending {} group{}.",
        job.0,
        rows.len(),
        plural(rows.len())
    );
    run(args, connection, &store, &client, &key, &account, job).await
}

async fn resume(
    args: &BulkArgs,
    connection: &Connection,
    store: &Arc<Store>,
    job: Option<&str>,
) -> Exit {
    let Session { client, key } = match session::connect(connection) {
        Ok(session) => session,
        Err(exit) => return exit,
    };
    let account = Account::new(mode_of(client.base_url()), client.base_url(), &key);
    let job = match job {
        Some(id) => match id.parse::<i64>() {
            Ok(id) => JobId(id),
            Err(_) => {
                eprintln!("Error: --resume takes a job number, like --resume 3.");
                return Exit::InvalidInput;
            }
        },
        None => {
            match store.unfinished_jobs() {
                Ok(jobs) => {
                    let mine = jobs.into_iter().rev().find(|job| {
                        job.base_url == account.base_url() && job.key_hint == account.key_hint()
                    });
                    match mine {
                        Some(job) => job.id,
                        None => {
                            eprintln!("No unfinished bulk job for this key and address: nothing to resume.");
                            return Exit::Ok;
                        }
                    }
                }
                Err(error) => {
                    eprintln!("Error: the bulk jobs couldn't be read ({error}).");
                    return Exit::Other;
                }
            }
        }
    };
    eprintln!("Resuming job {}.", job.0);
    run(args, connection, store, &client, &key, &account, job).await
}

async fn retry_failed(
    args: &BulkArgs,
    connection: &Connection,
    store: &Arc<Store>,
    job: JobId,
) -> Exit {
    match store.retry_failed(job) {
        Ok(0) => {
            eprintln!("Job {} has no failed row to send again.", job.0);
            return Exit::Ok;
        }
        Ok(count) => eprintln!(
            "Sending {count} failed row{} of job {} again.",
            plural(count as usize),
            job.0
        ),
        Err(error) => {
            eprintln!("Error: {error}");
            return Exit::Other;
        }
    }
    resume(args, connection, store, Some(&job.0.to_string())).await
}

async fn run(
    args: &BulkArgs,
    connection: &Connection,
    store: &Arc<Store>,
    client: &blooio_core::BlooioClient,
    key: &blooio_core::ApiKey,
    account: &Account,
    job: JobId,
) -> Exit {
    let control = RunControl::new();
    let bar = progress_bar(store, job);
    let sink = |progress: &RunProgress| show_progress(bar.as_ref(), progress);
    let settings = RunSettings {
        // Nobody sits in front of a script to press Resume: a pause ends the run, the job stays resumable.
        wait_when_paused: false,
        look_again_after: std::time::Duration::from_secs(args.look_again_after),
        ..RunSettings::default()
    };
    let runner = Runner::new(client, key, account, store.clone(), settings);
    // Ctrl-C pauses after the row in flight (its outcome is journalled); the job stays resumable.
    let ctrl_c = {
        let control = control.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("\nStopping after the group being sent…");
                control.pause();
            }
        })
    };
    let ended = runner.run(job, &control, &sink).await;
    ctrl_c.abort();
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let end = match ended {
        Ok(end) => end,
        Err(error) => {
            eprintln!(
                "Error: {error}\nThe job stopped; what was sent is recorded. Resume it with: blooio-groups-cli bulk --resume {}",
                job.0
            );
            return Exit::Other;
        }
    };
    let rows = match store.report(job, &ReportFilter::default()) {
        Ok(rows) => rows,
        Err(error) => {
            eprintln!("Error: the job's rows couldn't be read ({error}).");
            return Exit::Other;
        }
    };
    if let Some(path) = &args.report {
        if let Err(message) = write_report(&rows, path) {
            eprintln!(
                "Error: the report couldn't be written to {}: {message}",
                path.display()
            );
        } else {
            eprintln!("Report written to {}.", path.display());
        }
    }
    if connection.json {
        for row in &rows {
            print_json_line(&RowJson::of(row));
        }
    }
    eprint!("{}", summary_text(job, &end, &rows));
    exit_for(&end)
}

fn read_sheet(file: &Path, sheet: Option<&str>) -> Result<Sheet, String> {
    let workbook = Workbook::open_path(file, &Limits::default()).map_err(|p| p.to_string())?;
    let names = workbook.sheet_names().to_vec();
    if sheet.is_none() && names.len() > 1 {
        eprintln!(
            "Reading the sheet “{}”; the file also has {}. Choose another with --sheet NAME.",
            names[0],
            names[1..]
                .iter()
                .map(|n| format!("“{n}”"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    workbook.into_sheet(sheet).map_err(|p| p.to_string())
}

fn mapping(sheet: &Sheet, args: &BulkArgs) -> Result<ColumnMapping, String> {
    let header = sheet.first_filled_row().map(|(_, row)| row).unwrap_or(&[]);
    let suggested = suggest_mapping_for(sheet);
    let column = |spec: &str, option: &str| {
        column_index(header, spec).ok_or_else(|| {
            format!(
                "{option} {spec}: no such column. Name a column by its header or its letter; this sheet has {}.",
                headers_list(header)
            )
        })
    };
    let name = match (&args.name_column, &suggested) {
        (Some(spec), _) => column(spec, "--name-column")?,
        (None, Some(mapping)) => mapping.name,
        (None, None) => {
            return Err(format!(
                "couldn't tell which column holds the group names. Name it with --name-column (a header or a \
                 letter), and the members' with --member-column; this sheet has {}.",
                headers_list(header)
            ))
        }
    };
    let members = if args.member_columns.is_empty() {
        suggested
            .as_ref()
            .map(|m| m.members.clone())
            .unwrap_or_default()
    } else {
        args.member_columns
            .iter()
            .map(|spec| column(spec, "--member-column"))
            .collect::<Result<Vec<_>, _>>()?
    };
    let chat_guid = match &args.chat_guid_column {
        Some(spec) => Some(column(spec, "--chat-guid-column")?),
        None => suggested.as_ref().and_then(|m| m.chat_guid),
    };
    let layout = match args.layout {
        Some(LayoutArg::GroupPerRow) => Layout::GroupPerRow,
        Some(LayoutArg::MemberPerRow) => Layout::MemberPerRow,
        None => suggested.as_ref().map_or(Layout::GroupPerRow, |m| m.layout),
    };
    let mapping = ColumnMapping {
        layout,
        has_header: !args.no_header && suggested.as_ref().is_none_or(|m| m.has_header),
        name,
        members,
        chat_guid,
    };
    mapping.check(sheet).map_err(|p| p.to_string())?;
    Ok(mapping)
}

fn headers_list(header: &[blooio_import::Cell]) -> String {
    header
        .iter()
        .enumerate()
        .map(|(i, cell)| {
            let letter = blooio_import::column_letter(u32::try_from(i).unwrap_or(u32::MAX));
            if cell.text.trim().is_empty() {
                letter
            } else {
                format!("{letter} “{}”", cell.text.trim())
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn rows_text(rows: &[u32]) -> String {
    match rows {
        [one] => format!("Row {one}"),
        [first, .., last] => format!("Rows {first}–{last}"),
        [] => "A row".to_owned(),
    }
}

/// What the check found, for stderr: the counts, then every group left out or worth a look.
fn preview_text(preview: &Preview) -> String {
    let c = &preview.counts;
    let mut out = format!(
        "{} group{} from {} row{}: {} ready, {} with warnings, {} in conflict, {} with problems.\n",
        c.groups,
        plural(c.groups as usize),
        c.rows,
        plural(c.rows as usize),
        c.ready,
        c.warnings,
        c.conflicts,
        c.problems
    );
    for group in &preview.groups {
        if group.status == GroupStatus::Ready {
            continue;
        }
        let verdict = if group.sendable(FIRST_OF_REPEATS) {
            "will be sent"
        } else {
            "left out"
        };
        out.push_str(&format!(
            "{} “{}” ({verdict}):\n",
            rows_text(&group.rows),
            group.draft.name
        ));
        for reason in reasons(group) {
            out.push_str(&format!("  {reason}\n"));
        }
    }
    out
}

fn reasons(group: &PreviewGroup) -> Vec<String> {
    let summary = &group.summary;
    let mut reasons: Vec<String> = summary.problems.iter().map(ToString::to_string).collect();
    reasons.extend(summary.members.rows.iter().filter_map(|row| {
        let reason = row.entry.reason()?;
        Some(format!("“{}”: {reason}", row.entry.input))
    }));
    reasons.extend(group.conflicts.iter().map(ToString::to_string));
    reasons.extend(summary.chat_guid_warning.iter().map(ToString::to_string));
    reasons.extend(group.notes.iter().map(ToString::to_string));
    reasons
}

/// A group of a dry run, as a script reads it.
#[derive(Serialize)]
struct GroupJson<'a> {
    row: u32,
    rows: &'a [u32],
    name: &'a str,
    members: &'a [String],
    chat_guid: Option<&'a str>,
    status: &'static str,
    problems: Vec<String>,
}

fn print_groups_json(preview: &Preview) {
    for group in &preview.groups {
        let request = group.request.as_ref();
        print_json_line(&GroupJson {
            row: group.rows.first().copied().unwrap_or(0),
            rows: &group.rows,
            name: request.map_or(&group.draft.name, |r| &r.name),
            members: request.map_or(&[], |r| &r.members),
            chat_guid: request.and_then(|r| r.chat_guid.as_deref()),
            status: if group.sendable(FIRST_OF_REPEATS) {
                match group.status {
                    GroupStatus::Warnings => "would_send_with_warnings",
                    _ => "would_send",
                }
            } else if group.status == GroupStatus::Problems {
                "problems"
            } else {
                "left_out"
            },
            problems: reasons(group),
        });
    }
}

/// A row of a run, as a script reads it.
#[derive(Serialize)]
struct RowJson<'a> {
    row: u32,
    rows: &'a [u32],
    name: &'a str,
    members: &'a [String],
    chat_guid: Option<&'a str>,
    status: RowState,
    recovered: bool,
    group: Option<&'a blooio_core::CreatedGroup>,
    problem: Option<&'a Problem>,
    message: Option<String>,
}

impl RowJson<'_> {
    fn of(row: &JobRow) -> RowJson<'_> {
        RowJson {
            row: row.row_numbers.first().copied().unwrap_or(0),
            rows: &row.row_numbers,
            name: &row.request.name,
            members: &row.request.members,
            chat_guid: row.request.chat_guid.as_deref(),
            status: row.state,
            recovered: row.recovered,
            group: row.created.as_ref(),
            problem: row.problem.as_ref(),
            message: row.problem.as_ref().map(ToString::to_string),
        }
    }
}

fn print_json_line<T: Serialize>(value: &T) {
    match serde_json::to_string(value) {
        Ok(json) => println!("{json}"),
        Err(error) => eprintln!("Error: a line couldn't be printed as JSON ({error})."),
    }
}

/// A bar on a terminal; none when stderr is piped (a log file would fill with redraws).
fn progress_bar(store: &Store, job: JobId) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let total = store.job(job).map(|j| j.counts.total).unwrap_or(0);
    let bar = ProgressBar::new(u64::from(total));
    let style = ProgressStyle::with_template("{bar:30} {pos}/{len} groups  {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

fn show_progress(bar: Option<&ProgressBar>, progress: &RunProgress) {
    let Some(bar) = bar else {
        return;
    };
    bar.set_position(u64::from(progress.done));
    let c = &progress.counts;
    let mut message = format!(
        "{} created, {} already existed, {} failed",
        c.created, c.conflict, c.failed
    );
    match &progress.phase {
        RunPhase::Waiting { reason, .. } => {
            message.push_str(match reason {
                blooio_bulk::WaitReason::RateLimited => " · Blooio asked to slow down, waiting",
                blooio_bulk::WaitReason::DeviceError => " · device link hiccup, trying again",
                blooio_bulk::WaitReason::LookingAgain => " · looking up lost answers again",
            });
        }
        _ => {
            if let Some(left) = progress.seconds_left {
                message.push_str(&format!(" · about {} left", duration_text(left)));
            }
        }
    }
    bar.set_message(message);
}

fn duration_text(seconds: u64) -> String {
    match seconds {
        0..=59 => format!("{seconds} s"),
        60..=3599 => format!("{} min", seconds.div_ceil(60)),
        _ => format!("{} h {} min", seconds / 3600, (seconds % 3600) / 60),
    }
}

fn write_report(rows: &[JobRow], path: &Path) -> Result<(), String> {
    let xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if xlsx {
        return write_report_xlsx(rows, path).map_err(|e| e.to_string());
    }
    let file = std::fs::File::create(path).map_err(|e| e.to_string())?;
    write_report_csv(rows, std::io::BufWriter::new(file)).map_err(|e| e.to_string())
}

fn summary_text(job: JobId, end: &RunEnd, rows: &[JobRow]) -> String {
    let c = &end.counts;
    let mut out = format!(
        "Job {}: {} of {} group{} created",
        job.0,
        c.created,
        c.total,
        plural(c.total as usize)
    );
    for (count, what) in [
        (c.conflict, "already existed"),
        (c.failed, "failed"),
        (c.unsettled + c.sending, "not known yet"),
        (c.pending, "not sent yet"),
        (c.skipped, "skipped"),
    ] {
        if count > 0 {
            out.push_str(&format!(", {count} {what}"));
        }
    }
    out.push_str(".\n");
    for row in rows {
        if let (Some(problem), RowState::Conflict | RowState::Failed | RowState::Unsettled) =
            (&row.problem, row.state)
        {
            out.push_str(&format!(
                "{} “{}”: {problem}\n",
                rows_text(&row.row_numbers),
                row.request.name
            ));
        }
    }
    let resume = format!("blooio-groups-cli bulk --resume {}", job.0);
    match &end.phase {
        RunPhase::Paused { reason } => {
            let why = match reason {
                PauseReason::Operator => "Stopped.".to_owned(),
                PauseReason::Blooio { problem } => format!("Paused: {problem}"),
                PauseReason::Unsettled => {
                    "Paused: some answers were lost and the groups couldn't be looked up yet.".to_owned()
                }
            };
            out.push_str(&format!("{why}\nNothing is sent twice: resume with {resume}\n"));
        }
        RunPhase::Cancelled => out.push_str("Cancelled.\n"),
        _ if c.failed > 0 => out.push_str(&format!(
            "The failed groups were not created; send them again with: blooio-groups-cli bulk --retry-failed {}\n",
            job.0
        )),
        _ => {}
    }
    out
}

fn exit_for(end: &RunEnd) -> Exit {
    let c = &end.counts;
    match &end.phase {
        RunPhase::Paused {
            reason: PauseReason::Blooio { problem },
        } => Exit::for_problem(problem),
        RunPhase::Paused {
            reason: PauseReason::Unsettled,
        } => Exit::Unknown,
        RunPhase::Paused { .. } | RunPhase::Cancelled => Exit::NotCreated,
        _ if c.unsettled + c.sending > 0 => Exit::Unknown,
        _ if c.failed > 0 => Exit::Other,
        _ if c.conflict > 0 => Exit::Conflict,
        _ => Exit::Ok,
    }
}
